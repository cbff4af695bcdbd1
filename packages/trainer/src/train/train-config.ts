import { ACTOR_LOSS_DEFAULTS, Algo } from "@hiper/core";
import { z } from "zod";
import { DecodingSettings } from "../policy/decoding-settings.js";

/** The local model's shape; the vocabulary size comes from the warm-start corpus. */
export const ModelShape = z.object({
  contextLength: z.number().int().min(64).default(320),
  modelDim: z.number().int().min(8).default(128),
  layers: z.number().int().min(1).default(2),
  heads: z.number().int().min(1).default(4),
  mlpRatio: z.number().int().min(1).default(4),
  activation: z.enum(["gelu", "relu"]).default("relu"),
  seed: z.number().int().default(0),
});
export type ModelShape = z.infer<typeof ModelShape>;

/** Everything a training run needs besides where it writes; saved in every checkpoint so `--resume` continues exactly. */
export const TrainConfig = z.object({
  env: z.string(),
  /** Options of the training environment (`-o key=value`, `--games`). */
  envOptions: z.record(z.string(), z.unknown()).default({}),
  algo: Algo.default("hiper"),
  /** RL iterations; 0 stops after the warm start. */
  iterations: z.number().int().nonnegative().default(10),
  /** Rollouts per task: GRPO, RLOO and GiGPO compare rollouts of one task. */
  group: z.number().int().positive().default(1),
  /** Episodes per iteration (tasks × group), all stepped concurrently so decoding batches them. */
  envsPerIter: z.number().int().positive().default(16),
  /** Step limit per episode (default: the environment's). */
  maxSteps: z.number().int().positive().optional(),
  /** Past turns the policy is given: the compact prompt shows the last two with observations, older ones as actions. */
  historyLength: z.number().int().nonnegative().default(12),
  /** Seed of the model, the sampling and the shuffles. */
  seed: z.number().int().default(0),
  /** Base of the RL task seeds (see taskSeeds). */
  trainSeed: z.number().int().default(0),
  model: ModelShape.prefault({}),
  vocabularySize: z.number().int().min(64).default(4096),
  decoding: DecodingSettings.prefault({}),
  warmStart: z
    .object({
      /** Episodes collected from an environment policy (when warm-starting from `explorer`, `expert`, ...). */
      episodes: z.number().int().positive().default(200),
      /** Base of the warm-start task seeds (kept apart from the RL tasks). */
      seed: z.number().int().default(1_000_000),
      /** Keep only won episodes as demonstrations. */
      successOnly: z.boolean().default(true),
      epochs: z.number().int().positive().default(3),
      batchSize: z.number().int().positive().default(32),
      learningRate: z.number().positive().default(1e-3),
    })
    .prefault({}),
  rl: z
    .object({
      learningRate: z.number().positive().default(1e-4),
      miniBatchSize: z.number().int().positive().default(64),
      epochs: z.number().int().positive().default(1),
      /**
       * Where the value heads live: on the policy's trunk (`shared`), or on a `separate` critic
       * model, initialised from the warm start and stepped by its own optimiser (upstream's set-up,
       * spec §3.9). Only estimators that read values train one.
       */
      critic: z.enum(["shared", "separate"]).default("shared"),
      // With a shared trunk this also sets how much of each clipped step is the critic's. On
      // ALFWorld hiper did better at 0.1 and ppo at 0.5 (BENCHMARKS.md, session 5). A separate
      // critic takes its loss whole.
      criticCoef: z.number().nonnegative().default(0.5),
      /** Learning rate of a separate critic (upstream's critic learns 10× faster than its actor). */
      criticLearningRate: z.number().positive().default(3e-4),
      /**
       * Blocks of a separate critic (default: the policy's). A smaller critic costs less per update;
       * it starts from the warm start's embeddings and first blocks, and a block beyond them starts fresh.
       */
      criticLayers: z.number().int().positive().optional(),
      valueClip: z.number().positive().default(0.5),
      clipRatio: z.number().positive().default(ACTOR_LOSS_DEFAULTS.clipRatio),
      dualClip: z.number().positive().default(ACTOR_LOSS_DEFAULTS.dualClip),
      entropyCoef: z.number().nonnegative().default(ACTOR_LOSS_DEFAULTS.entropyCoef),
      klCoef: z.number().nonnegative().default(ACTOR_LOSS_DEFAULTS.klCoef),
    })
    .prefault({}),
  /** Estimator settings (default: the environment's official preset when there is one). */
  advantages: z.record(z.string(), z.unknown()).optional(),
});
export type TrainConfig = z.infer<typeof TrainConfig>;
export type TrainConfigInput = z.input<typeof TrainConfig>;
