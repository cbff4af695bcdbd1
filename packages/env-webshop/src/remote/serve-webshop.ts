import type { IncomingMessage, ServerResponse } from "node:http";
import { ConcurrencyLimiter, describeError, type HttpServerHandle, InvalidInputError, readJsonBody, serveHttp, type ResetOptions, Step, type StepInfo } from "@hiper/core";
import type { z } from "zod";
import {
  WEBSHOP_GREETING,
  WebshopCloseRequest,
  WebshopResetRequest,
  type WebshopServable,
  WebshopStepRequest,
  type WebshopStepResponse,
} from "./webshop-protocol.js";

export interface ServeWebshopOptions {
  /** Makes the environment behind one `env_idx`; called once per `POST /create`. */
  create: () => WebshopServable | Promise<WebshopServable>;
  /** Interface to listen on (default 127.0.0.1: loopback only). */
  host?: string;
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Maps `session_id` to reset options (default: the goal index as task id; null → `reset()`). */
  sessionToReset?: (sessionId: number | null) => ResetOptions | undefined;
  /** Largest accepted request body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Told about every failure that became an error answer (for logging). */
  onError?: (error: unknown, route: string) => void;
}

/** A running AgentGym WebShop server. */
export type WebshopServer = HttpServerHandle;

/** An error answer: `{"error": message}` (or FastAPI's `{"detail": …}` for 404/405/422) with a status. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(typeof body === "object" && body !== null && "error" in body ? String((body as { error: unknown }).error) : `HTTP ${status}`);
  }
}

const notFound = (id: number) => new HttpError(404, { error: `no environment with env_idx ${id}` });

interface Slot {
  environment: WebshopServable;
  /** Requests on one id run one at a time. */
  lock: ConcurrencyLimiter;
  reset: boolean;
  done: boolean;
}

/**
 * Serves any WebShop environment over the AgentGym WebShop protocol (spec webshop.md §14):
 *
 *   const server = await serveWebshop({ create: () => createWebshopEnvironment() });
 *   // AgentGym's client or RemoteWebshopEnvironment at server.url; then await server.close();
 *
 * Routes: `GET /`, `GET /list_envs`, `POST /create`, `POST /reset`, `POST /step`,
 * `GET /available_actions`, `GET /instruction_text`, `GET /observation`, `GET /state`,
 * `POST /close`. Ids are sequential (upstream draws random ones; clients treat them as opaque).
 * Errors: a body that does not fit → 422 `{"detail": [...]}` as FastAPI; an unknown id → 404
 * `{"error"}`; a step after the purchase or a page query before the first reset → 409
 * `{"error"}`; an environment that throws → 500 `{"error"}`, and the server keeps serving.
 * The step answer's `reward` is the raw 0–1 WebShop reward (`info.score`) whatever reward scale the
 * environment uses, and `done` is true on the purchase or when the environment's step limit ends
 * the episode (then `info.truncated` is true).
 */
export async function serveWebshop(options: ServeWebshopOptions): Promise<WebshopServer> {
  if (typeof options?.create !== "function") throw new InvalidInputError("serveWebshop needs a create() function");
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new InvalidInputError(`maxBodyBytes must be a positive integer, got ${maxBodyBytes}`);
  const routes = new WebshopRoutes(options, maxBodyBytes);
  return serveHttp({
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    handle: (request, response) => routes.handle(request, response),
    ...(options.onError ? { onError: options.onError } : {}),
    closeAll: () => routes.closeAll(),
  });
}

class WebshopRoutes {
  private readonly slots = new Map<number, Slot>();
  private nextId = 0;
  private readonly sessionToReset: (sessionId: number | null) => ResetOptions | undefined;

  constructor(
    private readonly options: ServeWebshopOptions,
    private readonly maxBodyBytes: number,
  ) {
    this.sessionToReset = options.sessionToReset ?? ((sessionId) => (sessionId === null ? undefined : { taskId: String(sessionId) }));
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://localhost");
    let status = 200;
    let body: unknown;
    try {
      body = await this.route(request, url);
    } catch (error) {
      if (error instanceof HttpError) {
        status = error.status;
        body = error.body;
      } else {
        this.options.onError?.(error, `${request.method} ${url.pathname}`);
        status = 500;
        body = { error: describeError(error) };
      }
    }
    const text = JSON.stringify(body);
    response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    response.end(text);
  }

  async closeAll(): Promise<void> {
    const open = [...this.slots.values()];
    this.slots.clear();
    await Promise.all(
      open.map(async (slot) => {
        try {
          await slot.environment.close?.();
        } catch (error) {
          this.options.onError?.(error, "close");
        }
      }),
    );
  }

