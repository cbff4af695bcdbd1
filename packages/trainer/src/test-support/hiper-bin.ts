import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** The built `hiper` command (npm test builds first); CLI tests run it as a user would. */
export const bin = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

const run = promisify(execFile);

/** Runs `hiper <args>` to the end; a non-zero exit is returned, not thrown. */
export async function hiper(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
