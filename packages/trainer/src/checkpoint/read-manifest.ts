import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { findCompleteDirectory } from "./atomic-directory.js";
import { CheckpointError } from "./checkpoint-error.js";
import { CHECKPOINT_FILES, CheckpointManifest } from "./checkpoint-manifest.js";

/**
 * The directory actually holding the checkpoint `dir` (itself, or a complete sibling left by a
 * save that crashed mid-swap) and its validated manifest.
 */
export async function readManifest(dir: string): Promise<{ path: string; manifest: CheckpointManifest }> {
  const path = await findCompleteDirectory(dir, CHECKPOINT_FILES.manifest);
  if (path === undefined) throw new CheckpointError("no checkpoint directory here", { path: dir });
  const manifestPath = join(path, CHECKPOINT_FILES.manifest);
  const text = await readCheckpointFile(manifestPath, "utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(`corrupt manifest, not JSON: ${error instanceof Error ? error.message : String(error)}`, { path: manifestPath, cause: error });
  }
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === "number" && version !== 1) {
    throw new CheckpointError(`checkpoint format version ${version} is not supported (this version reads 1)`, { path: manifestPath });
  }
  const parsed = CheckpointManifest.safeParse(json);
  if (!parsed.success) throw new CheckpointError(`invalid manifest:\n${z.prettifyError(parsed.error)}`, { path: manifestPath, cause: parsed.error });
  return { path, manifest: parsed.data };
}

/** A file of the checkpoint; a missing one is a CheckpointError. */
export async function readCheckpointFile(path: string, encoding: "utf8"): Promise<string>;
export async function readCheckpointFile(path: string): Promise<Uint8Array>;
export async function readCheckpointFile(path: string, encoding?: "utf8"): Promise<string | Uint8Array> {
  try {
    return encoding === undefined ? await readFile(path) : await readFile(path, encoding);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = code === "ENOENT" ? "missing file" : `cannot read: ${error instanceof Error ? error.message : String(error)}`;
    throw new CheckpointError(reason, { path, cause: error });
  }
}
