import { readFile, rename, writeFile } from "node:fs/promises";
import { z } from "zod";
import { InvalidInputError } from "@hiper/core";

/** `<dir>/collect.json`: what a `hiper collect` directory holds, so a restart can check it continues the same collection. */
export const CollectionConfig = z.object({
  env: z.string(),
  policy: z.string(),
  seed: z.number(),
  group: z.number().int().positive(),
  /** Episodes asked for so far; the only field a restart may change (grow). */
  episodes: z.number().int().positive(),
  maxSteps: z.number().int().positive(),
  history: z.number().int().nonnegative(),
  envOptions: z.record(z.string(), z.unknown()),
  temperature: z.number().nonnegative().optional(),
  createdAt: z.string(),
});
export type CollectionConfig = z.infer<typeof CollectionConfig>;

/** A restart whose options would mix two different collections in one directory. */
export class CollectionConflictError extends InvalidInputError {}

/** Fields that define the episodes' distribution; `episodes` may grow and `createdAt` is bookkeeping. */
const IDENTITY_FIELDS = ["env", "policy", "seed", "group", "maxSteps", "history", "envOptions", "temperature"] as const;

/** Stable text of a field, object keys sorted, so `-o a=1 -o b=2` equals `-o b=2 -o a=1`. */
function canonical(value: unknown): string {
  if (value === undefined) return "(default)";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  return `{${Object.entries(value)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`)
    .join(",")}}`;
}

/** The fields where `asked` differs from `saved`, as `field: saved there, asked here` lines. */
export function configDifferences(saved: CollectionConfig, asked: CollectionConfig): string[] {
  return IDENTITY_FIELDS.filter((field) => canonical(saved[field]) !== canonical(asked[field])).map(
    (field) => `${field}: ${canonical(saved[field])} there, ${canonical(asked[field])} here`,
  );
}

export async function readCollectionConfig(path: string): Promise<CollectionConfig | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new InvalidInputError(`cannot read ${path}: ${String(error)}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CollectionConflictError(`${path} is not JSON; use --overwrite to start the collection afresh`);
  }
  const parsed = CollectionConfig.safeParse(json);
  if (!parsed.success) throw new CollectionConflictError(`${path} is not a collection config (${z.prettifyError(parsed.error)}); use --overwrite to start afresh`);
  return parsed.data;
}

/** Writes the config through a temporary file, so a crash never leaves half a config. */
export async function writeCollectionConfig(path: string, config: CollectionConfig): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, `${JSON.stringify(CollectionConfig.parse(config), null, 2)}\n`);
  await rename(temporary, path);
}
