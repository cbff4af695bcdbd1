import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { algoUsesCritic, type EnvironmentRegistration, InvalidInputError, type RolloutEvent, SeededRandom } from "@hiper/core";
import { type LoadedCheckpoint, loadCheckpoint, restoreOptimizer, saveCheckpoint } from "../checkpoint/index.js";
import { demonstrationSequences, demonstrationTurns } from "../data/turn-sequence.js";
import { PolicyModel } from "../model/policy-model.js";
import { Vocabulary } from "../model/vocabulary.js";
import { AdamW } from "../optim/adamw.js";
import { LocalPolicy } from "../policy/local-policy.js";
import { collectDemonstrations } from "./collect-demonstrations.js";
import { IterationMetrics } from "./iteration-metrics.js";
import type { Trainable } from "./minimize.js";
import { rlIteration } from "./rl-iteration.js";
import { type SupervisedStep, supervisedFineTune } from "./supervised-fine-tune.js";
import { TrainConfig, type TrainConfigInput } from "./train-config.js";
import { TrainingState } from "./training-state.js";
import type { WarmStartSource } from "./warm-start-source.js";

/** What a training run reports while it works (the CLI turns these into progress bars). */
export type TrainEvent =
  | { type: "log"; message: string }
  | { type: "demonstrations"; episodes: number; turns: number; skipped: Record<string, number> }
  | { type: "sft-step"; progress: SupervisedStep }
  /** Rollout progress: of RL iteration `iteration` (from 0), or of the warm-start collection (−1). */
  | { type: "rollout"; iteration: number; event: RolloutEvent }
  | { type: "iteration"; metrics: IterationMetrics };

export interface TrainRunOptions {
  registration: EnvironmentRegistration;
  /** Where the run writes `warm-start/`, `checkpoint/` and `metrics.jsonl`. */
  outDir: string;
  /** A new run: its configuration and warm start. */
  config?: TrainConfigInput;
  warmStart?: WarmStartSource;
  /** Continue the run in `outDir` from its last checkpoint (its saved configuration; `iterations` may be raised). */
  resume?: boolean;
  iterations?: number;
  onEvent?: (event: TrainEvent) => void;
}

export interface TrainRunResult {
  config: TrainConfig;
  metrics: IterationMetrics[];
  /** The final checkpoint (the warm start when no iteration ran). */
  checkpointDir: string;
  warmStartDir: string;
}

export const WARM_START_DIR = "warm-start";
export const CHECKPOINT_DIR = "checkpoint";
export const METRICS_FILE = "metrics.jsonl";
export const CONFIG_FILE = "config.json";

