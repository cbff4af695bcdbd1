/**
 * How much of a valid_seen success rate is sampling noise: reads the trajectories of one policy
 * playing every game several times (`hiper run --episodes 420` on 140 games plays each game three
 * times, task seed i → game i mod 140) and prints the success of each round over all the games,
 * their mean and spread, how many games the policy always, never or sometimes wins, and its
 * switch rate.
 *
 *   npx hiper run --env alfworld --policy ckpt:<dir> --games ../shared/data/alfworld/valid_seen.tgz \
 *     --episodes 420 --concurrency 32 --temperature 0.4 --out runs/rounds.jsonl
 *   npx tsx bench/learning/evaluation-noise.ts --trajectories runs/rounds.jsonl --games 140
 */
import { parseArgs } from "node:util";
import { readTrajectories } from "@hiper/core";
import { decisionRates } from "../../packages/trainer/src/train/decision-rates.js";
import { mean, sampleStd } from "./sample-statistics.js";

const { values: args } = parseArgs({
  options: { trajectories: { type: "string" }, games: { type: "string", default: "140" } },
});
if (!args.trajectories) throw new Error("--trajectories <file.jsonl> is required");
const games = Number(args.games);
const { episodes, warnings } = await readTrajectories(args.trajectories);
if (warnings.length > 0) process.stderr.write(`${warnings.join("\n")}\n`);

function append(groups: Map<number, boolean[]>, key: number, won: boolean): void {
  const group = groups.get(key);
  if (group) group.push(won);
  else groups.set(key, [won]);
}

const rounds = new Map<number, boolean[]>();
const byGame = new Map<number, boolean[]>();
for (const episode of episodes) {
  if (episode.seed === undefined) throw new Error(`episode ${episode.trajectoryId} has no task seed`);
  append(rounds, Math.floor(episode.seed / games), episode.won);
  append(byGame, episode.seed % games, episode.won);
}

const rate = (wins: readonly boolean[]) => wins.filter(Boolean).length / wins.length;
const successes = [...rounds.entries()].sort(([a], [b]) => a - b).map(([, wins]) => rate(wins));
const perGame = [...byGame.values()].map(rate);

process.stdout.write(
  [
    `rounds of ${games} games: ${successes.map((x) => (100 * x).toFixed(1)).join(", ")}`,
    `mean ${(100 * mean(successes)).toFixed(1)}, standard deviation between rounds ${(100 * (sampleStd(successes) ?? 0)).toFixed(1)} points`,
    `games always won ${perGame.filter((x) => x === 1).length}, never won ${perGame.filter((x) => x === 0).length}, sometimes ${perGame.filter((x) => x > 0 && x < 1).length}`,
    `switch rate (turns after the first) ${(100 * decisionRates(episodes).switchRate).toFixed(1)}%`,
  ].join("\n") + "\n",
);
