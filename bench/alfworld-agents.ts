/**
 * ALFWorld agents and generator benchmark. Run: `npx tsx bench/alfworld-agents.ts`.
 *
 * Reports
 * - the expert's wins on 1,000 generated games;
 * - the explorer's success rate and mean steps on the 140 real valid_seen games, on the 3,553
 *   train games and on 500 generated games (real splits only when the shared data is present:
 *   `../shared/data/alfworld` or `$HIPER_SHARED_DATA/alfworld`);
 * - receptacles, objects and walkthrough length per game, generated vs the real train split;
 * - generator and loader throughput.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runEpisode, type EpisodeRecord, type Policy } from "@hiper/core";
import {
  AlfworldEnvironment,
  alfworldPolicies,
  generatedGameSet,
  generatedGameText,
  generateGames,
  loadGamesSync,
  parseGameFile,
  TASK_TYPE_COLUMNS,
  type AlfworldGame,
  type GameSet,
} from "@hiper/env-alfworld";

const root = fileURLToPath(new URL("../", import.meta.url));
const dataDir = join(process.env.HIPER_SHARED_DATA ?? resolve(root, "../shared/data"), "alfworld");
const realSplit = (name: string): GameSet | undefined => {
  const path = join(dataDir, `${name}.tgz`);
  return existsSync(path) ? loadGamesSync({ path }) : undefined;
};

interface AgentResult {
  games: number;
  won: number;
  meanSteps: number;
  meanStepsWon: number;
  byType: Record<string, string>;
  seconds: number;
}

async function evaluate(games: GameSet, policyName: "expert" | "explorer", count = games.size): Promise<AgentResult> {
  const started = performance.now();
  const environment = new AlfworldEnvironment({ games });
  const policy: Policy = alfworldPolicies[policyName].create({ environment, seed: 0 });
  const episodes: EpisodeRecord[] = [];
  for (let seed = 0; seed < count; seed++) {
    episodes.push(await runEpisode({ environment, policy, promptStyle: "alfworld", reset: { seed }, trajectoryId: `${seed}`, groupId: `${seed}`, maxSteps: 50, historyLength: 2 }));
  }
  const won = episodes.filter((episode) => episode.won);
  const byType: Record<string, string> = {};
  for (const column of TASK_TYPE_COLUMNS) {
    const ofType = episodes.filter((episode) => episode.taskType === column);
    if (ofType.length > 0) byType[column] = `${ofType.filter((episode) => episode.won).length}/${ofType.length}`;
  }
  const mean = (list: EpisodeRecord[]) => list.reduce((sum, episode) => sum + episode.steps, 0) / Math.max(1, list.length);
  return { games: count, won: won.length, meanSteps: mean(episodes), meanStepsWon: mean(won), byType, seconds: (performance.now() - started) / 1000 };
}

function line(label: string, result: AgentResult): string {
  const rate = ((100 * result.won) / result.games).toFixed(1);
  const types = Object.entries(result.byType).map(([column, score]) => `${column} ${score}`).join(", ");
  return `| ${label} | ${result.won}/${result.games} (${rate}%) | ${result.meanSteps.toFixed(2)} | ${result.meanStepsWon.toFixed(2)} | ${types} | ${result.seconds.toFixed(1)} s |`;
}

interface Sizes {
  receptacles: number[];
  objects: number[];
  walkthrough: number[];
}
const sizesOf = (games: Iterable<AlfworldGame>): Sizes => {
  const sizes: Sizes = { receptacles: [], objects: [], walkthrough: [] };
  for (const game of games) {
    sizes.receptacles.push(game.receptacles.length);
    sizes.objects.push(game.objects.filter((object) => object.id.includes("_bar_")).length);
    sizes.walkthrough.push(game.walkthrough?.length ?? 0);
  }
  return sizes;
};
const summary = (values: number[]) =>
  `${(values.reduce((sum, v) => sum + v, 0) / values.length).toFixed(1)} / ${Math.min(...values)} / ${Math.max(...values)}`;

async function main(): Promise<void> {

  // generator throughput and sizes
  let started = performance.now();
  const generated = generateGames({ count: 3553, seed: 1 });
  const generateSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const parsedGenerated = generated.map((game) => parseGameFile(generatedGameText(game), { source: game.path }));
  const parseSeconds = (performance.now() - started) / 1000;
  console.log(`Generator: ${generated.length} games in ${generateSeconds.toFixed(2)} s (${(generated.length / generateSeconds).toFixed(0)} games/s); ` +
    `parsing them as game.tw-pddl files: ${(generated.length / parseSeconds).toFixed(0)} games/s.\n`);

  const train = realSplit("train");
  console.log("### Game sizes (mean / min / max per game)\n");
  console.log("| games | receptacles | objects (`_bar_` ids) | walkthrough commands |");
  console.log("|---|---|---|---|");
  const generatedSizes = sizesOf(parsedGenerated);
  console.log(`| generated (3,553, default knobs) | ${summary(generatedSizes.receptacles)} | ${summary(generatedSizes.objects)} | ${summary(generatedSizes.walkthrough)} |`);
  if (train) {
    const realSizes = sizesOf(train.entries.map((entry) => entry.load()));
    console.log(`| real train split (${train.size}) | ${summary(realSizes.receptacles)} | ${summary(realSizes.objects)} | ${summary(realSizes.walkthrough)} |`);
  } else {
    console.log("| real train split | (shared data absent) | | |");
  }

  console.log("\n### Agents (50-step limit)\n");
  console.log("| agent and games | won | mean steps | mean steps (won) | per type | time |");
  console.log("|---|---|---|---|---|---|");
  console.log(line("expert, 1,000 generated", await evaluate(generatedGameSet({ count: 1000, seed: 2024 }), "expert")));
  const validSeen = realSplit("valid_seen");
  if (validSeen) console.log(line("explorer, valid_seen (140 real)", await evaluate(validSeen, "explorer")));
  else console.log("| explorer, valid_seen | (shared data absent) | | | | |");
  console.log(line("explorer, 500 generated", await evaluate(generatedGameSet({ count: 500, seed: 2025 }), "explorer")));
  console.log(line("explorer, 500 generated, 2× receptacles and objects", await evaluate(generatedGameSet({ count: 500, seed: 2025, receptacleScale: 2, distractors: 2 }), "explorer")));
  if (train) console.log(line(`explorer, train (${train.size} real)`, await evaluate(train, "explorer")));
}

await main();