/** The configuration a run saved in its directory (what `--resume` continues). */
export async function readRunConfig(outDir: string): Promise<TrainConfig> {
  try {
    return TrainConfig.parse(JSON.parse(await readFile(join(outDir, CONFIG_FILE), "utf8")));
  } catch (cause) {
    throw new InvalidInputError(`cannot resume ${outDir}: no readable ${CONFIG_FILE} (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
}

/** Reads a run's metrics, keeping the first `keep` lines (a crash may leave one more than the checkpoint knows). */
async function readMetrics(path: string, keep: number): Promise<IterationMetrics[]> {
  if (!existsSync(path)) return [];
  const lines = (await readFile(path, "utf8")).split("\n").filter((line) => line.trim() !== "");
  return lines.slice(0, keep).map((line) => IterationMetrics.parse(JSON.parse(line)));
}

/** Warm start: imitate demonstrations (or load a trained checkpoint), and save the result as the reference. */
async function warmStart(options: TrainRunOptions, config: TrainConfig, warmStartDir: string): Promise<void> {
  const source = options.warmStart ?? { kind: "policy", name: "explorer" };
  const emit = options.onEvent ?? (() => {});
  if (source.kind === "checkpoint") {
    const loaded = await loadCheckpoint(source.dir);
    await saveCheckpoint(warmStartDir, { model: loaded.model, vocabulary: loaded.vocabulary, trainer: { config, stage: "warm-start", from: source.dir } });
    loaded.model.dispose();
    return;
  }
  emit({ type: "log", message: source.kind === "policy" ? `collecting ${config.warmStart.episodes} ${source.name} episodes` : `reading ${source.path}` });
  const demos = await collectDemonstrations(source, options.registration, config, (event) => emit({ type: "rollout", iteration: -1, event }));
  const texts: string[] = [];
  for (const { turn, prompt, response } of demonstrationTurns(demos, config.historyLength)) {
    texts.push(prompt, response ?? "", ...(turn.admissibleActions ?? []));
  }
  const vocabulary = Vocabulary.build(texts, { maxSize: config.vocabularySize });
  const model = new PolicyModel({ ...config.model, vocabSize: vocabulary.size });
  const decoding = config.decoding;
  const { sequences, skipped } = demonstrationSequences(demos, { vocabulary, contextLength: model.config.contextLength, decoding, historyLength: config.historyLength });
  emit({ type: "demonstrations", episodes: demos.length, turns: sequences.length, skipped });
  if (sequences.length === 0) throw new InvalidInputError("no demonstration turn fits the local format");
  const report = await supervisedFineTune({
    model,
    optimizer: new AdamW({ learningRate: config.warmStart.learningRate }),
    sequences,
    padId: vocabulary.ids.pad,
    epochs: config.warmStart.epochs,
    batchSize: config.warmStart.batchSize,
    random: new SeededRandom(config.seed + 17),
    onStep: (progress) => emit({ type: "sft-step", progress }),
  });
  await saveCheckpoint(warmStartDir, { model, vocabulary, trainer: { config, stage: "warm-start", demonstrations: demos.length, turns: sequences.length, sft: report } });
  model.dispose();
}

/**
 * The separate critic of a run whose estimator reads values: the checkpoint's, when it holds one,
 * else a copy of the warm start (upstream starts its critic from a pretrained LM too), cut to
 * `criticLayers` blocks when fewer are asked for (a block beyond the warm start's starts fresh).
 */
function separateCritic(config: TrainConfig, start: LoadedCheckpoint, warm: PolicyModel): Trainable | undefined {
  if (config.rl.critic !== "separate" || !algoUsesCritic(config.algo)) return undefined;
  const optimizer = new AdamW({ learningRate: config.rl.criticLearningRate });
  if (start.critic !== undefined) {
    if (start.critic.optimizerState) restoreOptimizer(optimizer, start.critic.optimizerState, start.critic.model);
    return { model: start.critic.model, optimizer };
  }
  if (start.optimizerState !== undefined) throw new InvalidInputError(`${start.path} has no critic to resume, but the run trains a separate one`);
  const model = new PolicyModel({ ...warm.config, layers: config.rl.criticLayers ?? warm.config.layers });
  const source = warm.namedWeights();
  for (const [name, variable] of model.namedWeights()) {
    const from = source.get(name);
    if (from !== undefined) variable.assign(from);
  }
  return { model, optimizer };
}

/** The state before the first RL iteration: everything derives from the configured seed. */
function initialState(config: TrainConfig): TrainingState {
  const seeds = new SeededRandom(config.seed);
  return { config, iteration: 0, envSteps: 0, random: { policy: new SeededRandom(seeds.int(2 ** 31)).getState(), shuffle: new SeededRandom(seeds.int(2 ** 31)).getState() } };
}

/**
 * A whole training run: warm start (unless resuming), then `iterations` of on-policy RL with the
 * configured estimator. After every iteration the metrics line is appended and the checkpoint is
 * replaced atomically, so a killed run resumes at the next iteration with the same state.
 */
export async function runTraining(options: TrainRunOptions): Promise<TrainRunResult> {
  const { registration, outDir } = options;
  const emit = options.onEvent ?? (() => {});
  const warmStartDir = join(outDir, WARM_START_DIR);
  const checkpointDir = join(outDir, CHECKPOINT_DIR);
  const metricsPath = join(outDir, METRICS_FILE);
  await mkdir(outDir, { recursive: true });

  let state: TrainingState;
  let start: LoadedCheckpoint;
  if (options.resume === true && existsSync(checkpointDir)) {
    start = await loadCheckpoint(checkpointDir);
    const saved = TrainingState.safeParse(start.trainer);
    if (!saved.success) throw new InvalidInputError(`${checkpointDir} is not a training checkpoint: ${saved.error.message}`);
    state = saved.data;
    if (options.iterations !== undefined) state.config.iterations = options.iterations;
    emit({ type: "log", message: `resuming after iteration ${state.iteration} of ${state.config.iterations}` });
  } else if (options.resume === true) {
    // Killed before the first RL checkpoint: start RL again from the saved warm start.
    if (!existsSync(warmStartDir)) throw new InvalidInputError(`nothing to resume in ${outDir}: no checkpoint and no finished warm start`);
    const config = await readRunConfig(outDir);
    if (options.iterations !== undefined) config.iterations = options.iterations;
    start = await loadCheckpoint(warmStartDir);
    state = initialState(config);
    emit({ type: "log", message: "resuming from the warm start" });
  } else {
    if (existsSync(checkpointDir) || existsSync(metricsPath)) throw new InvalidInputError(`${outDir} already holds a run: use --resume, or another --out`);
    const config = TrainConfig.parse({ ...options.config, ...(options.iterations !== undefined ? { iterations: options.iterations } : {}) });
    await writeFile(join(outDir, CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
    await warmStart(options, config, warmStartDir);
    start = await loadCheckpoint(warmStartDir);
    state = initialState(config);
  }
  const { config } = state;
  const reference = (await loadCheckpoint(warmStartDir)).model;
  const optimizer = new AdamW({ learningRate: config.rl.learningRate });
  if (start.optimizerState) restoreOptimizer(optimizer, start.optimizerState, start.model);
  const critic = separateCritic(config, start, reference);
  const policy = new LocalPolicy({ model: start.model, vocabulary: start.vocabulary, id: `local-${config.algo}`, seed: state.random.policy, decoding: config.decoding });
  const shuffle = SeededRandom.fromState(state.random.shuffle);
  const metrics = await readMetrics(metricsPath, state.iteration);
  await writeFile(metricsPath, metrics.map((line) => `${JSON.stringify(line)}\n`).join(""));
  try {
    for (let iteration = state.iteration; iteration < config.iterations; iteration++) {
      const { metrics: line } = await rlIteration(
        { config, registration, policy, reference, optimizer, ...(critic ? { critic } : {}), shuffle, onRollout: (event) => emit({ type: "rollout", iteration, event }) },
        iteration,
        state.envSteps,
      );
      metrics.push(line);
      await appendFile(metricsPath, `${JSON.stringify(line)}\n`);
      state = { config, iteration: iteration + 1, envSteps: line.env_steps, random: { policy: policy.random.getState(), shuffle: shuffle.getState() } };
      await saveCheckpoint(checkpointDir, { model: policy.model, vocabulary: policy.vocabulary, optimizer, ...(critic ? { critic } : {}), trainer: state });
      emit({ type: "iteration", metrics: line });
    }
  } finally {
    reference.dispose();
    optimizer.dispose();
    critic?.model.dispose();
    critic?.optimizer.dispose();
    await policy.close();
  }
  return { config, metrics, checkpointDir: existsSync(checkpointDir) ? checkpointDir : warmStartDir, warmStartDir };
}
