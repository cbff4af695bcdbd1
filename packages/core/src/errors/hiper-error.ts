/**
 * One base error for the whole SDK. Subclasses say whose fault a failure is and carry typed
 * fields. `isInstance` uses a brand instead of `instanceof`, so it still works when two copies
 * of @hiper/core end up in one process.
 */
export const HiperErrorCode = [
  "invalid_input",
  "environment",
  "episode_finished",
  "policy",
  "policy_timeout",
  "trajectory_file",
  "checkpoint",
  "config",
] as const;
export type HiperErrorCode = (typeof HiperErrorCode)[number];

const brand = Symbol.for("@hiper/core/HiperError");

export class HiperError extends Error {
  readonly [brand] = true;
  readonly code: HiperErrorCode;

  constructor(code: HiperErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }

  static isInstance(value: unknown): value is HiperError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

/** The caller passed something the SDK cannot use (bad options, bad numbers, a bad file). */
export class InvalidInputError extends HiperError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("invalid_input", message, options);
  }
}

/** An environment failed (engine bug, dead server, malformed observation). */
export class EnvironmentError extends HiperError {
  readonly envId: string;
  readonly step: number | undefined;

  constructor(message: string, fields: { envId: string; step?: number; cause?: unknown }) {
    super("environment", message, { cause: fields.cause });
    this.envId = fields.envId;
    this.step = fields.step;
  }
}

/** `step` was called after the episode ended; call `reset` first. */
export class EpisodeFinishedError extends HiperError {
  readonly envId: string;

  constructor(envId: string) {
    super("episode_finished", `environment "${envId}": the episode is over; call reset() before step()`);
    this.envId = envId;
  }
}

/** The model provider failed for good (after retries) or answered something unusable. */
export class PolicyError extends HiperError {
  readonly policyId: string;
  readonly status: number | undefined;
  readonly attempts: number;

  constructor(message: string, fields: { policyId: string; status?: number; attempts?: number; cause?: unknown }) {
    super("policy", message, { cause: fields.cause });
    this.policyId = fields.policyId;
    this.status = fields.status;
    this.attempts = fields.attempts ?? 1;
  }
}

/** A model request exceeded its per-request timeout on every attempt. */
export class PolicyTimeoutError extends HiperError {
  readonly policyId: string;
  readonly timeoutMs: number;
  readonly attempts: number;

  constructor(fields: { policyId: string; timeoutMs: number; attempts: number; cause?: unknown }) {
    super("policy_timeout", `policy "${fields.policyId}": no answer within ${fields.timeoutMs} ms after ${fields.attempts} attempt(s)`, {
      cause: fields.cause,
    });
    this.policyId = fields.policyId;
    this.timeoutMs = fields.timeoutMs;
    this.attempts = fields.attempts;
  }
}

/** A trajectory file could not be read or written. */
export class TrajectoryFileError extends HiperError {
  readonly path: string;
  readonly line: number | undefined;

  constructor(message: string, fields: { path: string; line?: number; cause?: unknown }) {
    super("trajectory_file", message, { cause: fields.cause });
    this.path = fields.path;
    this.line = fields.line;
  }
}

/** Turns any thrown value into a HiperError, keeping the original as `cause`. */
export function toHiperError(value: unknown, code: HiperErrorCode = "invalid_input"): HiperError {
  if (HiperError.isInstance(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new HiperError(code, message, { cause: value });
}

/** A one-line description of any thrown value, for recording failures as data. */
export function describeError(value: unknown): string {
  if (HiperError.isInstance(value)) return `${value.name}: ${value.message}`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return String(value);
}
