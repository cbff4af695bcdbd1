import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { describeError, InvalidInputError } from "../../errors/index.js";
import { ConcurrencyLimiter } from "../../util/concurrency-limiter.js";
import { readJsonBody } from "../../http/read-json-body.js";
import { type HttpServerHandle, serveHttp } from "../../http/serve-http.js";
import { type Environment, Observation, type ResetOptions, Step, type StepInfo } from "../environment.js";
import {
  AGENTGYM_GREETING,
  AGENTGYM_WORLD_TYPES,
  AgentGymCloseRequest,
  agentGymErrors,
  agentGymResetText,
  AgentGymResetRequest,
  agentGymStepText,
  AgentGymStepRequest,
} from "./agentgym-protocol.js";

/** What `taskTypeOf` sees after a reset. */
export interface TaskTypeContext {
  game: number;
  reset: ResetOptions;
  observation: Observation;
  environment: Environment;
}

export interface ServeEnvironmentOptions {
  /** Makes the environment behind one protocol id; called once per `POST /create`. */
  create: () => Environment | Promise<Environment>;
  /** The id of the served environment (the default `task_type`, and in messages). */
  envId: string;
  /** Interface to listen on (default 127.0.0.1: loopback only). */
  host?: string;
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Maps the protocol's `game` index to reset options (default `{ seed: game }`). */
  gameToReset?: (game: number) => ResetOptions;
  /** The reset response's `task_type` (default: `envId`). */
  taskTypeOf?: (context: TaskTypeContext) => string;
  /** The reset response's `observation` (default `agentGymResetText`: banner removed, task stated). */
  resetText?: (observation: Observation) => string;
  /** Largest accepted request body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Told about every failure that became an `{"error"}` answer (for logging). */
  onError?: (error: unknown, route: string) => void;
}

/** A running AgentGym server. */
export type EnvironmentServer = HttpServerHandle;

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The per-id record `/detail` returns (upstream field names); step payloads are merged in. */
type Detail = Record<string, unknown> & { done: boolean; deleted: boolean };

interface Slot {
  environment: Environment | undefined;
  detail: Detail;
  /** Requests on one id run one at a time, so an environment never sees interleaved calls. */
  lock: ConcurrencyLimiter;
}

/** A failure answered as `{"error": message}`, with HTTP 200 unless `status` says otherwise. */
class RequestError extends Error {
  constructor(
    message: string,
    readonly status = 200,
  ) {
    super(message);
  }
}

/**
 * Serves any `Environment` over the ALFWorld flavour of the AgentGym HTTP protocol (spec
 * alfworld.md §12), so AgentGym clients and `RemoteEnvironment` can use it:
 *
 *   const server = await serveEnvironment({ envId: "alfworld", create: () => new AlfworldEnvironment() });
 *   // ... server.url, then: await server.close();
 *
 * Errors are HTTP 200 with `{"error": "..."}` as upstream, with its exact messages and id-check
 * order; an unknown route is 404 and a wrong method 405. A malformed or oversized body, or an
 * environment that throws, gives an error answer and the server keeps serving. Differences
 * from upstream, all additive: `POST /close` exists (`{"closed": true}`), reset answers carry
 * `task` and step answers `truncated` and `info`. Served ALFWorld speaks the new text
 * (`move X to Y`), not upstream's old text.
 */
export async function serveEnvironment(options: ServeEnvironmentOptions): Promise<EnvironmentServer> {
  if (typeof options?.create !== "function") throw new InvalidInputError("serveEnvironment needs a create() function");
  if (typeof options.envId !== "string" || options.envId === "") throw new InvalidInputError("serveEnvironment needs a non-empty envId");
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new InvalidInputError(`maxBodyBytes must be a positive integer, got ${maxBodyBytes}`);
  const protocol = new AgentGymHost(options, maxBodyBytes);
  return serveHttp({
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    handle: (request, response) => protocol.handle(request, response),
    ...(options.onError ? { onError: options.onError } : {}),
    closeAll: () => protocol.closeAll(),
  });
}

/** The protocol state: ids, their environments and their `/detail` records. */
class AgentGymHost {
  private readonly slots = new Map<number, Slot>();
  private nextId = 0;
  private readonly gameToReset: (game: number) => ResetOptions;
  private readonly taskTypeOf: (context: TaskTypeContext) => string;
  private readonly resetText: (observation: Observation) => string;

  constructor(
    private readonly options: ServeEnvironmentOptions,
    private readonly maxBodyBytes: number,
  ) {
    this.gameToReset = options.gameToReset ?? ((game) => ({ seed: game }));
    this.taskTypeOf = options.taskTypeOf ?? (() => options.envId);
    this.resetText = options.resetText ?? agentGymResetText;
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://localhost");
    const route = `${request.method ?? "?"} ${url.pathname}`;
    let status = 200;
    let body: string;
    try {
      body = JSON.stringify(await this.route(request, url));
    } catch (error) {
      if (error instanceof RequestError) status = error.status;
      else this.options.onError?.(error, route);
      body = JSON.stringify({ error: error instanceof RequestError ? error.message : describeError(error) });
    }
    response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    response.end(body);
  }

  async closeAll(): Promise<void> {
    const open = [...this.slots.values()].map((slot) => slot.environment).filter((environment) => environment !== undefined);
    for (const slot of this.slots.values()) slot.environment = undefined;
    await Promise.all(
      open.map(async (environment) => {
        try {
          await environment.close?.();
        } catch (error) {
          this.options.onError?.(error, "close");
        }
      }),
    );
  }

