import { clipText, EnvironmentError, EpisodeFinishedError, InvalidInputError, JsonHttpClient, type Environment, type Observation, type ResetOptions, type Step, type StepInfo } from "@hiper/core";
import type { z } from "zod";
import { admissibleActions } from "../site/admissible-actions.js";
import type { AvailableActions } from "../site/page-state.js";
import {
  instructionOfPage,
  WebshopAvailableActionsResponse,
  type WebshopPages,
  WebshopPageState,
  WebshopResetResponse,
  WebshopStepResponse,
} from "./webshop-protocol.js";

export interface RemoteWebshopOptions {
  /** The server, e.g. `http://127.0.0.1:36001` (ours from `serveWebshop`, or AgentGym's `webshop`). */
  baseUrl: string;
  /** The `id` of this Environment (default `webshop`). */
  envId?: string;
  /** Maps reset options to `session_id` (default: the seed, else the task id `N` or `fixed_N`, else null = the server's choice). */
  sessionOf?: (options: ResetOptions) => number | null;
  /** List `click[search]` on the search page, as upstream does (default false; it is always refused). */
  listClickSearch?: boolean;
  /** Time limit of each request in ms (default 300 000, as upstream). */
  timeoutMs?: number;
  /** The fetch to use (default the global one). */
  fetch?: typeof globalThis.fetch;
}

/** Upstream's client retries a POST answered 503 up to 5 times, 0.1 s apart (spec §14). */
const BUSY_RETRY = { status: 503, attempts: 5, delayMs: 100 };

/**
 * A WebShop `Environment` played on an AgentGym WebShop server (spec webshop.md §14): ours
 * (`serveWebshop`) or AgentGym's. One `POST /create` per instance (on the first reset); reset
 * posts `session_id` (the goal index) and then reads `GET /observation` as upstream's client does;
 * every page's admissible actions come from `GET /available_actions`. The task is the page's
 * instruction (its third ` [SEP] ` part). The reward is the server's: the raw 0–1 WebShop reward
 * on the purchase. `won` is `reward == 1` on the purchase; our server's `info` adds `valid` and
 * reports the step limit as `truncated`. Transport failures, non-200 answers and malformed
 * answers become `EnvironmentError`s; stepping a finished episode throws `EpisodeFinishedError`.
 * The `WebshopPages` methods query the server, so a `serveWebshop` can front this client.
 */
export class RemoteWebshopEnvironment implements Environment, WebshopPages {
  readonly id: string;
  readonly baseUrl: string;
  readonly timeoutMs: number;
  private readonly sessionOf: (options: ResetOptions) => number | null;
  private readonly listClickSearch: boolean;
  private readonly http: JsonHttpClient;
  private remoteId: number | undefined;
  private task = "";
  private steps = 0;
  private finished = true;
  private closed = false;

  constructor(options: RemoteWebshopOptions) {
    this.http = new JsonHttpClient(options);
    this.baseUrl = this.http.baseUrl;
    this.timeoutMs = this.http.timeoutMs;
    this.id = options.envId ?? "webshop";
    this.sessionOf = options.sessionOf ?? defaultSession;
    this.listClickSearch = options.listClickSearch ?? false;
  }

  /** The `env_idx` the server gave this instance, once created. */
  get serverId(): number | undefined {
    return this.remoteId;
  }

  async reset(options: ResetOptions = {}): Promise<Observation> {
    this.assertOpen();
    const session = this.sessionOf(options);
    if (session !== null && !Number.isSafeInteger(session)) throw new InvalidInputError(`environment "${this.id}": session_id must be an integer, got ${session}`);
    const id = await this.ensureCreated();
    this.finished = true;
    await this.call("POST", "/reset", { env_idx: id, session_id: session }, WebshopResetResponse);
    const text = await this.pageText();
    const task = instructionOfPage(text);
    if (task === undefined) throw this.error(`the reset page has no instruction: ${clipText(text)}`);
    this.task = task;
    this.steps = 0;
    this.finished = false;
    return { text, task, admissibleActions: await this.actions() };
  }

