import type { z } from "zod";
import { EnvironmentError, EpisodeFinishedError, InvalidInputError } from "../../errors/index.js";
import type { Environment, Observation, ResetOptions, Step, StepInfo } from "../environment.js";
import { clipText, JsonHttpClient } from "../../http/json-http-client.js";
import {
  AGENTGYM_WORLD_TYPES,
  AgentGymCreateResponse,
  AgentGymResetResponse,
  AgentGymStepResponse,
  type AgentGymWorldType,
  extractTask,
} from "./agentgym-protocol.js";

export interface RemoteEnvironmentOptions {
  /** The server, e.g. `http://127.0.0.1:36001` (ours from `serveEnvironment`, or AgentGym's). */
  baseUrl: string;
  /** The `id` of this Environment (default `agentgym`). */
  envId?: string;
  /**
   * Maps reset options to the protocol's `game` index. Default: the seed; else a task id made
   * of digits; `reset()` without options plays games 0, 1, 2, … in turn.
   */
  gameOf?: (options: ResetOptions) => number;
  /** The `world_type` sent on reset (default `Text`). */
  worldType?: AgentGymWorldType;
  /** Time limit of each request in ms (default 300 000, as upstream). */
  timeoutMs?: number;
  /** The fetch to use (default the global one). */
  fetch?: typeof globalThis.fetch;
}

const RESET_ATTEMPTS = 3;

/**
 * An `Environment` played on an AgentGym ALFWorld-protocol server (spec alfworld.md §12): ours
 * (`serveEnvironment`) or a real AgentGym one. Behaves like the upstream client: one
 * `POST /create` per instance (on the first reset), `reset` retried up to 3 times while the answer
 * lacks `observation`, a timeout on every request. Any transport failure, non-200 status or
 * error body becomes an `EnvironmentError`; stepping a finished episode throws
 * `EpisodeFinishedError` without asking the server.
 *
 * The observation text is the server's (for ALFWorld: the intro without its banner, §11.2). The
 * task comes from our server's `task` key, else from the `Your task is to: …` line. `won`, `valid`
 * and the rest of `info` come from our server's `info` key; against upstream, `won` is
 * `reward > 0 && done` and `taskType` is the reset's `task_type`. `close()` is best effort:
 * upstream servers do not implement `POST /close`.
 */
export class RemoteEnvironment implements Environment {
  readonly id: string;
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly worldType: AgentGymWorldType;
  private readonly gameOf: ((options: ResetOptions) => number) | undefined;
  private readonly http: JsonHttpClient;
  private remoteId: number | undefined;
  private cursor = 0;
  private task = "";
  private resetTaskType: string | undefined;
  private steps = 0;
  private finished = true;
  private closed = false;

  constructor(options: RemoteEnvironmentOptions) {
    this.http = new JsonHttpClient(options);
    this.baseUrl = this.http.baseUrl;
    this.timeoutMs = this.http.timeoutMs;
    this.id = options.envId ?? "agentgym";
    this.worldType = options.worldType ?? "Text";
    if (!AGENTGYM_WORLD_TYPES.includes(this.worldType)) throw new InvalidInputError(`worldType must be one of ${AGENTGYM_WORLD_TYPES.join(", ")}, got ${this.worldType}`);
    this.gameOf = options.gameOf;
  }

  /** The id the server gave this instance, once created. */
  get serverId(): number | undefined {
    return this.remoteId;
  }

  /** The `task_type` of the last reset (upstream ALFWorld: `<task-dir>/<trial-dir>`). */
  get taskType(): string | undefined {
    return this.resetTaskType;
  }

  async reset(options: ResetOptions = {}): Promise<Observation> {
    this.assertOpen(undefined);
    const game = this.game(options);
    const id = await this.ensureCreated();
    this.finished = true;
    let body: AgentGymResetResponse | undefined;
    for (let attempt = 0; attempt < RESET_ATTEMPTS && typeof body?.observation !== "string"; attempt += 1) {
      body = await this.call("POST", "/reset", { id, game, world_type: this.worldType }, AgentGymResetResponse, undefined);
    }
    if (typeof body?.observation !== "string") {
      throw this.error(`POST /reset of game ${game} failed ${RESET_ATTEMPTS} times: ${problemOf(body)}`, undefined);
    }
    this.task = body.task ?? extractTask(body.observation) ?? "";
    this.resetTaskType = body.task_type ?? undefined;
    this.steps = 0;
    this.finished = false;
    return this.observation(body.observation, body.available_actions);
  }