  private async route(request: IncomingMessage, url: URL): Promise<unknown> {
    const method = request.method ?? "GET";
    const routes: Record<string, ["GET" | "POST", () => Promise<unknown>]> = {
      "/": ["GET", async () => AGENTGYM_GREETING],
      "/create": ["POST", () => this.create(request)],
      "/reset": ["POST", async () => this.reset(parse(AgentGymResetRequest, await readJson(request, this.maxBodyBytes)))],
      "/step": ["POST", async () => this.step(parse(AgentGymStepRequest, await readJson(request, this.maxBodyBytes)))],
      "/close": ["POST", async () => this.close(parse(AgentGymCloseRequest, await readJson(request, this.maxBodyBytes)))],
      "/available_actions": ["GET", async () => this.stored(queryId(url), "available_actions")],
      "/observation": ["GET", async () => this.stored(queryId(url), "observation")],
      "/detail": ["GET", async () => this.stored(queryId(url), undefined)],
    };
    const entry = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
    if (!entry) {
      request.resume();
      throw new RequestError(`no route ${method} ${url.pathname}`, 404);
    }
    const [allowed, run] = entry;
    if (method !== allowed) {
      request.resume();
      throw new RequestError(`method ${method} is not allowed on ${url.pathname}; use ${allowed}`, 405);
    }
    return run();
  }

  private async create(request: IncomingMessage): Promise<{ id: number }> {
    request.resume(); // no body expected; drain whatever came
    const environment = await this.options.create();
    const id = this.nextId++;
    this.slots.set(id, { environment, detail: { done: false, reward: 0, deleted: false }, lock: new ConcurrencyLimiter(1) });
    return { id };
  }

  /** Upstream order: unknown id, then deleted, then (except for reset and close) finished. */
  private slot(id: number, allowFinished: boolean): Slot {
    const slot = this.slots.get(id);
    if (!slot) throw new RequestError(agentGymErrors.invalidId(id));
    if (slot.detail.deleted) throw new RequestError(agentGymErrors.deleted(id));
    if (!allowFinished && slot.detail.done) throw new RequestError(agentGymErrors.finished(id));
    return slot;
  }

  private async reset(body: AgentGymResetRequest): Promise<unknown> {
    // Upstream checks world_type before the id.
    if (!(AGENTGYM_WORLD_TYPES as readonly string[]).includes(body.world_type)) throw new RequestError(agentGymErrors.worldType);
    const slot = this.slot(body.id, true);
    return slot.lock.run(async () => {
      const environment = this.live(this.slot(body.id, true), body.id);
      const reset = this.gameToReset(body.game);
      const observation = this.check(Observation, await environment.reset(reset), "reset");
      const text = this.resetText(observation);
      const availableActions = observation.admissibleActions ?? [];
      const taskType = this.taskTypeOf({ game: body.game, reset, observation, environment });
      slot.detail = { world_type: body.world_type, game: body.game, observation: text, available_actions: availableActions, done: false, reward: 0, deleted: false };
      return { id: body.id, observation: text, available_actions: availableActions, task_type: taskType, task: observation.task };
    });
  }

  private async step(body: AgentGymStepRequest): Promise<unknown> {
    const slot = this.slot(body.id, false);
    return slot.lock.run(async () => {
      const environment = this.live(this.slot(body.id, false), body.id);
      const step = this.check(Step, await environment.step(body.action), "step");
      const payload = {
        observation: agentGymStepText(step.observation.text),
        reward: step.reward,
        available_actions: step.observation.admissibleActions ?? [],
        // AgentGym's `done` is the engine's: a win or the step limit.
        done: step.done || step.truncated === true,
        truncated: step.truncated === true,
        info: jsonInfo(step),
      };
      Object.assign(slot.detail, payload);
      return payload;
    });
  }

  private async close(body: AgentGymCloseRequest): Promise<{ closed: true }> {
    const slot = this.slot(body.id, true);
    return slot.lock.run(async () => {
      const environment = slot.environment;
      slot.environment = undefined;
      slot.detail.deleted = true;
      await environment?.close?.();
      return { closed: true } as const;
    });
  }

  private stored(id: number, key: "available_actions" | "observation" | undefined): unknown {
    const slot = this.slot(id, false);
    if (key === undefined) return slot.detail;
    if (!(key in slot.detail)) throw new RequestError(`The task with environment ${id} has not been reset.`);
    return slot.detail[key];
  }

  /** An environment's answer, validated: a malformed one is its bug, reported as an error answer. */
  private check<T>(schema: z.ZodType<T>, value: unknown, call: string): T {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new Error(`environment "${this.options.envId}" returned an invalid ${call} result: ${issuesOf(parsed.error)}`);
  }

  private live(slot: Slot, id: number): Environment {
    if (!slot.environment) throw new RequestError(agentGymErrors.deleted(id));
    return slot.environment;
  }
}

/** The step's info as JSON can carry it; the well-known keys alone if the rest cannot be serialized. */
function jsonInfo(step: Step): StepInfo {
  try {
    return JSON.parse(JSON.stringify(step.info)) as StepInfo;
  } catch {
    const { won, valid, score, taskType } = step.info;
    return { won, valid, score, taskType };
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new RequestError(`invalid request body: ${issuesOf(parsed.error)}`);
}

const issuesOf = (error: z.ZodError): string => error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");

function queryId(url: URL): number {
  const raw = url.searchParams.get("id");
  const id = raw !== null && /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new RequestError(`query parameter id must be an integer, got ${raw === null ? "none" : JSON.stringify(raw)}`);
  return id;
}


/** A JSON body, or a RequestError (AgentGym answers those with HTTP 200 and `{"error": …}`). */
async function readJson(request: IncomingMessage, limit: number): Promise<unknown> {
  const body = await readJsonBody(request, limit);
  if (!body.ok) throw new RequestError(body.message);
  return body.value;
}
