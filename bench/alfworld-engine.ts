/**
 * ALFWorld engine benchmark: seeded random walks over real games, with the admissible list
 * computed after every step (as every step result carries it), and the memory one live
 * environment costs.
 *
 *   npx tsx bench/alfworld-engine.ts [--data <games .tgz or dir>] [--steps 300000] [--envs 2000] [--seed 1]
 *
 * The default data is ../shared/data/alfworld/valid_seen.tgz beside the project root. Run node
 * with --expose-gc (`node --expose-gc --import tsx bench/alfworld-engine.ts`) for steadier memory
 * numbers.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { SeededRandom } from "@hiper/core";
import { AlfworldEngine, AlfworldEnvironment, loadGamesSync, type GameSet } from "@hiper/env-alfworld";

export interface EngineBenchOptions {
  games: GameSet;
  /** Engine steps to run (sync API). */
  steps: number;
  /** Environments kept alive for the memory measurement. */
  liveEnvironments: number;
  seed: number;
}

export interface EngineBenchResult {
  games: number;
  engineSteps: number;
  engineStepsPerSecond: number;
  environmentSteps: number;
  environmentStepsPerSecond: number;
  episodes: number;
  invalidShare: number;
  compileMsPerGame: number;
  sharedKbPerGame: number;
  kbPerLiveEnvironment: number;
}

const INVALID = ["jump", "Go To countertop 1", "go to moon 1", "put apple 1 in fridge 1", "take", "examine"];

const heapUsed = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
};

/** Picks the next command of a random walk: mostly admissible, about 10 % invalid. */
function nextCommand(random: SeededRandom, admissible: readonly string[]): string {
  return random.next() < 0.1 ? random.pick(INVALID) : random.pick(admissible);
}

export async function runEngineBench(options: EngineBenchOptions): Promise<EngineBenchResult> {
  const { games, steps, liveEnvironments, seed } = options;

  // compile every game once (shared by all engines that play it)
  const beforeCompile = heapUsed();
  let started = performance.now();
  for (const entry of games.entries) entry.compile();
  const compileMsPerGame = (performance.now() - started) / games.size;
  const sharedKbPerGame = (heapUsed() - beforeCompile) / games.size / 1024;

  // engine steps (sync), one engine per game, walking game after game
  const random = new SeededRandom(seed);
  const engines = games.entries.map((entry) => new AlfworldEngine(entry.compile()));
  let episodes = 0;
  let invalid = 0;
  let game = 0;
  let engine = engines[0] as AlfworldEngine;
  engine.reset();
  started = performance.now();
  for (let i = 0; i < steps; i += 1) {
    if (engine.done) {
      game = (game + 1) % engines.length;
      engine = engines[game] as AlfworldEngine;
      engine.reset();
      episodes += 1;
    }
    const result = engine.step(nextCommand(random, engine.admissibleCommands));
    if (!result.valid) invalid += 1;
  }
  const engineSeconds = (performance.now() - started) / 1000;

  // the same through the Environment interface (async, observation objects, info)
  const environment = new AlfworldEnvironment({ games });
  const environmentSteps = Math.max(1, Math.floor(steps / 4));
  let observation = await environment.reset({ seed: 0 });
  let episode = 0;
  started = performance.now();
  for (let i = 0; i < environmentSteps; i += 1) {
    const step = await environment.step(nextCommand(random, observation.admissibleActions ?? []));
    observation = step.observation;
    if (step.done || step.truncated) observation = await environment.reset({ seed: ++episode });
  }
  const environmentSeconds = (performance.now() - started) / 1000;

  // memory of live environments, each mid-episode (games already compiled above)
  const live: AlfworldEnvironment[] = [];
  const beforeLive = heapUsed();
  for (let i = 0; i < liveEnvironments; i += 1) {
    const env = new AlfworldEnvironment({ games });
    let current = await env.reset({ seed: i });
    for (let s = 0; s < 10; s += 1) current = (await env.step(random.pick(current.admissibleActions ?? ["look"]))).observation;
    live.push(env);
  }
  const kbPerLiveEnvironment = (heapUsed() - beforeLive) / live.length / 1024;

  return {
    games: games.size,
    engineSteps: steps,
    engineStepsPerSecond: steps / engineSeconds,
    environmentSteps,
    environmentStepsPerSecond: environmentSteps / environmentSeconds,
    episodes,
    invalidShare: invalid / steps,
    compileMsPerGame,
    sharedKbPerGame,
    kbPerLiveEnvironment: live.length > 0 ? kbPerLiveEnvironment : 0,
  };
}

async function main(): Promise<void> {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const { values } = parseArgs({
    options: {
      data: { type: "string", default: resolve(root, "../shared/data/alfworld/valid_seen.tgz") },
      steps: { type: "string", default: "300000" },
      envs: { type: "string", default: "2000" },
      seed: { type: "string", default: "1" },
    },
  });
  const games = loadGamesSync({ path: values.data });
  const result = await runEngineBench({ games, steps: Number(values.steps), liveEnvironments: Number(values.envs), seed: Number(values.seed) });
  const gcNote = (globalThis as { gc?: unknown }).gc ? "" : " (run node with --expose-gc for steadier memory numbers)";
  console.log(`ALFWorld engine benchmark on ${result.games} games from ${values.data}${gcNote}`);
  console.log(`  engine:      ${Math.round(result.engineStepsPerSecond).toLocaleString("en-US")} steps/s (${result.engineSteps} steps, ${result.episodes} episodes, ${(100 * result.invalidShare).toFixed(1)} % invalid commands, admissible list every step)`);
  console.log(`  environment: ${Math.round(result.environmentStepsPerSecond).toLocaleString("en-US")} steps/s through AlfworldEnvironment (async step, observation, info)`);
  console.log(`  compile:     ${result.compileMsPerGame.toFixed(2)} ms/game (parse + tables), ${result.sharedKbPerGame.toFixed(1)} KB/game shared by all its environments`);
  console.log(`  memory:      ${result.kbPerLiveEnvironment.toFixed(2)} KB per live environment (heapUsed delta / ${values.envs} environments mid-episode)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
