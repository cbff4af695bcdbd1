import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Tests only: where the shared ALFWorld data lives (`../shared/data/alfworld` beside the project
 * root, or `$HIPER_SHARED_DATA/alfworld`). Tests that need it skip when it is absent (a fresh clone
 * elsewhere has no shared data; the product itself never needs it).
 */
const projectRoot = fileURLToPath(new URL("../../../../", import.meta.url));
export const sharedAlfworldDir = join(process.env.HIPER_SHARED_DATA ?? resolve(projectRoot, "../shared/data"), "alfworld");
export const hasSharedAlfworld = existsSync(join(sharedAlfworldDir, "valid_seen.tgz"));
export const sharedFile = (name: string) => join(sharedAlfworldDir, name);
