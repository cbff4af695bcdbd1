import { z } from "zod";

/** OpenAI's error body: `{"error": {message, type, param, code}}`. */
export const OpenAIErrorBody = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    param: z.string().nullable(),
    code: z.string().nullable(),
  }),
});
export type OpenAIErrorBody = z.infer<typeof OpenAIErrorBody>;

/** A request the server refuses, answered with `status` and an error body in OpenAI's shape. */
export class OpenAIHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: { type?: string; code?: string | null; param?: string | null } = {},
  ) {
    super(message);
    this.name = "OpenAIHttpError";
  }

  body(): OpenAIErrorBody {
    return {
      error: {
        message: this.message,
        type: this.details.type ?? (this.status >= 500 ? "server_error" : "invalid_request_error"),
        param: this.details.param ?? null,
        code: this.details.code ?? null,
      },
    };
  }
}
