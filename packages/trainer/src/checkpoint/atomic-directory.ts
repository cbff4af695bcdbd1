import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

/** The files of a directory, in write order; the last one marks the directory complete. */
export type DirectoryFiles = Array<[name: string, contents: Uint8Array | string]>;

/**
 * Replaces directory `dir` with one holding `files`, so that a crash at any point leaves a
 * complete old or new directory. Everything is written and fsynced into a sibling
 * `<dir>.tmp-<pid>-<random>`, the last file under a temporary name renamed into place (so a
 * temp directory holding it is complete); then the old `dir` is renamed aside to
 * `<dir>.old-…`, the temp renamed to `dir`, and the old one removed. Node has no atomic
 * directory exchange, so between those two renames `dir` is absent: {@link findCompleteDirectory}
 * finds the complete sibling then. Leftovers of crashed writes are removed afterwards.
 * Concurrent writers to the same `dir` are not supported.
 */
export async function replaceDirectoryAtomically(dir: string, files: DirectoryFiles): Promise<void> {
  const target = resolve(dir);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const temp = `${target}.tmp-${process.pid}-${randomSuffix()}`;
  await mkdir(temp);
  try {
    for (const [index, [name, contents]] of files.entries()) {
      const isMarker = index === files.length - 1;
      await writeFileSynced(join(temp, isMarker ? `${name}.partial` : name), contents);
      if (isMarker) await rename(join(temp, `${name}.partial`), join(temp, name));
    }
    await fsyncDirectory(temp);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  if (await exists(target)) {
    const old = `${target}.old-${process.pid}-${randomSuffix()}`;
    await rename(target, old);
    await rename(temp, target);
    await fsyncDirectory(parent);
    await rm(old, { recursive: true, force: true });
  } else {
    await rename(temp, target);
    await fsyncDirectory(parent);
  }
  await removeLeftovers(target);
}

/**
 * `dir` if it exists; otherwise, when a write crashed between its two renames, the newest
 * complete temp sibling (one holding `marker`), else the newest renamed-aside old one.
 */
export async function findCompleteDirectory(dir: string, marker: string): Promise<string | undefined> {
  const target = resolve(dir);
  if (await exists(target)) return target;
  const siblings = await leftoverSiblings(target);
  const newest = async (paths: string[]) => {
    const dated = await Promise.all(paths.map(async (path) => ({ path, time: (await stat(path)).mtimeMs })));
    return dated.sort((a, b) => b.time - a.time)[0]?.path;
  };
  const completeTemps = [];
  for (const path of siblings.temps) if (await exists(join(path, marker))) completeTemps.push(path);
  return (await newest(completeTemps)) ?? (await newest(siblings.olds));
}

async function writeFileSynced(path: string, contents: Uint8Array | string): Promise<void> {
  const handle = await open(path, "wx");
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes renames and new entries in `path` durable; platforms that cannot fsync a directory skip it. */
async function fsyncDirectory(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, "r");
    await handle.sync();
  } catch (error) {
    if (!isErrorCode(error, ["EISDIR", "EPERM", "EINVAL", "EBADF"])) throw error;
  } finally {
    await handle?.close();
  }
}

/** Renamed-aside old copies, and temps of processes no longer running. */
async function removeLeftovers(target: string): Promise<void> {
  const { temps, olds } = await leftoverSiblings(target);
  const stale = temps.filter((path) => !isRunning(Number(/\.tmp-(\d+)-[^/]*$/.exec(path)?.[1])));
  await Promise.all([...stale, ...olds].map((path) => rm(path, { recursive: true, force: true })));
}

async function leftoverSiblings(target: string): Promise<{ temps: string[]; olds: string[] }> {
  const parent = dirname(target);
  const base = basename(target);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch (error) {
    if (isErrorCode(error, ["ENOENT", "ENOTDIR"])) return { temps: [], olds: [] };
    throw error;
  }
  const matching = (kind: string) => names.filter((name) => new RegExp(`^${escapeRegExp(base)}\\.${kind}-\\d+-[0-9a-f]+$`).test(name)).map((name) => join(parent, name));
  return { temps: matching("tmp"), olds: matching("old") };
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrorCode(error, ["EPERM"]);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isErrorCode(error, ["ENOENT"])) return false;
    throw error;
  }
}

function isErrorCode(error: unknown, codes: string[]): boolean {
  return typeof error === "object" && error !== null && codes.includes((error as { code?: unknown }).code as string);
}

function randomSuffix(): string {
  return randomBytes(4).toString("hex");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
