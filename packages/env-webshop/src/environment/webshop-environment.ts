import { EpisodeFinishedError, InvalidInputError, type Environment, type Observation, type ResetOptions, type Step } from "@hiper/core";
import type { Goal } from "../model/index.js";
import type { WebshopPages, WebshopPageState } from "../remote/webshop-protocol.js";
import { admissibleActions } from "../site/admissible-actions.js";
import type { AvailableActions, PageKind } from "../site/page-state.js";
import { pageUrl } from "../site/page-url.js";
import { type ShopBackend, WebshopSession } from "../site/webshop-session.js";

/** How the buy step is rewarded (plan-execute-hae.md §1.5). */
export type WebshopRewardMode = "score" | "won";

/** The goals and the shop an environment plays. */
export interface WebshopWorld {
  /** Every goal, in canonical goal-index order (task id `N` is `goals[N]`). */
  goals: readonly Goal[];
  backend: ShopBackend;
}

export interface WebshopEnvironmentOptions {
  world: WebshopWorld;
  /** Goal indices that seeds and `reset()` play (default all goals, in order). */
  goalIndices?: readonly number[];
  /** Steps per episode (default 15, as verl-agent and HiPER's research scripts). */
  maxSteps?: number;
  /**
   * `score` (default): the buy step is rewarded with WebShop's raw reward in [0, 1].
   * `won`: `winReward` when that reward is exactly 1, else 0 (verl-agent / HiPER: `winReward` 10).
   */
  rewardMode?: WebshopRewardMode;
  winReward?: number;
  /** Show the `Attributes` button and sub-page (upstream `show_attrs`, default false). */
  showAttributes?: boolean;
  /** List `click[search]` on the search page as upstream does; it is always refused (default false). */
  listClickSearch?: boolean;
  /** The environment id (default `webshop`). */
  id?: string;
}

/** `info` of every WebShop step. */
export interface WebshopStepInfo {
  [key: string]: unknown;
  /** The purchase earned exactly 1. */
  won: boolean;
  /** The raw WebShop reward of the purchase; 0 before it. */
  score: number;
  /** The action did something; false for a no-op (spec §9). */
  valid: boolean;
  /** The target product's category. */
  taskType: string;
  goalIndex: number;
  /** The page after the step. */
  page: PageKind;
  /** Steps taken in this episode. */
  steps: number;
  /** The reward's parts on the purchase (`r_type`, `r_att`, …). */
  rewardDetails?: Record<string, unknown>;
}

const FLASK_BASE = "http://127.0.0.1:3000";

/**
 * WebShop as an `Environment` (spec webshop.md): one session at a time in text mode.
 *
 * - `reset({ taskId })` plays goal `taskId` (a goal index, `12` or upstream's `fixed_12`);
 *   `reset({ seed })` plays `goalIndices[seed mod n]`; `reset()` the next of `goalIndices` in turn.
 * - The observation is the raw page text (the WebShop prompt formats it); the task is the goal's
 *   instruction; the admissible actions are `search[<your query>]` on the search page and
 *   `click[…]` for each clickable (`click[search]` only with `listClickSearch`).
 * - An invalid action is a no-op with `info.valid = false`. The episode ends on `buy now`
 *   (`done`) or after `maxSteps` steps without a purchase (`truncated`, reward 0). Stepping after
 *   the end throws `EpisodeFinishedError`.
 */
export class WebshopEnvironment implements Environment, WebshopPages {
  readonly id: string;
  readonly maxSteps: number;
  readonly rewardMode: WebshopRewardMode;
  readonly winReward: number;
  readonly showAttributes: boolean;
  readonly listClickSearch: boolean;
  /** The goal indices seeds play; undefined = all goals (not materialised: catalogues can have 500 000). */
  readonly goalIndices: readonly number[] | undefined;
  private readonly world: WebshopWorld;
  private cursor = 0;
  private session: WebshopSession | undefined;
  private goalIndex = -1;
  private steps = 0;
  private finished = true;

