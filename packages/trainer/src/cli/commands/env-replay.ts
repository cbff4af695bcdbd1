import { Command } from "commander";
import { getEnvironmentRegistration, InvalidInputError } from "@hiper/core";
import { collect } from "../collect.js";
import { loadPlugins } from "../load-plugins.js";

/** `hiper env replay`: check an environment against recorded reference episodes. */
export function envReplayCommand(): Command {
  return new Command("replay")
    .description("replay golden episodes and report the first difference of each failing one")
    .requiredOption("--env <id>", "environment id")
    .requiredOption("--golden <file>", "golden episodes (.jsonl or .jsonl.gz)")
    .option("--games <path>", "the games the golden file refers to (directory or .tgz)")
    .option("--require <module>", "load a module that registers environments (repeatable)", collect, [])
    .action(async (options: { env: string; golden: string; games?: string; require: string[] }) => {
      await loadPlugins(options.require);
      const registration = getEnvironmentRegistration(options.env);
      if (!registration.replayGolden) throw new InvalidInputError(`environment "${options.env}" has no golden replay`);
      const summary = await registration.replayGolden({ golden: options.golden, ...(options.games ? { games: options.games } : {}) });
      for (const line of summary.differences) process.stdout.write(`${line}\n`);
      process.stdout.write(`golden: ${summary.matched}/${summary.total} episodes match\n`);
      if (summary.matched !== summary.total) process.exitCode = 1;
    });
}
