import { z } from "zod";
import { InvalidInputError, PolicyError } from "../errors/index.js";
import { SeededRandom } from "../util/seeded-random.js";
import type { Policy, PolicyInput, PolicyOutput } from "./policy.js";

export const RandomPolicyOptions = z.object({
  id: z.string().min(1).default("random"),
  seed: z.number().int().default(0),
  /** Actions to choose from when the environment lists no admissible actions. */
  fallbackActions: z.array(z.string().min(1)).default([]),
  /** Chance of SWITCHing to a new subgoal on a turn after the first. */
  switchProbability: z.number().min(0).max(1).default(0.2),
  /** Subgoals to choose from on SWITCH. */
  subgoals: z
    .array(z.string().min(1))
    .min(1)
    .default(["explore the surroundings", "look for what the task needs", "make progress on the task", "try a different approach"]),
});
export type RandomPolicyOptions = z.input<typeof RandomPolicyOptions>;

/**
 * A baseline that answers in the Plan-Execute format with a uniformly random admissible action.
 * It SWITCHes to a random subgoal on the first turn (and with `switchProbability` later), and
 * otherwise KEEPs, copying the current subgoal. Reproducible for a seed; `random` can be saved
 * and restored for checkpoints.
 */
export class RandomPolicy implements Policy {
  readonly id: string;
  readonly random: SeededRandom;
  private readonly options: z.output<typeof RandomPolicyOptions>;

  constructor(options: RandomPolicyOptions = {}) {
    const parsed = RandomPolicyOptions.safeParse(options);
    if (!parsed.success) throw new InvalidInputError(`invalid RandomPolicy options: ${parsed.error.message}`, { cause: parsed.error });
    this.options = parsed.data;
    this.id = parsed.data.id;
    this.random = new SeededRandom(parsed.data.seed);
  }

  async act(input: PolicyInput): Promise<PolicyOutput> {
    const admissible = input.observation.admissibleActions?.length ? input.observation.admissibleActions : this.options.fallbackActions;
    if (admissible.length === 0) {
      throw new PolicyError(`policy "${this.id}": the environment lists no admissible actions and no fallbackActions are set`, { policyId: this.id });
    }
    const action = this.random.pick(admissible);
    const hasSubgoal = input.step > 0 && input.currentSubgoal.trim() !== "" && input.currentSubgoal !== "None";
    const switches = !hasSubgoal || this.random.next() < this.options.switchProbability;
    const subgoal = switches ? this.random.pick(this.options.subgoals) : input.currentSubgoal;
    const text = `<switch>${switches ? "SWITCH" : "KEEP"}</switch>\n<subgoal>${subgoal}</subgoal>\n<action>${action}</action>`;
    // A random policy reads no prompt.
    return { text, prompt: "" };
  }
}
