import { InvalidInputError, PolicyError, type Environment, type Policy, type PolicyInput, type PolicyOutput } from "@hiper/core";
import { annotateWalkthrough, type AnnotatedStep } from "./annotate-walkthrough.js";
import { planExecuteText, Subgoals } from "./turn-text.js";

/**
 * What the expert reads from its environment: the game of the current episode and its
 * walkthrough. `AlfworldEnvironment` provides it (`currentGame`).
 */
export interface CurrentGameProvider {
  readonly currentGame?: { readonly path: string; load(): { readonly walkthrough?: readonly string[] | undefined } } | undefined;
}

export interface ExpertPolicyOptions {
  /** The environment the expert plays in; it must expose `currentGame` (an `AlfworldEnvironment` does). */
  environment: Environment | CurrentGameProvider;
  id?: string;
}

/**
 * The ALFWorld expert: plays the game's walkthrough (planned from full knowledge — the game file's
 * own for real games, the generator's for generated ones) and writes each turn in the
 * Plan-Execute format with subgoals from `annotateWalkthrough`: SWITCH on the first command of a
 * subgoal, KEEP (copying the current subgoal) otherwise. One instance serves one environment; its
 * state resets on every episode's first turn.
 */
export class ExpertPolicy implements Policy {
  readonly id: string;
  private readonly environment: CurrentGameProvider;
  private gamePath: string | undefined;
  private steps: AnnotatedStep[] = [];

  /** Throws `InvalidInputError` for an environment without `currentGame`. */
  constructor(options: ExpertPolicyOptions) {
    this.id = options.id ?? "alfworld-expert";
    if (!("currentGame" in options.environment)) {
      throw new InvalidInputError(
        `policy "${this.id}" needs an environment that exposes its current game and walkthrough (AlfworldEnvironment.currentGame); "${(options.environment as Environment).id ?? "this environment"}" does not`,
      );
    }
    this.environment = options.environment;
  }

  async act(input: PolicyInput): Promise<PolicyOutput> {
    const game = this.environment.currentGame;
    if (!game) {
      throw new PolicyError(
        `policy "${this.id}": the environment has no current game; call reset() first`,
        { policyId: this.id },
      );
    }
    if (input.step === 0 || game.path !== this.gamePath) {
      const walkthrough = game.load().walkthrough;
      if (!walkthrough || walkthrough.length === 0) {
        throw new PolicyError(`policy "${this.id}": the game ${game.path} has no walkthrough`, { policyId: this.id });
      }
      this.steps = annotateWalkthrough(walkthrough);
      this.gamePath = game.path;
    }
    const step = this.steps[input.step];
    if (!step) {
      // Past the walkthrough (the episode should have been won): look around without a new plan.
      const subgoal = input.currentSubgoal.trim() === "" || input.currentSubgoal === "None" ? Subgoals.explore() : input.currentSubgoal;
      return { text: planExecuteText(subgoal === input.currentSubgoal ? "KEEP" : "SWITCH", subgoal, "look"), prompt: "" };
    }
    const switches = step.starts || step.subgoal !== input.currentSubgoal;
    return { text: planExecuteText(switches ? "SWITCH" : "KEEP", step.subgoal, step.action), prompt: "" };
  }
}
