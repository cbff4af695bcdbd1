import { InvalidInputError, PromiseCache, type EnvironmentRegistration, type GoldenReplaySummary } from "@hiper/core";
import { z } from "zod";
import { AlfworldEnvironment } from "./environment/alfworld-environment.js";
import { alfworldPolicies } from "./experts/alfworld-policies.js";
import { generatedGameSet } from "./generator/generated-game-set.js";
import type { GameSet } from "./loader/game-set.js";
import { loadGames } from "./loader/load-games.js";
import { TASK_TYPES } from "./model/task-type.js";
import { readGoldenFile, replayGolden } from "./replay/golden-replay.js";

/** Options of the registered `alfworld` environment (`hiper run --env alfworld -o key=value`). */
export const AlfworldRegistrationOptions = z
  .object({
    /** Real games: a directory in ALFWorld's layout or a .tgz; without it, generated games are played. */
    games: z.string().optional(),
    /** Keep only this split of the real games (train, valid_seen, valid_train). */
    split: z.string().optional(),
    /** Keep only this task type (e.g. pick_clean_then_place_in_recep). */
    taskType: z.enum(TASK_TYPES).optional(),
    /** Generated games: how many, and the seed of the set. */
    generatedCount: z.number().int().positive().default(10_000),
    generatedSeed: z.number().int().default(0),
    maxSteps: z.number().int().positive().default(50),
    /** Reward of the winning step (1 here; the HiPER scripts use 10). */
    winReward: z.number().default(1),
    timeLimitCountsAsDone: z.boolean().default(true),
  })
  .strict();
export type AlfworldRegistrationOptions = z.input<typeof AlfworldRegistrationOptions>;

// Workers of one run create many environments with the same options: load each game set once.
const gameSets = new PromiseCache<GameSet>();

function gameSetFor(options: z.output<typeof AlfworldRegistrationOptions>): Promise<GameSet> {
  const key = JSON.stringify([options.games, options.split, options.taskType, options.generatedCount, options.generatedSeed]);
  const filter = { ...(options.split ? { splits: [options.split] } : {}), ...(options.taskType ? { taskTypes: [options.taskType] } : {}) };
  return gameSets.get(key, async () =>
    options.games
      ? loadGames({ path: options.games, ...filter })
      : generatedGameSet({ count: options.generatedCount, seed: options.generatedSeed, ...(options.taskType ? { taskTypes: [options.taskType] } : {}) }),
  );
}

/** Creates an ALFWorld environment from command-line style options. */
export async function createAlfworldEnvironment(input: AlfworldRegistrationOptions = {}): Promise<AlfworldEnvironment> {
  const parsed = AlfworldRegistrationOptions.safeParse(input);
  if (!parsed.success) throw new InvalidInputError(`invalid alfworld options: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  const options = parsed.data;
  const games = await gameSetFor(options);
  if (games.size === 0) throw new InvalidInputError(`no ALFWorld games match ${JSON.stringify({ games: options.games, split: options.split, taskType: options.taskType })}`);
  return new AlfworldEnvironment({ games, maxSteps: options.maxSteps, winReward: options.winReward, timeLimitCountsAsDone: options.timeLimitCountsAsDone });
}

/** Replays golden transcripts (the `valid_seen.golden.jsonl.gz` format) against the engine. */
async function replayGoldenFile(options: { games?: string; golden: string }): Promise<GoldenReplaySummary> {
  if (!options.games) throw new InvalidInputError("alfworld replay needs --games <dir|tgz> holding the games the golden file names");
  const report = replayGolden({ games: await loadGames({ path: options.games }), golden: readGoldenFile(options.golden) });
  return {
    total: report.total,
    matched: report.matched,
    differences: report.episodes
      .filter((episode) => !episode.matched)
      .map(({ game, walk, difference }) =>
        difference
          ? `${game} [${walk}] step ${difference.step} ${difference.field}: expected ${JSON.stringify(difference.expected)}, got ${JSON.stringify(difference.got)}`
          : `${game} [${walk}] differs`,
      ),
  };
}

/** ALFWorld as HiPER knows it: `hiper run --env alfworld` plays generated games unless `-o games=...` is given. */
export const alfworldEnvironmentRegistration: EnvironmentRegistration = {
  id: "alfworld",
  description: "ALFWorld household tasks (generated games by default; -o games=<dir|tgz> for real ones)",
  create: (options = {}) => createAlfworldEnvironment(options as AlfworldRegistrationOptions),
  policies: alfworldPolicies,
  promptStyle: "alfworld",
  maxSteps: 50,
  agentGym: {
    // AgentGym's task_type is the task and trial directories of the game path.
    taskTypeOf: ({ environment }) => {
      const path = environment instanceof AlfworldEnvironment ? environment.currentGame?.path : undefined;
      return path ? path.split("/").slice(-3, -1).join("/") : "alfworld";
    },
  },
  replayGolden: replayGoldenFile,
};
