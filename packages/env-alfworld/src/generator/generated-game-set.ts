import { InvalidInputError } from "@hiper/core";
import { z } from "zod";
import { GameEntry, GameSet } from "../loader/game-set.js";
import { TASK_TYPES, type TaskTypeName } from "../model/task-type.js";
import { generateGame, GenerateGameOptions, generatedGamePathOf, generatedGameText, type GeneratedGame } from "./generate-game.js";
import { deriveSeed } from "./sampling.js";

export const GeneratedGameSetOptions = GenerateGameOptions.omit({ seed: true }).extend({
  /** How many games. */
  count: z.number().int().positive().max(10_000_000),
  /** Seed of the whole set; game i gets its own seed derived from it (written in its path). */
  seed: z.number().int().default(0),
  /** Task types to cycle through (game i gets `taskTypes[i % n]`); all six, drawn at train frequencies, when left out. */
  taskTypes: z.array(z.enum(TASK_TYPES)).min(1).optional(),
});
export type GeneratedGameSetOptions = z.input<typeof GeneratedGameSetOptions>;

/**
 * The options of each game of a generated set, in index order: distinct seeds derived from the set
 * seed, and the task type cycled from `taskTypes` when given.
 */
export function generatedGameOptions(options: GeneratedGameSetOptions): GenerateGameOptions[] {
  const parsed = GeneratedGameSetOptions.safeParse(options);
  if (!parsed.success) throw new InvalidInputError(`invalid generated game set options: ${parsed.error.message}`, { cause: parsed.error });
  const { count, seed, taskTypes, ...knobs } = parsed.data;
  const seen = new Set<number>();
  const list: GenerateGameOptions[] = [];
  for (let i = 0, attempt = 0; list.length < count; attempt++) {
    const gameSeed = deriveSeed(seed, attempt);
    if (seen.has(gameSeed)) continue;
    seen.add(gameSeed);
    const taskType: TaskTypeName | undefined = taskTypes ? (taskTypes[i % taskTypes.length] as TaskTypeName) : knobs.taskType;
    list.push({ ...knobs, seed: gameSeed, ...(taskType !== undefined ? { taskType } : {}) });
    i++;
  }
  return list;
}

/** The games of a generated set, generated now (use `generatedGameSet` for the lazy engine-ready set). */
export function generateGames(options: GeneratedGameSetOptions): GeneratedGame[] {
  return generatedGameOptions(options).map((gameOptions) => generateGame(gameOptions));
}

/**
 * The embedded default game source: a `GameSet` of `count` generated games that the engine loads
 * exactly like real ones (each entry generates its `game.tw-pddl` text and parses it on first
 * use), in generation order so that consecutive seeds mix task types. Paths are `generated/<task-type>-<Object>-None-<Receptacle>-<room>/seed-<n>/game.tw-pddl`,
 * so per-task-type keys work as on real paths, and any path can be regenerated
 * (`parseGeneratedGamePath`). Deterministic for the same options.
 */
export function generatedGameSet(options: GeneratedGameSetOptions): GameSet {
  const entries = generatedGameOptions(options).map((gameOptions) =>
    GameEntry.fromText(generatedGamePathOf(gameOptions), () => generatedGameText(generateGame(gameOptions)), "generated"),
  );
  return new GameSet(entries, { order: "given" });
}
