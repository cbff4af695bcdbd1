import {
  ADVANTAGE_PRESETS,
  type AdvantagesConfigInput,
  computeAdvantages,
  type EnvironmentRegistration,
  type EpisodeRecord,
  type RolloutEvent,
  runRollouts,
  type SeededRandom,
  summarizeEpisodes,
} from "@hiper/core";
import { recordedSequence, type SequenceContext } from "../data/turn-sequence.js";
import type { PolicyModel } from "../model/policy-model.js";
import type { AdamW } from "../optim/adamw.js";
import type { Trainable } from "./minimize.js";
import type { LocalPolicy } from "../policy/local-policy.js";
import { decisionRates } from "./decision-rates.js";
import type { IterationMetrics } from "./iteration-metrics.js";
import { ppoUpdate } from "./ppo-update.js";
import { scoreTurns } from "./score-turns.js";
import { taskSeeds } from "./task-seeds.js";
import type { TrainConfig } from "./train-config.js";

export interface RlIterationContext {
  config: TrainConfig;
  registration: EnvironmentRegistration;
  policy: LocalPolicy;
  /** The warm-start model: the KL reference. */
  reference: PolicyModel;
  optimizer: AdamW;
  /** A separate critic and its optimiser (absent: the value heads share the policy's trunk). */
  critic?: Trainable;
  shuffle: SeededRandom;
  onRollout?: (event: RolloutEvent) => void;
}

/** The estimator settings of a run: the configured ones, else the environment's official preset. */
export function advantagesConfigFor(config: TrainConfig): AdvantagesConfigInput {
  if (config.advantages !== undefined) return config.advantages as AdvantagesConfigInput;
  return (ADVANTAGE_PRESETS as Record<string, AdvantagesConfigInput>)[config.env] ?? {};
}

/**
 * One iteration of on-policy RL: roll out the local policy on this iteration's tasks (G rollouts
 * per task), score the turns with the pre-update model, compute advantages with the configured
 * estimator, and take the PPO update.
 */
export async function rlIteration(context: RlIterationContext, iteration: number, envStepsBefore: number): Promise<{ metrics: IterationMetrics; episodes: EpisodeRecord[] }> {
  const { config, registration, policy, optimizer } = context;
  const model = policy.model;
  const started = performance.now();
  const tasks = Math.ceil(config.envsPerIter / config.group);
  const decodeBefore = { ...policy.stats };
  const episodes = await runRollouts({
    envId: registration.id,
    createEnvironment: () => registration.create(config.envOptions),
    policy,
    promptStyle: registration.promptStyle ?? "generic",
    tasks: taskSeeds(config.trainSeed, iteration * tasks, tasks).map((seed) => ({ seed })),
    groupSize: config.group,
    concurrency: tasks * config.group,
    maxSteps: config.maxSteps ?? registration.maxSteps ?? 50,
    historyLength: config.historyLength,
    ...(context.onRollout ? { onEvent: context.onRollout } : {}),
  });
  const rolloutSeconds = (performance.now() - started) / 1000;
  const decodedTokens = policy.stats.promptTokens + policy.stats.responseTokens - decodeBefore.promptTokens - decodeBefore.responseTokens;
  const decodeSeconds = (policy.stats.decodeMs - decodeBefore.decodeMs) / 1000;

  const usable = episodes.filter((episode) => episode.status !== "failed");
  const sequenceContext: SequenceContext = { vocabulary: policy.vocabulary, contextLength: model.config.contextLength, decoding: policy.decoding };
  const items = usable.flatMap((episode) => episode.turns.map((turn) => ({ turn, sequence: recordedSequence(turn, sequenceContext) })));
  const padId = policy.vocabulary.ids.pad;
  const batchSize = config.rl.miniBatchSize;
  const scored = scoreTurns(model, config.rl.klCoef > 0 ? context.reference : null, items, { batchSize, padId, ...(context.critic ? { critic: context.critic.model } : {}) });
  for (const item of scored) item.turn.values = item.values;
  const advantages = computeAdvantages(config.algo, usable, advantagesConfigFor(config));
  const rows = scored.map((item, index) => ({ scored: item, advantage: advantages.turns[index] as (typeof advantages.turns)[number] }));

  const updateStarted = performance.now();
  const stats = await ppoUpdate(
    model,
    optimizer,
    rows,
    {
      actor: { clipRatio: config.rl.clipRatio, dualClip: config.rl.dualClip, entropyCoef: config.rl.entropyCoef, klCoef: config.rl.klCoef },
      criticCoef: config.rl.criticCoef,
      valueClip: config.rl.valueClip,
      miniBatchSize: config.rl.miniBatchSize,
      epochs: config.rl.epochs,
    },
    { padId, order: (count) => context.shuffle.shuffle(Array.from({ length: count }, (_, i) => i)), ...(context.critic ? { critic: context.critic } : {}) },
  );
  const updateSeconds = (performance.now() - updateStarted) / 1000;
  const summary = summarizeEpisodes(episodes, { env: registration.id, policy: policy.id });
  const envSteps = episodes.reduce((sum, episode) => sum + episode.steps, 0);
  const rates = decisionRates(episodes);
  return {
    episodes,
    metrics: {
      iteration: iteration + 1,
      algo: config.algo,
      env_steps: envStepsBefore + envSteps,
      episodes: episodes.length,
      success_rate: summary.success_rate,
      mean_reward: summary.mean_reward,
      mean_steps: summary.mean_steps,
      turns_trained: rows.length,
      switch_rate: rates.switchRate,
      invalid_rate: rates.invalidRate,
      loss: stats.loss,
      policy_loss: stats.policyLoss,
      critic_loss: stats.criticLoss,
      entropy: stats.entropy,
      kl: stats.kl,
      clip_fraction: stats.clipFraction,
      grad_norm: stats.gradNorm,
      ...(stats.criticGradNorm === null ? {} : { critic_grad_norm: stats.criticGradNorm }),
      steps_per_second: envSteps / Math.max(rolloutSeconds, 1e-9),
      decode_tokens_per_second: decodedTokens / Math.max(decodeSeconds, 1e-9),
      train_tokens_per_second: stats.tokens / Math.max(updateSeconds, 1e-9),
      seconds: (performance.now() - started) / 1000,
    },
  };
}
