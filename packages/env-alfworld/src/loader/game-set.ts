import { InvalidInputError } from "@hiper/core";
import { compileGame, type CompiledGame } from "../engine/compiled-game.js";
import { AlfworldGame, type AlfworldGameInput } from "../model/game-model.js";
import { goalTaskType } from "../model/goal-shapes.js";
import { taskTypeFromPath, type TaskTypeName } from "../model/task-type.js";
import { parseGameFile } from "../pddl/game-file.js";

/** ALFWorld's split directories (`json_2.1.1/<split>`). */
export const ALFWORLD_SPLITS = ["train", "valid_seen", "valid_unseen", "valid_train"] as const;

/**
 * One game of a set. Nothing is parsed until `load()` or `compile()` is called; both cache their
 * result.
 */
export class GameEntry {
  /** `<split>/<task-dir>/<trial-dir>/game.tw-pddl` when the split is known, else the path as found. */
  readonly path: string;
  /** The split directory the game came from, when the path names one. */
  readonly split: string | undefined;
  /** The task type named by the path (`pick_two_obj_and_place-…`), else the goal's type once loaded. */
  readonly pathTaskType: TaskTypeName | undefined;
  private source: (() => AlfworldGame) | undefined;
  private parsed: AlfworldGame | undefined;
  private compiled: CompiledGame | undefined;

  constructor(fields: { path: string; split?: string; load: () => AlfworldGame }) {
    this.path = fields.path;
    this.split = fields.split;
    this.pathTaskType = taskTypeFromPath(fields.path);
    this.source = fields.load;
  }

  /** A set entry for a game that is already in memory (e.g. from a generator). */
  static fromGame(path: string, game: AlfworldGameInput, split?: string): GameEntry {
    const parsed = AlfworldGame.safeParse(game);
    if (!parsed.success) throw new InvalidInputError(`${path}: not an ALFWorld game model (${parsed.error.message})`, { cause: parsed.error });
    return new GameEntry({ path, ...(split !== undefined ? { split } : {}), load: () => parsed.data });
  }

  /** A set entry whose file text is read on demand. */
  static fromText(path: string, readText: () => string, split?: string): GameEntry {
    return new GameEntry({ path, ...(split !== undefined ? { split } : {}), load: () => parseGameFile(readText(), { source: path }) });
  }

  /** The task type: from the path, else from the goal (parses the game). */
  get taskType(): TaskTypeName | undefined {
    if (this.pathTaskType) return this.pathTaskType;
    return goalTaskType(this.load().goal);
  }

  /** Parses the game (once). Throws `InvalidInputError` for a malformed file. */
  load(): AlfworldGame {
    if (!this.parsed) {
      this.parsed = (this.source as () => AlfworldGame)();
      this.source = undefined; // the file text is no longer needed
    }
    return this.parsed;
  }

  /** The engine tables of the game (once). */
  compile(): CompiledGame {
    this.compiled ??= compileGame(this.load());
    return this.compiled;
  }
}

export interface GameFilter {
  /** Keep only these splits (`train`, `valid_seen`, …). */
  splits?: readonly string[];
  /** Keep only these task types, matched on the path like upstream (games without a typed path match by goal). */
  taskTypes?: readonly TaskTypeName[];
}

/**
 * An ordered set of games, looked up by path or picked by index. Loaded games are sorted by path;
 * a generator keeps its own order (`order: "given"`) so that consecutive seeds mix task types.
 */
export class GameSet {
  readonly entries: readonly GameEntry[];
  private readonly byPath: Map<string, GameEntry>;

  constructor(entries: Iterable<GameEntry>, options: { order?: "path" | "given" } = {}) {
    const sorted = options.order === "given" ? [...entries] : [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.byPath = new Map();
    for (const entry of sorted) {
      if (this.byPath.has(entry.path)) throw new InvalidInputError(`two games share the path ${entry.path}`);
      this.byPath.set(entry.path, entry);
    }
    this.entries = sorted;
  }

  /** A set of in-memory games, e.g. from a generator: `GameSet.fromGames([{ path, game }])`. */
  static fromGames(games: Iterable<{ path: string; game: AlfworldGameInput; split?: string }>): GameSet {
    return new GameSet([...games].map(({ path, game, split }) => GameEntry.fromGame(path, game, split)));
  }

  get size(): number {
    return this.entries.length;
  }

  paths(): string[] {
    return this.entries.map((entry) => entry.path);
  }

  /** The entry at `index` modulo the size (any integer). */
  at(index: number): GameEntry {
    const size = this.entries.length;
    if (size === 0) throw new InvalidInputError("the game set is empty");
    return this.entries[((Math.trunc(index) % size) + size) % size] as GameEntry;
  }

  /**
   * Finds a game by path: the exact path, the path without `/game.tw-pddl`, or a unique suffix that
   * starts at a `/` boundary (`<task-dir>/<trial-dir>`).
   */
  find(path: string): GameEntry | undefined {
    const key = path.replace(/^(\.\/)+/, "").replace(/\/+$/, "");
    const exact = this.byPath.get(key) ?? this.byPath.get(`${key}/game.tw-pddl`);
    if (exact) return exact;
    const suffixes = [`/${key}`, `/${key}/game.tw-pddl`];
    const matches = this.entries.filter((entry) => suffixes.some((suffix) => entry.path.endsWith(suffix)));
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** Like `find`, but throws `InvalidInputError` when no single game matches. */
  get(path: string): GameEntry {
    const found = this.find(path);
    if (!found) throw new InvalidInputError(`no game '${path}' in this set of ${this.size} game(s)`);
    return found;
  }

  filter(filter: GameFilter): GameSet {
    const { splits, taskTypes } = filter;
    return new GameSet(
      this.entries.filter(
        (entry) =>
          (!splits || (entry.split !== undefined && splits.includes(entry.split))) &&
          (!taskTypes || (entry.taskType !== undefined && taskTypes.includes(entry.taskType))),
      ),
    );
  }
}
