import { mkdir, open, stat, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { TrajectoryFileError } from "../errors/index.js";
import { EpisodeRecord } from "./episode-record.js";

export interface TrajectoryWriterOptions {
  /** fsync after every episode so a power loss keeps it too (default true). */
  sync?: boolean;
}

/**
 * Appends finished episodes to a JSONL file, one episode per line, flushed as each one ends:
 * a crash loses at most the episode being written. Writes are serialized, so concurrent
 * rollouts can share one writer.
 */
export class TrajectoryWriter {
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly sync: boolean,
  ) {}

  static async open(path: string, options: TrajectoryWriterOptions = {}): Promise<TrajectoryWriter> {
    try {
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(path, "a+");
      await terminateTornLine(handle);
      return new TrajectoryWriter(path, handle, options.sync ?? true);
    } catch (error) {
      throw new TrajectoryFileError(`cannot open trajectory file ${path} for appending: ${String(error)}`, { path, cause: error });
    }
  }

  /** Validates and appends one episode; resolves once it is on disk. */
  write(episode: EpisodeRecord): Promise<void> {
    if (this.closed) return Promise.reject(new TrajectoryFileError(`trajectory file ${this.path} is closed`, { path: this.path }));
    const checked = EpisodeRecord.safeParse(episode);
    if (!checked.success) {
      return Promise.reject(
        new TrajectoryFileError(`episode ${episode.trajectoryId} does not match the trajectory schema: ${checked.error.message}`, {
          path: this.path,
        }),
      );
    }
    const line = `${JSON.stringify(checked.data)}\n`;
    const written = this.queue.then(async () => {
      await this.handle.write(line);
      if (this.sync) await this.handle.datasync();
    });
    this.queue = written.catch(() => undefined);
    return written.catch((error: unknown) => {
      throw new TrajectoryFileError(`cannot append to ${this.path}: ${String(error)}`, { path: this.path, cause: error });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.handle.close();
  }
}

/** After a crash the file may end inside a line; start the next episode on a fresh line. */
async function terminateTornLine(handle: FileHandle): Promise<void> {
  const { size } = await handle.stat();
  if (size === 0) return;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  if (last[0] !== 0x0a) await handle.write("\n");
}

/** True when a trajectory file exists and is not empty. */
export async function trajectoryFileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch {
    return false;
  }
}