  async step(action: string): Promise<Step> {
    this.assertOpen(this.steps);
    if (this.finished) throw new EpisodeFinishedError(this.id);
    const body = await this.call("POST", "/step", { id: this.remoteId, action: String(action) }, AgentGymStepResponse, this.steps);
    if (typeof body.observation !== "string") throw this.error(`POST /step: ${problemOf(body)}`, this.steps);
    const reward = body.reward ?? 0;
    const truncated = body.truncated === true;
    // Our server reports the step limit as `truncated` besides AgentGym's `done`.
    const done = body.done === true && !truncated;
    const info = stepInfo(body.info, { won: reward > 0 && done, taskType: this.resetTaskType });
    this.steps += 1;
    this.finished = done || truncated;
    return { observation: this.observation(body.observation, body.available_actions), reward, done, truncated, info };
  }

  /** Posts `/close` once (best effort; errors are ignored) and refuses further use. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.finished = true;
    const id = this.remoteId;
    if (id === undefined) return;
    try {
      await this.http.request("POST", "/close", { id }, (message, cause) => this.error(message, undefined, cause));
    } catch {
      // Upstream servers answer 404 here and a dead server has nothing left to release.
    }
  }

  private game(options: ResetOptions): number {
    let game: number;
    if (this.gameOf) game = this.gameOf(options);
    else if (options.seed !== undefined) game = options.seed;
    else if (options.taskId !== undefined) {
      if (!/^\d+$/.test(options.taskId)) throw new InvalidInputError(`environment "${this.id}": task id "${options.taskId}" is not a game index; pass gameOf to map task ids`);
      game = Number(options.taskId);
    } else game = this.cursor++;
    if (!Number.isSafeInteger(game)) throw new InvalidInputError(`environment "${this.id}": game index must be an integer, got ${game}`);
    return game;
  }

  private async ensureCreated(): Promise<number> {
    if (this.remoteId !== undefined) return this.remoteId;
    const body = await this.call("POST", "/create", undefined, AgentGymCreateResponse, undefined);
    if (typeof body.id !== "number") throw this.error(`POST /create: ${problemOf(body)}`, undefined);
    this.remoteId = body.id;
    return body.id;
  }

  private observation(text: string, actions: string[] | null | undefined): Observation {
    return { text, task: this.task, ...(actions ? { admissibleActions: actions } : {}) };
  }

  private assertOpen(step: number | undefined): void {
    if (this.closed) throw this.error("the environment is closed", step);
  }

  /** A request whose JSON answer must fit `schema` (an object); anything else is an EnvironmentError. */
  private call<T>(method: "GET" | "POST", path: string, body: unknown, schema: z.ZodType<T>, step: number | undefined): Promise<T> {
    return this.http.call(method, path, body, schema, (message, cause) => this.error(message, step, cause));
  }

  private error(message: string, step: number | undefined, cause?: unknown): EnvironmentError {
    return new EnvironmentError(`environment "${this.id}" (AgentGym server ${this.baseUrl}): ${message}`, { envId: this.id, step, cause });
  }
}

/** The step info: our server's `info` key when present, with `fallback` for what it lacks. */
function stepInfo(raw: Record<string, unknown> | null | undefined, fallback: { won: boolean; taskType: string | undefined }): StepInfo {
  const info: StepInfo = { ...raw };
  const { won, valid, score, taskType } = info;
  info.won = typeof won === "boolean" ? won : fallback.won;
  if (typeof valid !== "boolean") delete info.valid;
  if (typeof score !== "number" || !Number.isFinite(score)) delete info.score;
  if (typeof taskType === "string") return info;
  delete info.taskType;
  if (fallback.taskType !== undefined) info.taskType = fallback.taskType;
  return info;
}

/** Why an answer is unusable: its `error`, or its keys. */
function problemOf(body: { error?: unknown } | undefined): string {
  if (body === undefined) return "no answer";
  if (body.error !== undefined && body.error !== null) return typeof body.error === "string" ? body.error : clipText(JSON.stringify(body.error));
  return `the answer has no observation: ${clipText(JSON.stringify(body))}`;
}


