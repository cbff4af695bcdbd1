import type { z } from "zod";
import { InvalidInputError } from "../errors/index.js";
import { abortableSleep } from "../util/abortable-sleep.js";

/** Makes the caller's error (with its environment id and step) from a problem description. */
export type RequestFailure = (message: string, cause?: unknown) => Error;

export interface JsonHttpClientOptions {
  /** `http(s)://host:port`; a trailing slash is dropped. */
  baseUrl: string;
  /** Per-request timeout (default 300,000 ms). */
  timeoutMs?: number;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
}

/** Retry an answer with this status a few times before failing (WebShop's server answers 503 while busy). */
export interface RetryOnStatus {
  status: number;
  attempts: number;
  delayMs: number;
}

/** Shortens an answer for an error message. */
export function clipText(text: string | undefined): string {
  const shown = text ?? "";
  return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
}

/** The JSON-over-HTTP plumbing of the remote environment clients: URL checks, timeouts, status and JSON errors. */
export class JsonHttpClient {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  private readonly fetch: typeof globalThis.fetch;

  constructor(options: JsonHttpClientOptions) {
    let url: URL;
    try {
      url = new URL(options?.baseUrl);
    } catch (error) {
      throw new InvalidInputError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(options?.baseUrl)}`, { cause: error });
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new InvalidInputError(`baseUrl must use http or https, got ${url.protocol}`);
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs ?? 300_000;
    if (!Number.isInteger(this.timeoutMs) || this.timeoutMs < 1) throw new InvalidInputError(`timeoutMs must be a positive integer, got ${this.timeoutMs}`);
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** A request whose JSON answer must fit `schema` (when given); any problem becomes `fail(...)`. */
  async call<T>(method: "GET" | "POST", path: string, body: unknown, schema: z.ZodType<T> | undefined, fail: RequestFailure, retry?: RetryOnStatus): Promise<T> {
    const answer = await this.request(method, path, body, fail, retry);
    if (!schema) return answer as T;
    const parsed = schema.safeParse(answer);
    if (!parsed.success) throw fail(`${method} ${path}: unexpected answer ${clipText(JSON.stringify(answer))}`);
    return parsed.data;
  }

  /** The parsed JSON answer of a 200 response. */
  async request(method: "GET" | "POST", path: string, body: unknown, fail: RequestFailure, retry?: RetryOnStatus): Promise<unknown> {
    for (let attempt = 1; ; attempt += 1) {
      let response: Response;
      let text: string;
      try {
        response = await this.fetch(`${this.baseUrl}${path}`, {
          method,
          ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        throw fail(`${method} ${path}: ${transportProblem(error, this.timeoutMs)}`, error);
      }
      if (retry && response.status === retry.status && attempt < retry.attempts) {
        await abortableSleep(retry.delayMs);
        continue;
      }
      if (response.status !== 200) throw fail(`${method} ${path}: HTTP ${response.status} ${clipText(text)}`);
      try {
        return JSON.parse(text);
      } catch (error) {
        throw fail(`${method} ${path}: the answer is not JSON: ${clipText(text)}`, error);
      }
    }
  }
}

/** What went wrong on the wire: a timeout, or the fetch error with its system code. */
function transportProblem(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const detail = typeof cause?.code === "string" ? cause.code : typeof cause?.message === "string" ? cause.message : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return detail ? `${message} (${detail})` : message;
}
