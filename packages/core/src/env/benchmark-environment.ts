import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { InvalidInputError } from "../errors/index.js";
import { SeededRandom } from "../util/seeded-random.js";
import type { Environment } from "./environment.js";

export interface EnvironmentBenchmarkOptions {
  create: () => Environment | Promise<Environment>;
  /** Environment steps to take in total. */
  steps: number;
  /** Environments kept alive at once to measure memory per live environment. */
  liveEnvironments?: number;
  seed?: number;
  /** Share of steps that send an action that is not admissible (to exercise invalid handling). */
  invalidShare?: number;
}

export interface EnvironmentBenchmarkResult {
  steps: number;
  episodes: number;
  seconds: number;
  stepsPerSecond: number;
  /** Heap growth per live environment in the middle of an episode, in KiB. */
  kibPerLiveEnvironment: number;
}

/**
 * Seeded random walks through the Environment contract: reset on a new seed whenever an episode
 * ends, otherwise pick an admissible action (or, `invalidShare` of the time, a nonsense one).
 * The admissible list is computed every step, as agents need it.
 */
export async function benchmarkEnvironment(options: EnvironmentBenchmarkOptions): Promise<EnvironmentBenchmarkResult> {
  if (!Number.isInteger(options.steps) || options.steps < 1) throw new InvalidInputError(`steps must be a positive integer, got ${options.steps}`);
  const random = new SeededRandom(options.seed ?? 0);
  const invalidShare = options.invalidShare ?? 0.1;
  const environment = await options.create();
  let episodes = 1;
  let seed = options.seed ?? 0;
  let observation = await environment.reset({ seed });
  const started = performance.now();
  for (let step = 0; step < options.steps; step += 1) {
    const admissible = observation.admissibleActions ?? [];
    const action = admissible.length === 0 || random.next() < invalidShare ? "xyzzy 42" : random.pick(admissible);
    const result = await environment.step(action);
    observation = result.observation;
    if (result.done || result.truncated) {
      episodes += 1;
      seed += 1;
      observation = await environment.reset({ seed });
    }
  }
  const seconds = (performance.now() - started) / 1000;
  await environment.close?.();
  return {
    steps: options.steps,
    episodes,
    seconds,
    stepsPerSecond: options.steps / seconds,
    kibPerLiveEnvironment: await measureLiveMemory(options.create, options.liveEnvironments ?? 200, random),
  };
}

// Memory deltas are noise without a full collection first; expose gc even when node was not
// started with --expose-gc.
function collectGarbage(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed();
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

async function measureLiveMemory(create: EnvironmentBenchmarkOptions["create"], count: number, random: SeededRandom): Promise<number> {
  const heapUsed = () => {
    collectGarbage();
    return process.memoryUsage().heapUsed;
  };
  const before = heapUsed();
  const live: Environment[] = [];
  for (let i = 0; i < count; i += 1) {
    const environment = await create();
    const observation = await environment.reset({ seed: i });
    const first = observation.admissibleActions?.[0];
    if (first !== undefined) await environment.step(random.pick(observation.admissibleActions ?? [first]));
    live.push(environment);
  }
  const kib = (heapUsed() - before) / count / 1024;
  await Promise.all(live.map((environment) => environment.close?.()));
  return kib;
}
