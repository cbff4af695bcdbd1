import { EpisodeFinishedError, InvalidInputError } from "@hiper/core";
import type { AlfworldGame } from "../model/game-model.js";
import { admissibleCommands, findAdmissible, type AdmissibleCommands } from "./admissible.js";
import { applyAction, describeLocation } from "./apply-action.js";
import { compileGame, type CompiledGame } from "./compiled-game.js";
import { initialState, type EngineState } from "./engine-state.js";
import { gameGoalCheck, type GoalCheck } from "./goal-check.js";
import { pythonStrip } from "@hiper/core";
import { INTRO_BANNER, NOTHING_HAPPENS } from "./text.js";

export interface AlfworldEngineOptions {
  /** Steps before `done` (upstream `max_nb_steps_per_episode`, default 50). `Infinity` for none. */
  maxSteps?: number;
}

/** What `reset` and `step` return: the TextWorld infos ALFWorld asks for (spec §9). */
export interface EngineResult {
  /** The intro after reset, the feedback after a step. */
  observation: string;
  /** The goal holds. */
  won: boolean;
  /** `won` or the step limit was reached. */
  done: boolean;
  /** TextWorld's score: 1 when won, else 0. */
  score: number;
  /** The sorted admissible commands of the new state. */
  admissible: string[];
  /** The command was admissible (false: `Nothing happens.` and no change). Always true after reset. */
  valid: boolean;
  /** Steps taken so far (invalid commands count). */
  steps: number;
}

/**
 * The ALFWorld text engine (spec alfworld.md §3–9): synchronous, deterministic, exact. An engine
 * plays one game; `reset` starts it over.
 */
export class AlfworldEngine {
  readonly game: CompiledGame;
  readonly maxSteps: number;
  private readonly goal: GoalCheck;
  private current: EngineState;
  private admissible: AdmissibleCommands;
  private stepCount = 0;
  private isWon = false;
  private isDone = false;

  constructor(game: CompiledGame | AlfworldGame, options: AlfworldEngineOptions = {}) {
    this.game = "initial" in game ? game : compileGame(game);
    const maxSteps = options.maxSteps ?? 50;
    if (!(maxSteps >= 1)) throw new InvalidInputError(`maxSteps must be at least 1, got ${maxSteps}`);
    this.maxSteps = maxSteps;
    this.goal = gameGoalCheck(this.game);
    this.current = initialState(this.game);
    this.admissible = admissibleCommands(this.game, this.current);
  }

  /** The dynamic state (read it, do not change it). */
  get state(): Readonly<EngineState> {
    return this.current;
  }

  get steps(): number {
    return this.stepCount;
  }

  get won(): boolean {
    return this.isWon;
  }

  get done(): boolean {
    return this.isDone;
  }

  /** The sorted admissible commands of the current state. */
  get admissibleCommands(): readonly string[] {
    return this.admissible.commands;
  }

  /** Starts the game over; the observation is the intro: banner, look text, task line (spec §9.1). */
  reset(): EngineResult {
    this.current = initialState(this.game);
    this.stepCount = 0;
    this.admissible = admissibleCommands(this.game, this.current);
    this.isWon = this.goal(this.current);
    this.isDone = this.isWon;
    const observation = `${INTRO_BANNER}\n\n${describeLocation(this.game, this.current)}\n\n${this.game.game.taskLine}`;
    return this.result(observation, true);
  }

  /**
   * Runs one command (spec §9.2): stripped like Python's `str.strip()`, then matched exactly
   * (case-sensitive) against the admissible commands; anything else is `Nothing happens.` and
   * changes nothing. Both count as a step. Throws `EpisodeFinishedError` once the episode is done.
   */
  step(command: string): EngineResult {
    if (this.isDone) throw new EpisodeFinishedError("alfworld");
    const code = findAdmissible(this.admissible, pythonStrip(String(command)));
    let observation = NOTHING_HAPPENS;
    if (code >= 0) {
      observation = applyAction(this.game, this.current, code);
      this.admissible = admissibleCommands(this.game, this.current);
    }
    this.stepCount += 1;
    this.isWon = this.goal(this.current);
    this.isDone = this.isWon || this.stepCount >= this.maxSteps;
    return this.result(observation, code >= 0);
  }

  /** An independent copy of this engine in its current state (for search and experts). */
  clone(): AlfworldEngine {
    const copy = new AlfworldEngine(this.game, { maxSteps: this.maxSteps });
    const state = this.current;
    copy.current = {
      agentLocation: state.agentLocation,
      held: state.held,
      opened: state.opened.slice(),
      flags: state.flags.slice(),
      contents: state.contents.map((list) => list.slice()),
      objectLocations: state.objectLocations.map((list) => list.slice()),
      notInReceptacle: new Set(state.notInReceptacle),
    };
    copy.admissible = this.admissible;
    copy.stepCount = this.stepCount;
    copy.isWon = this.isWon;
    copy.isDone = this.isDone;
    return copy;
  }

  private result(observation: string, valid: boolean): EngineResult {
    return {
      observation,
      won: this.isWon,
      done: this.isDone,
      score: this.isWon ? 1 : 0,
      admissible: this.admissible.commands.slice(),
      valid,
      steps: this.stepCount,
    };
  }
}
