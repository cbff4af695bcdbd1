import { HiperError } from "@hiper/core";
import type { BackendChoice, BackendKind } from "./backend-choice.js";

/** One backend the selector tried, and why it could not be used. */
export interface BackendAttempt {
  kind: BackendKind;
  reason: string;
}

/**
 * The configuration asked for a TensorFlow.js backend that cannot run here (a native package that
 * is not installed, or installed but broken). `attempts` says what was tried and why it failed.
 */
export class BackendUnavailableError extends HiperError {
  readonly backend: BackendChoice;
  readonly attempts: readonly BackendAttempt[];

  constructor(backend: BackendChoice, attempts: readonly BackendAttempt[], options?: { cause?: unknown }) {
    const why = attempts.map((attempt) => `${attempt.kind}: ${attempt.reason}`).join("; ");
    super("config", `the "${backend}" backend is not available (${why})`, options);
    this.backend = backend;
    this.attempts = attempts;
  }
}
