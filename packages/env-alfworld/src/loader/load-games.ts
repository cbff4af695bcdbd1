import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { gunzip as gunzipCallback, gunzipSync } from "node:zlib";
import { InvalidInputError } from "@hiper/core";
import type { AlfworldGame } from "../model/game-model.js";
import { parseGameFile } from "../pddl/game-file.js";
import { ALFWORLD_SPLITS, GameEntry, GameSet, type GameFilter } from "./game-set.js";
import { readTar, TarFormatError } from "./tar-reader.js";

const gunzip = promisify(gunzipCallback);

/** The environment variable naming ALFWorld's data directory (upstream `ALFWORLD_DATA`). */
export const ALFWORLD_DATA_VARIABLE = "ALFWORLD_DATA";
const GAME_FILE = "game.tw-pddl";

export interface LoadGamesOptions extends GameFilter {
  /**
   * Where the games are: a `game.tw-pddl` file; a directory in ALFWorld's layout (the data root
   * holding `json_2.1.1/`, `json_2.1.1` itself, a split directory, or any directory above
   * `game.tw-pddl` files); or a `.tgz`/`.tar.gz`/`.tar` archive of that layout. Defaults to
   * `$ALFWORLD_DATA`.
   */
  path?: string;
}

/** Splits a found path into `{ path, split }`: the path starts at its split directory when it has one. */
function placeInLayout(found: string): { path: string; split?: string } {
  const parts = found.split(/[\\/]+/).filter((part) => part !== "" && part !== ".");
  let at = parts.length - 1;
  while (at >= 0 && !(ALFWORLD_SPLITS as readonly string[]).includes(parts[at] as string)) at -= 1;
  if (at < 0) return { path: parts.join("/") };
  return { path: parts.slice(at).join("/"), split: parts[at] as string };
}

function resolveSource(path: string | undefined): string {
  const chosen = path ?? process.env[ALFWORLD_DATA_VARIABLE];
  if (!chosen) throw new InvalidInputError(`no ALFWorld data: pass a path or set ${ALFWORLD_DATA_VARIABLE}`);
  const absolute = resolve(chosen);
  if (!existsSync(absolute)) throw new InvalidInputError(`ALFWorld data not found: ${absolute}`);
  return absolute;
}

const isArchive = (path: string) => /\.(tgz|tar\.gz|tar)$/i.test(path);

function entriesFromDirectory(directory: string): GameEntry[] {
  const root = existsSync(join(directory, "json_2.1.1")) ? join(directory, "json_2.1.1") : directory;
  const files = (readdirSync(root, { recursive: true }) as string[]).filter(
    (file) => file === GAME_FILE || file.endsWith(`${sep}${GAME_FILE}`) || file.endsWith(`/${GAME_FILE}`),
  );
  return files.map((file) => {
    const absolute = join(root, file);
    const layout = placeInLayout(absolute);
    // without a split directory in the path, name the game by its place under the given directory
    const path = layout.split ? layout.path : relative(directory, absolute).split(sep).join("/");
    return GameEntry.fromText(path, () => readFileSync(absolute, "utf8"), layout.split);
  });
}

function entriesFromTar(tar: Uint8Array, archive: string): GameEntry[] {
  let members;
  try {
    members = readTar(tar);
  } catch (cause) {
    if (cause instanceof TarFormatError) throw new InvalidInputError(`${archive}: not a readable tar archive (${cause.message})`, { cause });
    throw cause;
  }
  const decoder = new TextDecoder();
  return members
    .filter((member) => member.path === GAME_FILE || member.path.endsWith(`/${GAME_FILE}`))
    .map((member) => {
      const layout = placeInLayout(member.path);
      // a copy per game, so that the unpacked archive can be freed and each text goes once parsed
      const bytes = new Uint8Array(member.data);
      return GameEntry.fromText(layout.path, () => decoder.decode(bytes), layout.split);
    });
}

function entriesFromFile(file: string): GameEntry[] {
  const layout = placeInLayout(file);
  return [GameEntry.fromText(layout.split ? layout.path : file, () => readFileSync(file, "utf8"), layout.split)];
}

function unzip(bytes: Buffer, archive: string): Uint8Array {
  if (/\.tar$/i.test(archive)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (cause) {
    throw new InvalidInputError(`${archive}: not a gzip file (${(cause as Error).message})`, { cause });
  }
}

function finish(entries: GameEntry[], options: LoadGamesOptions, source: string): GameSet {
  const set = new GameSet(entries);
  const filtered = options.splits || options.taskTypes ? set.filter(options) : set;
  if (set.size === 0) throw new InvalidInputError(`no ${GAME_FILE} files in ${source}`);
  return filtered;
}

/**
 * Loads a set of games without parsing them (each is parsed on first use). Reading a `.tgz` keeps
 * the bytes of every game not yet parsed in memory (all of train.tgz: about 310 MB); a parsed game
 * keeps only its model (about 20 KB, plus about 17 KB once compiled for the engine).
 * Throws `InvalidInputError` when the source is missing, unreadable or holds no game.
 */
export function loadGamesSync(options: LoadGamesOptions = {}): GameSet {
  const source = resolveSource(options.path);
  if (statSync(source).isDirectory()) return finish(entriesFromDirectory(source), options, source);
  if (isArchive(source)) return finish(entriesFromTar(unzip(readFileSync(source), source), source), options, source);
  return finish(entriesFromFile(source), options, source);
}

/** `loadGamesSync`, reading and unpacking archives off the main thread. */
export async function loadGames(options: LoadGamesOptions = {}): Promise<GameSet> {
  const source = resolveSource(options.path);
  if (isArchive(source) && !statSync(source).isDirectory()) {
    const bytes = await readFile(source);
    let tar: Uint8Array = bytes;
    if (!/\.tar$/i.test(source)) {
      try {
        tar = await gunzip(bytes, { chunkSize: 1 << 22 });
      } catch (cause) {
        throw new InvalidInputError(`${source}: not a gzip file (${(cause as Error).message})`, { cause });
      }
    }
    return finish(entriesFromTar(tar, source), options, source);
  }
  return loadGamesSync({ ...options, path: source });
}

/** Reads and parses one `game.tw-pddl` file. Throws `InvalidInputError` for a bad file. */
export async function loadGame(path: string): Promise<AlfworldGame> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new InvalidInputError(`cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  return parseGameFile(text, { source: path });
}
