import type { z } from "zod";
import { InvalidInputError } from "../errors/index.js";

/** Parses an estimator config with its zod schema; a bad value becomes an InvalidInputError. */
export function parseConfig<Schema extends z.ZodType>(schema: Schema, input: unknown, name: string): z.infer<Schema> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
  throw new InvalidInputError(`invalid ${name} config: ${issues}`, { cause: parsed.error });
}
