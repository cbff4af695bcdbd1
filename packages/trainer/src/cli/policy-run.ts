import { type Command, Option } from "commander";
import {
  getEnvironmentRegistration,
  rolloutIds,
  runRollouts,
  TrajectoryWriter,
  type EnvironmentOptions,
  type EnvironmentRegistration,
  type EpisodeRecord,
  type PolicySource,
  type ResetOptions,
} from "@hiper/core";
import type { BackendChoice } from "../backend/backend-choice.js";
import { backendOption } from "./backend-option.js";
import { collect } from "./collect.js";
import { historyLengthFor } from "./history-length.js";
import { loadPlugins } from "./load-plugins.js";
import { parseEnvOptions } from "./parse-env-options.js";
import { nonNegativeInt, nonNegativeNumber, positiveInt } from "./parse-number.js";
import { policyFromSpec } from "./policy-spec.js";
import { createRunProgress } from "./run-progress.js";

/** The options `hiper run` and `hiper collect` share: which policy plays which episodes. */
export interface PolicyRunOptions {
  env: string;
  policy: string;
  episodes: number;
  group: number;
  concurrency: number;
  seed: number;
  maxSteps?: number;
  history?: number;
  envOption: string[];
  require: string[];
  games?: string;
  backend: BackendChoice;
  temperature?: number;
}

/** Adds the shared options of {@link PolicyRunOptions} to a command. */
export function addPolicyRunOptions(command: Command): Command {
  return command
    .requiredOption("--env <id>", "environment id (see `hiper env list`)")
    .requiredOption("--policy <spec>", "openai:<model> | ckpt:<dir> | random | a policy the environment provides (expert, explorer, ...)")
    .option("--games <dir|tgz>", "real games to play (sets -o games=)")
    .addOption(new Option("--episodes <n>", "number of episodes").argParser(positiveInt).default(10))
    .addOption(new Option("--group <g>", "rollouts per task (episodes sharing one seed)").argParser(positiveInt).default(1))
    .addOption(new Option("--concurrency <c>", "environments stepped at once").argParser(positiveInt).default(4))
    .addOption(new Option("--seed <s>", "seed of the first task; task i uses seed + i").argParser(Number).default(0))
    .addOption(new Option("--max-steps <n>", "step limit per episode (default: the environment's)").argParser(positiveInt))
    .addOption(new Option("--history <n>", "past turns given to the policy (default: a trained policy's own, else 2)").argParser(nonNegativeInt))
    .addOption(backendOption())
    .addOption(new Option("--temperature <t>", "sampling temperature of a ckpt: policy (default: as trained)").argParser(nonNegativeNumber))
    .option("-o, --env-option <key=value>", "option passed to the environment (repeatable)", collect, [])
    .option("--require <module>", "load a module that registers environments (repeatable)", collect, []);
}

/** Everything resolved before the first episode: the environment, its options, the policy and the tasks. */
export interface PreparedPolicyRun {
  registration: EnvironmentRegistration;
  envOptions: EnvironmentOptions;
  policy: PolicySource;
  /** One entry per group: seeds seed … seed + ⌈episodes / group⌉ − 1. */
  tasks: ResetOptions[];
  groupSize: number;
  maxSteps: number;
  historyLength: number;
  /** Frees the policy; {@link rolloutPolicy} calls it when done. */
  close(): Promise<void>;
}

/** The options that pick an environment and a policy: what every command that plays episodes reads. */
export type PolicyTargetOptions = Pick<PolicyRunOptions, "env" | "policy" | "seed" | "concurrency" | "envOption" | "require" | "games" | "backend" | "temperature">;

/** Loads plugins, then resolves the environment, its options and the policy (printing the backend of a local one). */
export async function resolvePolicyTarget(options: PolicyTargetOptions): Promise<{ registration: EnvironmentRegistration; envOptions: EnvironmentOptions; policy: PolicySource }> {
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
  return { registration, envOptions, policy };
}

export async function preparePolicyRun(options: PolicyRunOptions): Promise<PreparedPolicyRun> {
  const { registration, envOptions, policy } = await resolvePolicyTarget(options);
  const groups = Math.ceil(options.episodes / options.group);
  return {
    registration,
    envOptions,
    policy,
    tasks: Array.from({ length: groups }, (_, i) => ({ seed: options.seed + i })),
    groupSize: options.group,
    maxSteps: options.maxSteps ?? registration.maxSteps ?? 50,
    historyLength: historyLengthFor(policy, options.history),
    close: async () => {
      if (typeof policy === "object") await policy.close?.();
    },
  };
}

/** The trajectory ids a prepared run plays, in order. */
export function plannedTrajectoryIds(run: PreparedPolicyRun): string[] {
  return run.tasks.flatMap((task) => Array.from({ length: run.groupSize }, (_, r) => rolloutIds(run.registration.id, task, r).trajectoryId));
}

/**
 * Plays a prepared run with a progress bar, appending each finished episode to `out` when given
 * and leaving out the ids in `skip`; closes the policy at the end.
 */
export async function rolloutPolicy(
  run: PreparedPolicyRun,
  options: { label: string; concurrency: number; out?: string; skip?: ReadonlySet<string> },
): Promise<EpisodeRecord[]> {
  const { skip, out } = options;
  const progress = createRunProgress(plannedTrajectoryIds(run).filter((id) => !skip?.has(id)).length, options.label);
  let writer: TrajectoryWriter | undefined;
  try {
    writer = out ? await TrajectoryWriter.open(out) : undefined;
    const append = writer ? writer.write.bind(writer) : undefined;
    return await runRollouts({
      envId: run.registration.id,
      createEnvironment: () => run.registration.create(run.envOptions),
      policy: run.policy,
      promptStyle: run.registration.promptStyle ?? "generic",
      tasks: run.tasks,
      groupSize: run.groupSize,
      concurrency: options.concurrency,
      maxSteps: run.maxSteps,
      historyLength: run.historyLength,
      onEvent: progress.onEvent,
      ...(skip ? { skip } : {}),
      ...(append ? { onEpisode: append } : {}),
    });
  } finally {
    progress.stop();
    await writer?.close();
    await run.close();
  }
}