  async step(action: string): Promise<Step> {
    this.assertOpen();
    if (this.finished) throw new EpisodeFinishedError(this.id);
    const body = await this.call("POST", "/step", { env_idx: this.remoteId, action: String(action) }, WebshopStepResponse);
    this.steps += 1;
    const truncated = body.info?.truncated === true;
    const done = body.done && !truncated;
    this.finished = body.done;
    const info: StepInfo = { ...body.info };
    delete info.truncated;
    info.won = typeof info.won === "boolean" ? info.won : done && body.reward === 1;
    if (typeof info.score !== "number") info.score = done ? body.reward : 0;
    if (typeof info.valid !== "boolean") delete info.valid;
    const admissible = this.finished ? [] : await this.actions();
    return { observation: { text: body.state, task: this.task, admissibleActions: admissible }, reward: body.reward, done, truncated, info };
  }

  async pageText(): Promise<string> {
    const text = await this.call("GET", `/observation?env_idx=${this.remoteId}`, undefined, undefined);
    if (typeof text !== "string") throw this.error(`GET /observation: not a string: ${clipText(JSON.stringify(text))}`);
    return text;
  }

  async availableActions(): Promise<AvailableActions> {
    const body = await this.call("GET", `/available_actions?env_idx=${this.remoteId}`, undefined, WebshopAvailableActionsResponse);
    return { hasSearchBar: body.has_search_bar, clickables: body.clickables };
  }

  async instructionText(): Promise<string | undefined> {
    const text = await this.call("GET", `/instruction_text?env_idx=${this.remoteId}`, undefined, undefined);
    return typeof text === "string" ? text : undefined;
  }

  async pageState(): Promise<WebshopPageState> {
    return this.call("GET", `/state?env_idx=${this.remoteId}`, undefined, WebshopPageState);
  }

  /** Posts `/close` once (best effort) and refuses further use. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.finished = true;
    if (this.remoteId === undefined) return;
    try {
      await this.call("POST", "/close", { env_idx: this.remoteId }, undefined);
    } catch {
      // A dead server has nothing left to release.
    }
  }

  private async actions(): Promise<string[]> {
    return admissibleActions(await this.availableActions(), { listClickSearch: this.listClickSearch });
  }

  private async ensureCreated(): Promise<number> {
    if (this.remoteId !== undefined) return this.remoteId;
    const id = await this.call("POST", "/create", undefined, undefined);
    if (typeof id !== "number" || !Number.isSafeInteger(id)) throw this.error(`POST /create: expected an integer id, got ${clipText(JSON.stringify(id))}`);
    this.remoteId = id;
    return id;
  }

  private assertOpen(): void {
    if (this.closed) throw this.error("the environment is closed");
  }

  /** A request whose JSON answer must fit `schema` (when given); a busy server's 503 on POST is retried. */
  private call<T>(method: "GET" | "POST", path: string, body: unknown, schema: z.ZodType<T> | undefined): Promise<T> {
    return this.http.call(method, path, body, schema, (message, cause) => this.error(message, cause), method === "POST" ? BUSY_RETRY : undefined);
  }

  private error(message: string, cause?: unknown): EnvironmentError {
    return new EnvironmentError(`environment "${this.id}" (WebShop server ${this.baseUrl}): ${message}`, { envId: this.id, step: this.steps, cause });
  }
}

function defaultSession(options: ResetOptions): number | null {
  if (options.seed !== undefined) return options.seed;
  if (options.taskId !== undefined) {
    const match = /^(?:fixed_)?(\d+)$/.exec(options.taskId.trim());
    if (!match) throw new InvalidInputError(`task id "${options.taskId}" is not a goal index (N or fixed_N); pass sessionOf to map task ids`);
    return Number(match[1]);
  }
  return null;
}


