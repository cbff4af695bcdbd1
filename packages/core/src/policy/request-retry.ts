import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { describeError } from "../errors/index.js";
import { MalformedResponseError } from "./openai-response.js";

/** Why one attempt of a model request failed. */
export interface AttemptFailure {
  kind: "timeout" | "connection" | "status" | "malformed" | "fatal";
  retryable: boolean;
  /** HTTP status, when the server answered with an error. */
  status?: number;
  /** What the server asked for in Retry-After / retry-after-ms, uncapped. */
  retryAfterMs?: number;
  /** One line for messages and records. */
  message: string;
  error: unknown;
}

/** The per-attempt timer fired (set by the caller of `classifyFailure`). */
export class AttemptTimeoutError extends Error {
  override readonly name = "AttemptTimeoutError";
  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(`no complete answer within ${timeoutMs} ms`, options);
  }
}

const retryableStatuses = new Set([408, 409, 429]);
const networkCodes = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);

export function classifyFailure(error: unknown): AttemptFailure {
  if (error instanceof AttemptTimeoutError || error instanceof APIConnectionTimeoutError) {
    return { kind: "timeout", retryable: true, message: error.message, error };
  }
  if (error instanceof MalformedResponseError) {
    return { kind: "malformed", retryable: true, message: `malformed response: ${error.message}`, error };
  }
  if (error instanceof APIConnectionError) {
    return { kind: "connection", retryable: true, message: `connection failed: ${describeCause(error)}`, error };
  }
  if (error instanceof APIError && typeof error.status === "number") {
    const failure: AttemptFailure = {
      kind: "status",
      retryable: retryableStatuses.has(error.status) || error.status >= 500,
      status: error.status,
      message: `server answered ${error.message}`,
      error,
    };
    const retryAfterMs = readRetryAfterMs(error.headers);
    if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
    return failure;
  }
  // The body stream broke after the headers arrived (undici: TypeError "terminated").
  if (error instanceof TypeError || networkCodes.has(errorCode(error) ?? "")) {
    return { kind: "connection", retryable: true, message: `connection failed: ${describeCause(error)}`, error };
  }
  return { kind: "fatal", retryable: false, message: describeError(error), error };
}

/** Full jitter: uniform in [0, min(max, initial · 2^(retry-1))]. `retry` counts from 1. */
export function backoffDelayMs(retry: number, options: { initialBackoffMs: number; maxBackoffMs: number }, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxBackoffMs, options.initialBackoffMs * 2 ** (retry - 1));
  return random() * ceiling;
}

/** `retry-after-ms` (OpenAI) or `retry-after` (seconds or an HTTP date), in milliseconds. */
export function readRetryAfterMs(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const milliseconds = headers.get("retry-after-ms");
  if (milliseconds !== null) {
    const value = Number.parseFloat(milliseconds);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers.get("retry-after");
  if (retryAfter === null) return undefined;
  const seconds = Number(retryAfter.trim());
  if (retryAfter.trim() !== "" && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** The innermost useful message: fetch wraps socket errors as "fetch failed" with a cause. */
function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = errorCode(current);
    parts.push(code ? `${current.message} (${code})` : current.message);
    current = current.cause;
  }
  return parts.join(": ") || String(error);
}
