import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { createInterface } from "node:readline";
import { TrajectoryFileError } from "../errors/index.js";
import { EpisodeRecord } from "./episode-record.js";

export interface TrajectoryReadResult {
  episodes: EpisodeRecord[];
  /** Lines that were skipped, e.g. an episode torn by a crash. */
  warnings: string[];
}

/**
 * Reads a trajectory file written by TrajectoryWriter. A line that is not complete JSON (an
 * episode torn by a crash) is skipped with a warning; a complete line that does not match the
 * schema is an error, because it means the file is not what the caller thinks it is.
 */
export async function readTrajectories(path: string): Promise<TrajectoryReadResult> {
  const episodes: EpisodeRecord[] = [];
  const warnings: string[] = [];
  for await (const item of iterateTrajectoryLines(path)) {
    if ("warning" in item) warnings.push(item.warning);
    else episodes.push(item.episode);
  }
  return { episodes, warnings };
}

type LineItem = { episode: EpisodeRecord; line: number } | { warning: string; line: number };

/** Streams the episodes of a trajectory file without holding the whole file in memory. */
export async function* iterateTrajectoryLines(path: string): AsyncGenerator<LineItem> {
  try {
    await access(path);
  } catch (error) {
    throw new TrajectoryFileError(`trajectory file ${path} cannot be read`, { path, cause: error });
  }
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const text of lines) {
    lineNumber += 1;
    if (text.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      yield { warning: `${path}:${lineNumber}: skipped an incomplete line (${text.length} bytes), probably an episode torn by a crash`, line: lineNumber };
      continue;
    }
    const parsed = EpisodeRecord.safeParse(json);
    if (!parsed.success) {
      const version = typeof json === "object" && json !== null ? (json as { schemaVersion?: unknown }).schemaVersion : undefined;
      throw new TrajectoryFileError(
        `${path}:${lineNumber}: not a HiPER episode record (schemaVersion ${String(version)}): ${parsed.error.issues
          .slice(0, 3)
          .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
          .join("; ")}`,
        { path, line: lineNumber },
      );
    }
    yield { episode: parsed.data, line: lineNumber };
  }
}
