import { rm } from "node:fs/promises";
import { Command, Option } from "commander";
import {
  getEnvironmentRegistration,
  runRollouts,
  summarizeEpisodes,
  TrajectoryWriter,
  type EpisodeRecord,
  type ResetOptions,
} from "@hiper/core";
import { collect } from "../collect.js";
import { historyLengthFor } from "../history-length.js";
import { loadPlugins } from "../load-plugins.js";
import { parseEnvOptions } from "../parse-env-options.js";
import type { BackendChoice } from "../../backend/backend-choice.js";
import { backendOption } from "../backend-option.js";
import { nonNegativeNumber, positiveInt } from "../parse-number.js";
import { policyFromSpec } from "../policy-spec.js";
import { createRunProgress } from "../run-progress.js";
import { renderSummaryTable } from "../summary-table.js";

export interface RunCommandOptions {
  env: string;
  policy: string;
  episodes: number;
  group: number;
  concurrency: number;
  seed: number;
  maxSteps?: number;
  history?: number;
  out?: string;
  overwrite?: boolean;
  json?: boolean;
  envOption: string[];
  require: string[];
  games?: string;
  backend: BackendChoice;
  temperature?: number;
}

/** `hiper run`: roll out a policy in an environment and summarize the episodes. */
export function runCommand(): Command {
  return new Command("run")
    .description("run episodes of a policy in an environment, optionally saving trajectories")
    .requiredOption("--env <id>", "environment id (see `hiper env list`)")
    .requiredOption("--policy <spec>", "openai:<model> | ckpt:<dir> | random | a policy the environment provides (expert, explorer, ...)")
    .option("--games <dir|tgz>", "real games to play (sets -o games=)")
    .addOption(new Option("--episodes <n>", "number of episodes").argParser(positiveInt).default(10))
    .addOption(new Option("--group <g>", "rollouts per task (episodes sharing one seed)").argParser(positiveInt).default(1))
    .addOption(new Option("--concurrency <c>", "environments stepped at once").argParser(positiveInt).default(4))
    .addOption(new Option("--seed <s>", "seed of the first task; task i uses seed + i").argParser(Number).default(0))
    .addOption(new Option("--max-steps <n>", "step limit per episode (default: the environment's)").argParser(positiveInt))
    .addOption(new Option("--history <n>", "past turns given to the policy (default: a trained policy's own, else 2)").argParser(Number))
    .option("--out <file>", "append finished episodes to this JSONL trajectory file")
    .option("--overwrite", "start the --out file afresh instead of appending to it")
    .option("--json", "print the summary as one JSON object on the last line of stdout")
    .addOption(backendOption())
    .addOption(new Option("--temperature <t>", "sampling temperature of a ckpt: policy (default: as trained)").argParser(nonNegativeNumber))
    .option("-o, --env-option <key=value>", "option passed to the environment (repeatable)", collect, [])
    .option("--require <module>", "load a module that registers environments (repeatable)", collect, [])
    .action(async (options: RunCommandOptions) => {
      await executeRun(options);
    });
}

export async function executeRun(options: RunCommandOptions): Promise<EpisodeRecord[]> {
  await loadPlugins(options.require);
  const registration = getEnvironmentRegistration(options.env);
  const envOptions = { ...parseEnvOptions(options.envOption), ...(options.games ? { games: options.games } : {}) };
  const policy = await policyFromSpec(options.policy, registration, {
    seed: options.seed,
    concurrency: options.concurrency,
    backend: options.backend,
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    onBackend: (reason) => process.stderr.write(`backend: ${reason}\n`),
  });
  const groups = Math.ceil(options.episodes / options.group);
  const tasks: ResetOptions[] = Array.from({ length: groups }, (_, i) => ({ seed: options.seed + i }));
  if (options.out && options.overwrite) await rm(options.out, { force: true });
  const writer = options.out ? await TrajectoryWriter.open(options.out) : undefined;
  const progress = createRunProgress(groups * options.group, `${options.env}/${options.policy}`);
  let episodes: EpisodeRecord[];
  try {
    episodes = await runRollouts({
      envId: registration.id,
      createEnvironment: () => registration.create(envOptions),
      policy,
      promptStyle: registration.promptStyle ?? "generic",
      tasks,
      groupSize: options.group,
      concurrency: options.concurrency,
      maxSteps: options.maxSteps ?? registration.maxSteps ?? 50,
      historyLength: historyLengthFor(policy, options.history),
      onEvent: progress.onEvent,
      ...(writer ? { onEpisode: (episode: EpisodeRecord) => writer.write(episode) } : {}),
    });
  } finally {
    progress.stop();
    await writer?.close();
    if (typeof policy === "object") await policy.close?.();
  }
  const summary = summarizeEpisodes(episodes, { env: options.env, policy: options.policy });
  process.stdout.write(`${renderSummaryTable(summary)}\n`);
  const failures = episodes.filter((e) => e.status === "failed");
  for (const failed of failures.slice(0, 5)) process.stderr.write(`failed ${failed.trajectoryId}: ${failed.error ?? "unknown"}\n`);
  if (options.out) process.stdout.write(`trajectories: ${options.out}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  // Failed episodes are data, but a run in which every episode failed is a failed run.
  if (episodes.length > 0 && failures.length === episodes.length) process.exitCode = 3;
  return episodes;
}