  constructor(options: WebshopEnvironmentOptions) {
    this.world = options.world;
    this.id = options.id ?? "webshop";
    this.maxSteps = options.maxSteps ?? 15;
    if (!Number.isInteger(this.maxSteps) || this.maxSteps < 1) throw new InvalidInputError(`maxSteps must be a positive integer, got ${this.maxSteps}`);
    this.rewardMode = options.rewardMode ?? "score";
    if (this.rewardMode !== "score" && this.rewardMode !== "won") throw new InvalidInputError(`rewardMode must be "score" or "won", got ${String(this.rewardMode)}`);
    this.winReward = options.winReward ?? 1;
    if (!Number.isFinite(this.winReward)) throw new InvalidInputError(`winReward must be a finite number, got ${this.winReward}`);
    this.showAttributes = options.showAttributes ?? false;
    this.listClickSearch = options.listClickSearch ?? false;
    const total = this.world.goals.length;
    this.goalIndices = options.goalIndices;
    if (this.goalCount === 0) throw new InvalidInputError("the environment has no goals to play");
    const outside = this.goalIndices?.find((index) => !Number.isInteger(index) || index < 0 || index >= total);
    if (outside !== undefined) throw new InvalidInputError(`goal index ${outside} is outside 0..${total - 1}`);
  }

  /** How many goals seeds and `reset()` cycle through. */
  get goalCount(): number {
    return this.goalIndices?.length ?? this.world.goals.length;
  }

  /** The goal of the current episode. */
  get currentGoal(): Goal | undefined {
    return this.session?.goal;
  }

  /** The goal index of the current episode (-1 before the first reset). */
  get currentGoalIndex(): number {
    return this.goalIndex;
  }

  async reset(options: ResetOptions = {}): Promise<Observation> {
    const index = this.pickGoal(options);
    const goal = this.world.goals[index] as Goal;
    this.session = new WebshopSession(this.world.backend, goal, { showAttributes: this.showAttributes });
    this.goalIndex = index;
    this.steps = 0;
    this.finished = false;
    return this.observation();
  }

  async step(action: string): Promise<Step> {
    const session = this.session;
    if (this.finished || !session) throw new EpisodeFinishedError(this.id);
    const result = session.step(typeof action === "string" ? action : String(action));
    this.steps += 1;
    const truncated = !result.done && this.steps >= this.maxSteps;
    this.finished = result.done || truncated;
    const won = result.done && result.reward === 1;
    const info: WebshopStepInfo = {
      won,
      score: result.done ? result.reward : 0,
      valid: result.valid,
      taskType: session.goal.category,
      goalIndex: this.goalIndex,
      page: session.state.kind,
      steps: this.steps,
      ...(result.rewardDetails ? { rewardDetails: result.rewardDetails } : {}),
    };
    const reward = !result.done ? 0 : this.rewardMode === "score" ? result.reward : won ? this.winReward : 0;
    return { observation: this.observation(), reward, done: result.done, truncated, info };
  }

  async close(): Promise<void> {
    this.finished = true;
  }

  async pageText(): Promise<string> {
    return this.live().observation();
  }

  async availableActions(): Promise<AvailableActions> {
    return this.live().availableActions();
  }

  async instructionText(): Promise<string | undefined> {
    return this.live().instructionText();
  }

  async pageState(): Promise<WebshopPageState> {
    const session = this.live();
    return {
      url: pageUrl(FLASK_BASE, `fixed_${this.goalIndex}`, session.state, session.options),
      // The text environment renders no HTML; the page's text is its observation.
      html: "",
      instruction_text: session.instructionText() ?? "",
    };
  }

  private live(): WebshopSession {
    if (!this.session) throw new InvalidInputError(`environment "${this.id}": call reset() first`);
    return this.session;
  }

  private observation(): Observation {
    const session = this.live();
    return {
      text: session.observation(),
      task: session.goal.instruction_text,
      admissibleActions: admissibleActions(session.availableActions(), { listClickSearch: this.listClickSearch }),
    };
  }

  private pickGoal(options: ResetOptions): number {
    const total = this.world.goals.length;
    if (options.taskId !== undefined) {
      const match = /^(?:fixed_)?(\d+)$/.exec(options.taskId.trim());
      const index = match ? Number(match[1]) : Number.NaN;
      if (!Number.isSafeInteger(index) || index >= total) {
        throw new InvalidInputError(`environment "${this.id}": task id "${options.taskId}" is not a goal index in 0..${total - 1}`);
      }
      return index;
    }
    const count = this.goalCount;
    const position = options.seed !== undefined ? ((options.seed % count) + count) % count : this.cursor++ % count;
    return this.goalIndices ? (this.goalIndices[position] as number) : position;
  }
}
