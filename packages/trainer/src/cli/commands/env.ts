import { Command } from "commander";
import { listEnvironments } from "@hiper/core";
import { collect } from "../collect.js";
import { loadPlugins } from "../load-plugins.js";
import { envBenchCommand } from "./env-bench.js";
import { envReplayCommand } from "./env-replay.js";
import { envServeCommand } from "./env-serve.js";

/** `hiper env ...`: list, serve, replay and benchmark environments. */
export function envCommand(): Command {
  const env = new Command("env").description("environments: list, replay, serve, bench");
  env
    .command("list")
    .description("list registered environments and the policies they provide")
    .option("--require <module>", "load a module that registers environments (repeatable)", collect, [])
    .action(async (options: { require: string[] }) => {
      await loadPlugins(options.require);
      const registrations = listEnvironments();
      const width = Math.max(0, ...registrations.map((registration) => registration.id.length));
      for (const registration of registrations) {
        const policies = Object.keys(registration.policies ?? {}).join(", ") || "-";
        process.stdout.write(`${registration.id.padEnd(width)}  ${registration.description} (policies: ${policies})\n`);
      }
    });
  env.addCommand(envServeCommand());
  env.addCommand(envReplayCommand());
  env.addCommand(envBenchCommand());
  return env;
}
