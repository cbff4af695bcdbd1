import { rm } from "node:fs/promises";
import { join } from "node:path";
import Table from "cli-table3";
import { Command, Option } from "commander";
import { Algo, getEnvironmentRegistration, InvalidInputError } from "@hiper/core";
import type { BackendChoice } from "../../backend/backend-choice.js";
import { selectBackend } from "../../backend/select-backend.js";
import { evaluatePolicy, type EvaluationReport } from "../../eval/evaluate-policy.js";
import { loadLocalPolicy } from "../../policy/load-local-policy.js";
import type { IterationMetrics } from "../../train/iteration-metrics.js";
import { readRunConfig, runTraining } from "../../train/train-run.js";
import type { TrainConfigInput } from "../../train/train-config.js";
import { parseWarmStart } from "../../train/warm-start-source.js";
import { backendOption } from "../backend-option.js";
import { collect } from "../collect.js";
import { renderEvaluationTable } from "../evaluation-table.js";
import { loadPlugins } from "../load-plugins.js";
import { parseEnvOptions } from "../parse-env-options.js";
import { percent, percentOrDash } from "../percent.js";
import { nonNegativeInt, nonNegativeNumber, positiveInt, positiveNumber } from "../parse-number.js";
import { createRunProgress } from "../run-progress.js";
import { createTrainProgress } from "../train-progress.js";

interface TrainCommandOptions {
  env?: string;
  algo: string;
  games?: string;
  iterations?: number;
  group: number;
  envsPerIter: number;
  warmStart: string;
  warmStartEpisodes: number;
  sftEpochs: number;
  cloneAll?: boolean;
  out?: string;
  resume?: string;
  overwrite?: boolean;
  seed: number;
  maxSteps?: number;
  history: number;
  modelDim: number;
  layers: number;
  contextLength: number;
  lr: number;
  criticCoef?: number;
  critic?: "shared" | "separate";
  criticLr?: number;
  criticLayers?: number;
  evalEpisodes: number;
  evalGames?: string;
  evalSeed: number;
  evalTemperature: number;
  backend: BackendChoice;
  json?: boolean;
  envOption: string[];
  require: string[];
}

function renderMetricsTable(metrics: readonly IterationMetrics[]): string {
  const table = new Table({
    head: ["iter", "env steps", "success", "steps", "switch", "loss", "critic", "kl", "entropy", "clip", "tok/s train", "s"],
    style: { head: [], border: [] },
  });
  for (const m of metrics) {
    table.push([
      m.iteration,
      m.env_steps,
      percent(m.success_rate),
      m.mean_steps.toFixed(1),
      percentOrDash(m.switch_rate),
      m.loss.toFixed(4),
      m.critic_loss.toFixed(4),
      m.kl.toFixed(4),
      m.entropy.toFixed(3),
      m.clip_fraction.toFixed(3),
      m.train_tokens_per_second.toFixed(0),
      m.seconds.toFixed(1),
    ].map(String));
  }
  return table.toString();
}