  private async route(request: IncomingMessage, url: URL): Promise<unknown> {
    const routes: Record<string, ["GET" | "POST", () => Promise<unknown>]> = {
      "/": ["GET", async () => WEBSHOP_GREETING],
      "/list_envs": ["GET", async () => [...this.slots.keys()]],
      "/create": ["POST", () => this.create(request)],
      "/reset": ["POST", async () => this.reset(this.body(WebshopResetRequest, await this.readJson(request)))],
      "/step": ["POST", async () => this.step(this.body(WebshopStepRequest, await this.readJson(request)))],
      "/close": ["POST", async () => this.close(this.body(WebshopCloseRequest, await this.readJson(request)))],
      "/available_actions": ["GET", () => this.page(url, async (environment) => {
        const available = await environment.availableActions();
        return { has_search_bar: available.hasSearchBar, clickables: available.clickables };
      })],
      "/instruction_text": ["GET", () => this.page(url, async (environment, id) => {
        const text = await environment.instructionText();
        if (text === undefined) throw new HttpError(409, { error: `environment ${id} shows the done page, which has no instruction` });
        return text;
      })],
      "/observation": ["GET", () => this.page(url, (environment) => environment.pageText())],
      "/state": ["GET", () => this.page(url, (environment) => environment.pageState())],
    };
    const entry = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
    if (!entry) {
      request.resume();
      throw new HttpError(404, { detail: "Not Found" });
    }
    if (request.method !== entry[0]) {
      request.resume();
      throw new HttpError(405, { detail: "Method Not Allowed" });
    }
    return entry[1]();
  }

  private async create(request: IncomingMessage): Promise<number> {
    request.resume();
    const environment = await this.options.create();
    const id = this.nextId++;
    this.slots.set(id, { environment, lock: new ConcurrencyLimiter(1), reset: false, done: false });
    return id;
  }

  private slot(id: number): Slot {
    const slot = this.slots.get(id);
    if (!slot) throw notFound(id);
    return slot;
  }

  private async reset(body: WebshopResetRequest): Promise<[string, null]> {
    const slot = this.slot(body.env_idx);
    return slot.lock.run(async () => {
      const observation = await slot.environment.reset(this.sessionToReset(body.session_id ?? null));
      slot.reset = true;
      slot.done = false;
      return [observation.text, null];
    });
  }

  private async step(body: WebshopStepRequest): Promise<WebshopStepResponse> {
    const slot = this.slot(body.env_idx);
    return slot.lock.run(async () => {
      if (!slot.reset) throw new HttpError(409, { error: `environment ${body.env_idx} has not been reset` });
      if (slot.done) throw new HttpError(409, { error: `the episode of environment ${body.env_idx} is over; reset it first` });
      const step = Step.parse(await slot.environment.step(body.action));
      const truncated = step.truncated === true;
      slot.done = step.done || truncated;
      const info: StepInfo = { ...jsonInfo(step.info), truncated };
      return { state: step.observation.text, reward: typeof step.info.score === "number" ? step.info.score : step.reward, done: slot.done, info };
    });
  }

  private async close(body: WebshopCloseRequest): Promise<{ closed: boolean }> {
    const slot = this.slots.get(body.env_idx);
    if (!slot) return { closed: false };
    this.slots.delete(body.env_idx);
    await slot.lock.run(async () => slot.environment.close?.());
    return { closed: true };
  }

  /** A query about the current page of `?env_idx=`. */
  private async page<T>(url: URL, read: (environment: WebshopServable, id: number) => Promise<T>): Promise<T> {
    const raw = url.searchParams.get("env_idx");
    const id = raw !== null && /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(id)) {
      throw new HttpError(422, { detail: [{ loc: ["query", "env_idx"], msg: "value is not a valid integer", type: "type_error.integer" }] });
    }
    const slot = this.slot(id);
    return slot.lock.run(async () => {
      if (!slot.reset) throw new HttpError(409, { error: `environment ${id} has not been reset` });
      return read(slot.environment, id);
    });
  }

  private body<T>(schema: z.ZodType<T>, value: unknown): T {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new HttpError(422, {
      detail: parsed.error.issues.map((issue) => ({ loc: ["body", ...issue.path.map(String)], msg: issue.message, type: issue.code })),
    });
  }

  /** A JSON body of at most `maxBodyBytes`, or FastAPI's 413/422 answer. */
  private async readJson(request: IncomingMessage): Promise<unknown> {
    const body = await readJsonBody(request, this.maxBodyBytes);
    if (body.ok) return body.value;
    if (body.reason === "too-large") throw new HttpError(413, { error: body.message });
    throw new HttpError(422, { detail: [{ loc: ["body"], msg: body.message, type: "value_error.jsondecode" }] });
  }

}

/** The step info as JSON can carry it; the well-known keys alone if the rest cannot be serialized. */
function jsonInfo(info: StepInfo): StepInfo {
  try {
    return JSON.parse(JSON.stringify(info)) as StepInfo;
  } catch {
    const { won, valid, score, taskType } = info;
    return { won, valid, score, taskType };
  }
}
