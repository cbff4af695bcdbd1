import { Command, Option } from "commander";
import { benchmarkEnvironment, getEnvironmentRegistration } from "@hiper/core";
import { collect } from "../collect.js";
import { loadPlugins } from "../load-plugins.js";
import { parseEnvOptions } from "../parse-env-options.js";
import { positiveInt } from "../parse-number.js";

/** `hiper env bench`: steps per second of seeded random walks, and memory per live environment. */
export function envBenchCommand(): Command {
  return new Command("bench")
    .description("benchmark an environment with seeded random walks (admissible lists every step)")
    .requiredOption("--env <id>", "environment id")
    .option("--games <path>", "games to load (passed to the environment as -o games=<path>)")
    .addOption(new Option("--steps <n>", "steps to take").argParser(positiveInt).default(100_000))
    .addOption(new Option("--live <n>", "environments kept alive for the memory measurement").argParser(positiveInt).default(200))
    .addOption(new Option("--seed <s>", "seed of the walk").argParser(Number).default(0))
    .option("-o, --env-option <key=value>", "option passed to the environment (repeatable)", collect, [])
    .option("--require <module>", "load a module that registers environments (repeatable)", collect, [])
    .action(async (options: { env: string; games?: string; steps: number; live: number; seed: number; envOption: string[]; require: string[] }) => {
      await loadPlugins(options.require);
      const registration = getEnvironmentRegistration(options.env);
      const envOptions = { ...parseEnvOptions(options.envOption), ...(options.games ? { games: options.games } : {}) };
      const result = await benchmarkEnvironment({
        create: () => registration.create(envOptions),
        steps: options.steps,
        liveEnvironments: options.live,
        seed: options.seed,
      });
      process.stdout.write(
        `${result.steps} steps, ${result.episodes} episodes in ${result.seconds.toFixed(2)} s; ` +
          `memory ${result.kibPerLiveEnvironment.toFixed(1)} KiB per live environment\n`,
      );
      process.stdout.write(`engine: ${Math.round(result.stepsPerSecond)} steps/s\n`);
    });
}