/** `hiper train`: warm start, then on-policy RL with the chosen estimator; checkpoints and metrics under --out. */
export function trainCommand(): Command {
  return new Command("train")
    .description("train a local policy: warm start (behaviour cloning), then PPO with HAE or a baseline estimator")
    .option("--env <id>", "environment id (required unless --resume)")
    .addOption(new Option("--algo <name>", "advantage estimator").choices(Algo.options).default("hiper"))
    .option("--games <dir|tgz>", "real games to train on (sets -o games=)")
    .addOption(new Option("--iterations <n>", "RL iterations, 0 for the warm start only (default 10; with --resume: the new total)").argParser(nonNegativeInt))
    .addOption(new Option("--group <g>", "rollouts per task (GRPO, RLOO, GiGPO compare them)").argParser(positiveInt).default(1))
    .addOption(new Option("--envs-per-iter <n>", "episodes per iteration, stepped concurrently").argParser(positiveInt).default(16))
    .option("--warm-start <source>", "explorer | expert | a trajectory file | ckpt:<dir>", "explorer")
    .addOption(new Option("--warm-start-episodes <n>", "episodes collected from a warm-start policy").argParser(positiveInt).default(200))
    .addOption(new Option("--sft-epochs <n>", "behaviour-cloning epochs").argParser(positiveInt).default(3))
    .option("--clone-all", "clone every finished warm-start episode, not just the won ones")
    .option("--out <dir>", "run directory: warm-start/, checkpoint/, metrics.jsonl")
    .option("--resume <dir>", "continue the run in <dir> from its last checkpoint")
    .option("--overwrite", "delete what --out holds and start afresh")
    .addOption(new Option("--seed <s>", "seed of the model, sampling and tasks").argParser(Number).default(0))
    .addOption(new Option("--max-steps <n>", "step limit per episode (default: the environment's)").argParser(positiveInt))
    .addOption(new Option("--history <n>", "past turns given to the policy (two with observations, older ones as actions)").argParser(Number).default(12))
    .addOption(new Option("--model-dim <d>", "width of the local transformer").argParser(positiveInt).default(128))
    .addOption(new Option("--layers <n>", "transformer blocks").argParser(positiveInt).default(2))
    .addOption(new Option("--context-length <n>", "tokens the model reads (prompt + response)").argParser(positiveInt).default(320))
    .addOption(new Option("--lr <rate>", "RL learning rate").argParser(positiveNumber).default(1e-4))
    .addOption(new Option("--critic <where>", "value heads on the policy's trunk, or on a separate critic model started from the warm start (default shared)").choices(["shared", "separate"]))
    .addOption(new Option("--critic-coef <c>", "weight of the value heads' loss beside the actor's on a shared trunk (default 0.5)").argParser(nonNegativeNumber))
    .addOption(new Option("--critic-lr <rate>", "learning rate of a separate critic (default 3e-4)").argParser(positiveNumber))
    .addOption(new Option("--critic-layers <n>", "blocks of a separate critic, the first ones of the warm start (default: the policy's)").argParser(positiveInt))
    .addOption(new Option("--eval-episodes <n>", "after training, evaluate the warm start and the final policy on this many tasks").argParser(Number).default(0))
    .option("--eval-games <dir|tgz>", "games to evaluate on (default: the training environment's)")
    .addOption(new Option("--eval-seed <s>", "seed of the first evaluation task").argParser(Number).default(100_000))
    .addOption(new Option("--eval-temperature <t>", "sampling temperature in evaluation").argParser(nonNegativeNumber).default(0.4))
    .addOption(backendOption())
    .option("--json", "print the final metrics and evaluations as one JSON object on the last line of stdout")
    .option("-o, --env-option <key=value>", "option passed to the environment (repeatable)", collect, [])
    .option("--require <module>", "load a module that registers environments (repeatable)", collect, [])
    .action(async (options: TrainCommandOptions) => {
      await loadPlugins(options.require);
      const outDir = options.resume ?? options.out;
      if (!outDir) throw new InvalidInputError("hiper train needs --out <dir> (or --resume <dir>)");
      if (options.overwrite && !options.resume) await rm(outDir, { recursive: true, force: true });
      const backend = await selectBackend({ backend: options.backend });
      process.stderr.write(`backend: ${backend.reason}\n`);
      const resumeConfig = options.resume ? await readRunConfig(options.resume) : undefined;
      const envId = resumeConfig?.env ?? options.env;
      if (!envId) throw new InvalidInputError("hiper train needs --env <id>");
      const registration = getEnvironmentRegistration(envId);
      const envOptions = resumeConfig?.envOptions ?? { ...parseEnvOptions(options.envOption), ...(options.games ? { games: options.games } : {}) };
      const config: TrainConfigInput = {
        env: envId,
        envOptions,
        algo: options.algo as Algo,
        group: options.group,
        envsPerIter: options.envsPerIter,
        historyLength: options.history,
        seed: options.seed,
        trainSeed: options.seed,
        ...(options.maxSteps ? { maxSteps: options.maxSteps } : {}),
        model: { modelDim: options.modelDim, layers: options.layers, contextLength: options.contextLength, seed: options.seed },
        warmStart: { episodes: options.warmStartEpisodes, epochs: options.sftEpochs, ...(options.cloneAll ? { successOnly: false } : {}) },
        rl: {
          learningRate: options.lr,
          ...(options.critic !== undefined ? { critic: options.critic } : {}),
          ...(options.criticCoef !== undefined ? { criticCoef: options.criticCoef } : {}),
          ...(options.criticLr !== undefined ? { criticLearningRate: options.criticLr } : {}),
          ...(options.criticLayers !== undefined ? { criticLayers: options.criticLayers } : {}),
        },
      };
      const progress = createTrainProgress({ episodesPerIteration: options.envsPerIter, iterations: options.iterations ?? resumeConfig?.iterations ?? 10, warmStartEpisodes: options.warmStartEpisodes });
      let result;
      try {
        result = await runTraining({
          registration,
          outDir,
          ...(options.resume ? { resume: true } : { config, warmStart: parseWarmStart(options.warmStart, registration) }),
          ...(options.iterations !== undefined ? { iterations: options.iterations } : {}),
          onEvent: progress.onEvent,
        });
      } finally {
        progress.stop();
      }
      process.stdout.write(`${renderMetricsTable(result.metrics)}\n`);
      process.stdout.write(`checkpoint: ${result.checkpointDir}\nmetrics: ${join(outDir, "metrics.jsonl")}\n`);
      const evaluations: Record<string, EvaluationReport["summary"]> = {};
      if (options.evalEpisodes > 0) {
        const evalOptions = options.evalGames ? { ...result.config.envOptions, games: options.evalGames } : result.config.envOptions;
        for (const [label, dir] of [
          ["warm start", result.warmStartDir],
          [`after ${result.config.algo}`, result.checkpointDir],
        ] as const) {
          const policy = await loadLocalPolicy(dir, { temperature: options.evalTemperature, seed: options.seed, id: label });
          const bar = createRunProgress(options.evalEpisodes, `eval ${label}`);
          try {
            const report = await evaluatePolicy({
              registration,
              envOptions: evalOptions,
              policy,
              policyLabel: label,
              episodes: options.evalEpisodes,
              seed: options.evalSeed,
              ...(result.config.maxSteps ? { maxSteps: result.config.maxSteps } : {}),
              historyLength: result.config.historyLength,
              concurrency: 32,
              onEvent: bar.onEvent,
            });
            evaluations[label] = report.summary;
          } finally {
            bar.stop();
            await policy.close();
          }
        }
        process.stdout.write(`${renderEvaluationTable(Object.entries(evaluations).map(([label, summary]) => ({ label, summary })))}\n`);
        const [before, after] = Object.values(evaluations);
        if (before && after) process.stdout.write(`success rate: ${percent(before.success_rate)} after warm start → ${percent(after.success_rate)} after ${result.config.algo}\n`);
      }
      if (options.json) process.stdout.write(`${JSON.stringify({ env: envId, algo: result.config.algo, metrics: result.metrics.at(-1) ?? null, evaluations })}\n`);
    });
}
