import { HiperError } from "@hiper/core";

/** A checkpoint could not be read or written: missing, corrupt, or not matching the model. */
export class CheckpointError extends HiperError {
  readonly path: string;

  constructor(message: string, fields: { path: string; cause?: unknown }) {
    super("checkpoint", `${fields.path}: ${message}`, { cause: fields.cause });
    this.path = fields.path;
  }
}
