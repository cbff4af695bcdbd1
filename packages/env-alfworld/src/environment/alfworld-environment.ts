import { EpisodeFinishedError, InvalidInputError, type Environment, type Observation, type ResetOptions, type Step } from "@hiper/core";
import { AlfworldEngine, type EngineResult } from "../engine/alfworld-engine.js";
import type { GameEntry, GameSet } from "../loader/game-set.js";
import { loadGames, type LoadGamesOptions } from "../loader/load-games.js";
import { taskTypeColumn, type TaskTypeColumn } from "../model/task-type.js";

export interface AlfworldEnvironmentOptions {
  /** The games: a loaded set, or where to load them from (default: `$ALFWORLD_DATA`, all splits). */
  games?: GameSet | LoadGamesOptions;
  /** Steps per episode (upstream 50). */
  maxSteps?: number;
  /**
   * Upstream quirk (plan-execute-hae.md §1.6): TextWorld's own limit makes the last step come back
   * `done = true` even when the task was not won. True (the default) reproduces it; false reports
   * such a step as `done = false, truncated = true` so a trainer can bootstrap.
   */
  timeLimitCountsAsDone?: boolean;
  /**
   * Reward of the winning step (every other step gives 0). The default 1 is TextWorld's score and
   * the SDK's convention; the HiPER and verl-agent scripts use 10 (`10 · won`, plan-execute-hae.md §1.5).
   */
  winReward?: number;
  /** The environment id (default `alfworld`). */
  id?: string;
}

/** `info` of every ALFWorld step. */
export interface AlfworldStepInfo {
  [key: string]: unknown;
  won: boolean;
  /** The command was admissible; false means `Nothing happens.` */
  valid: boolean;
  /** TextWorld's score: 1 when won, else 0. */
  score: number;
  /** Report column of the task (`Pick`, `Look`, `Clean`, `Heat`, `Cool`, `Pick2`). */
  taskType: TaskTypeColumn | undefined;
  /** The game path, e.g. `valid_seen/pick_two_obj_and_place-CD-None-Drawer-304/trial_…/game.tw-pddl`. */
  gamePath: string;
  /** Steps taken in this episode. */
  steps: number;
}

const TASK_PREFIX = "Your task is to: ";

/**
 * ALFWorld as an `Environment`: one episode at a time on the exact engine.
 *
 * - `reset({ taskId })` plays the game with that path (see `GameSet.find`); `reset({ seed })`
 *   plays game `seed mod n` of the path-sorted set, so seeds 0…n-1 visit every game once;
 *   `reset()` plays the next game in that order.
 * - The observation after reset is the full intro (banner included, as verl-agent shows it); the
 *   task is the text after `Your task is to: `; the admissible list is the engine's, `help`
 *   included.
 * - Stepping after the episode ended throws `EpisodeFinishedError`.
 */
export class AlfworldEnvironment implements Environment {
  readonly id: string;
  readonly maxSteps: number;
  readonly timeLimitCountsAsDone: boolean;
  readonly winReward: number;
  private readonly source: GameSet | LoadGamesOptions;
  private games: GameSet | undefined;
  private cursor = 0;
  private entry: GameEntry | undefined;
  private engine: AlfworldEngine | undefined;
  private task = "";
  private finished = true;

  constructor(options: AlfworldEnvironmentOptions = {}) {
    this.id = options.id ?? "alfworld";
    this.maxSteps = options.maxSteps ?? 50;
    if (!Number.isInteger(this.maxSteps) || this.maxSteps < 1) throw new InvalidInputError(`maxSteps must be a positive integer, got ${this.maxSteps}`);
    this.timeLimitCountsAsDone = options.timeLimitCountsAsDone ?? true;
    this.winReward = options.winReward ?? 1;
    if (!Number.isFinite(this.winReward)) throw new InvalidInputError(`winReward must be a finite number, got ${this.winReward}`);
    this.source = options.games ?? {};
    if (isGameSet(this.source)) this.games = this.source;
  }

  /** The game of the current episode. */
  get currentGame(): GameEntry | undefined {
    return this.entry;
  }

  /** The engine of the current episode (for experts and tests; do not step it directly). */
  get currentEngine(): AlfworldEngine | undefined {
    return this.engine;
  }

  /** The game set, loading it on first use. */
  async gameSet(): Promise<GameSet> {
    this.games ??= await loadGames(this.source as LoadGamesOptions);
    return this.games;
  }

  async reset(options: ResetOptions = {}): Promise<Observation> {
    const games = await this.gameSet();
    let entry: GameEntry;
    if (options.taskId !== undefined) entry = games.get(options.taskId);
    else if (options.seed !== undefined) entry = games.at(options.seed);
    else entry = games.at(this.cursor++);
    if (entry !== this.entry || !this.engine) {
      this.engine = new AlfworldEngine(entry.compile(), { maxSteps: this.maxSteps });
      this.entry = entry;
      const line = entry.load().taskLine;
      this.task = line.startsWith(TASK_PREFIX) ? line.slice(TASK_PREFIX.length).trim() : line;
    }
    const result = this.engine.reset();
    this.finished = false;
    return this.observation(result);
  }

  async step(action: string): Promise<Step> {
    const engine = this.engine;
    const entry = this.entry;
    if (this.finished || !engine || !entry) throw new EpisodeFinishedError(this.id);
    const result = engine.step(typeof action === "string" ? action : String(action));
    const limitReached = !result.won && result.done;
    const done = result.won || (limitReached && this.timeLimitCountsAsDone);
    const truncated = limitReached && !this.timeLimitCountsAsDone;
    this.finished = result.done;
    const info: AlfworldStepInfo = {
      won: result.won,
      valid: result.valid,
      score: result.score,
      taskType: entry.taskType ? taskTypeColumn(entry.taskType) : undefined,
      gamePath: entry.path,
      steps: result.steps,
    };
    return { observation: this.observation(result), reward: result.won ? this.winReward : 0, done, truncated, info };
  }

  async close(): Promise<void> {
    this.finished = true;
  }

  private observation(result: EngineResult): Observation {
    return { text: result.observation, task: this.task, admissibleActions: result.admissible };
  }
}

function isGameSet(value: GameSet | LoadGamesOptions): value is GameSet {
  return typeof (value as GameSet).at === "function" && Array.isArray((value as GameSet).entries);
}
