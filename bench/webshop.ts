/**
 * WebShop benchmark on generated catalogues: catalogue generation, loading, BM25 index build,
 * memory, search throughput, and environment steps per second for expert episodes (every
 * episode searches with its instruction) and for seeded random walks (admissible actions,
 * 10 % invalid).
 *
 *   npx tsx bench/webshop.ts [--sizes 1000,100000] [--episodes 500] [--walk 20000] [--seed 0]
 *
 * Run node with --expose-gc (`node --expose-gc --import tsx bench/webshop.ts`) for steadier
 * memory numbers.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchmarkEnvironment, parsePlanExecute } from "@hiper/core";
import { buildWebshopData, generateCatalogue, readInstruction, SearchIndex, WebshopEnvironment, WebshopExpertPolicy, webshopWorld, webshopScore } from "@hiper/env-webshop";

export interface WebshopBenchResult {
  products: number;
  goals: number;
  generateMs: number;
  loadMs: number;
  indexMs: number;
  /** Heap taken by the loaded data plus the index, in MiB. */
  shopMiB: number;
  indexMiB: number;
  searchesPerSecond: number;
  expertEpisodes: number;
  expertStepsPerSecond: number;
  expertSuccessRate: number;
  expertScore: number;
  walkStepsPerSecond: number;
  kibPerLiveEnvironment: number;
}

/** JS heap plus array buffers (the index keeps its postings in typed arrays). */
const heapUsed = () => {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};
const timed = <T>(run: () => T): [T, number] => {
  const started = performance.now();
  const value = run();
  return [value, performance.now() - started];
};

export async function runWebshopBench(options: { products: number; episodes: number; walkSteps: number; seed: number }): Promise<WebshopBenchResult> {
  const before = heapUsed();
  const [catalogue, generateMs] = timed(() => generateCatalogue({ products: options.products, seed: options.seed }));
  const [data, loadMs] = timed(() => buildWebshopData({ products: catalogue.products, attributes: catalogue.attributes }, { seed: options.seed }));
  const afterLoad = heapUsed();
  const [, indexMs] = timed(() => new SearchIndex(data.products));
  // webshopWorld builds its own index; the one above only times the build
  const world = webshopWorld(data);
  const afterIndex = heapUsed();

  // search alone, with the requests an agent would type
  const queries = data.goals.slice(0, 2000).map((goal) => readInstruction(goal.instruction_text).request);
  const [, searchMs] = timed(() => {
    for (const query of queries) world.index.search(query);
  });

  // expert episodes through the Environment interface
  const environment = new WebshopEnvironment({ world });
  const expert = new WebshopExpertPolicy();
  const rewards: number[] = [];
  let steps = 0;
  let started = performance.now();
  for (let episode = 0; episode < options.episodes; episode += 1) {
    let observation = await environment.reset({ seed: episode });
    let subgoal = "None";
    for (let step = 0; ; step += 1) {
      const output = await expert.act({ envId: "webshop", promptStyle: "webshop", task: observation.task, observation, step, history: [], currentSubgoal: subgoal });
      const parsed = parsePlanExecute(output.text, { style: "webshop" });
      subgoal = parsed.subgoal;
      const result = await environment.step(parsed.action);
      steps += 1;
      if (result.done || result.truncated) {
        rewards.push(result.info.score as number);
        break;
      }
      observation = result.observation;
    }
  }
  const expertSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const walk = await benchmarkEnvironment({ create: () => new WebshopEnvironment({ world }), steps: options.walkSteps, seed: options.seed, liveEnvironments: 1000 });
  const score = webshopScore(rewards);
  return {
    products: data.products.length,
    goals: data.goals.length,
    generateMs,
    loadMs,
    indexMs,
    shopMiB: (afterIndex - before) / 2 ** 20,
    indexMiB: (afterIndex - afterLoad) / 2 ** 20,
    searchesPerSecond: queries.length / (searchMs / 1000),
    expertEpisodes: options.episodes,
    expertStepsPerSecond: steps / expertSeconds,
    expertSuccessRate: score.successRate,
    expertScore: score.score,
    walkStepsPerSecond: walk.stepsPerSecond,
    kibPerLiveEnvironment: walk.kibPerLiveEnvironment,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "1000,100000" },
      episodes: { type: "string", default: "500" },
      walk: { type: "string", default: "20000" },
      seed: { type: "string", default: "0" },
    },
  });
  const gcNote = (globalThis as { gc?: unknown }).gc ? "" : " (run node with --expose-gc for steadier memory numbers)";
  console.log(`WebShop benchmark on generated catalogues${gcNote}`);
  const number = (value: number) => Math.round(value).toLocaleString("en-US");
  for (const size of values.sizes.split(",").map(Number)) {
    const result = await runWebshopBench({ products: size, episodes: Number(values.episodes), walkSteps: Number(values.walk), seed: Number(values.seed) });
    console.log(`\n${number(result.products)} products, ${number(result.goals)} goals`);
    console.log(`  build:   generate ${number(result.generateMs)} ms, load ${number(result.loadMs)} ms, BM25 index ${number(result.indexMs)} ms`);
    console.log(`  memory:  ${result.shopMiB.toFixed(1)} MiB for the shop (index ${result.indexMiB.toFixed(1)} MiB), ${result.kibPerLiveEnvironment.toFixed(2)} KiB per live environment`);
    console.log(`  search:  ${number(result.searchesPerSecond)} searches/s (instruction requests, top 50 of BM25)`);
    console.log(`  expert:  ${number(result.expertStepsPerSecond)} steps/s over ${result.expertEpisodes} episodes (policy included), success ${result.expertSuccessRate.toFixed(1)} %, score ${result.expertScore.toFixed(1)}`);
    console.log(`  walk:    ${number(result.walkStepsPerSecond)} steps/s (random admissible actions, 10 % invalid; searches for "<your query>")`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
