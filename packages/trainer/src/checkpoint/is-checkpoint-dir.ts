import { HiperError } from "@hiper/core";
import { readManifest } from "./read-manifest.js";

/** Whether `path` holds a checkpoint with a valid manifest (the tensor files are checked on load). */
export async function isCheckpointDir(path: string): Promise<boolean> {
  try {
    await readManifest(path);
    return true;
  } catch (error) {
    if (HiperError.isInstance(error)) return false;
    throw error;
  }
}
