import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { finished } from "node:stream/promises";

/**
 * Writes a JSONL file from what `produce` passes to `write`, through a temporary file renamed at
 * the end: a failure half-way (a bad input line, a crash) leaves the old file or none, never half.
 */
export async function writeJsonLinesFile(path: string, produce: (write: (value: unknown) => Promise<void>) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp`;
  const output = createWriteStream(temporary);
  try {
    await produce(async (value) => {
      if (!output.write(`${JSON.stringify(value)}\n`)) await once(output, "drain");
    });
    output.end();
    await finished(output);
  } catch (error) {
    output.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
  await rename(temporary, path);
}
