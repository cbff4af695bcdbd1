import { z } from "zod";
import { PolicyModelConfig } from "../model/policy-model-config.js";
import { VocabularyData } from "../model/vocabulary.js";
import { AdamWHyperParams } from "../optim/adamw-hyper-params.js";

/** The files of a checkpoint directory; the manifest is written last and marks it complete. */
export const CHECKPOINT_FILES = {
  manifest: "checkpoint.json",
  weights: "weights.bin",
  optimizer: "optimizer.bin",
  criticWeights: "critic-weights.bin",
  criticOptimizer: "critic-optimizer.bin",
} as const;

/** Where one tensor lies in a `.bin` file: little-endian float32, row-major. */
export const TensorEntry = z.object({
  /** The weight's name without the model instance prefix (`block0/qkvKernel`). */
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.literal("float32"),
  byteOffset: z.number().int().nonnegative(),
  byteLength: z.number().int().nonnegative(),
});
export type TensorEntry = z.infer<typeof TensorEntry>;

/** An AdamW moment of the weight `name`. */
export const MomentEntry = TensorEntry.extend({ moment: z.enum(["m", "v"]) });
export type MomentEntry = z.infer<typeof MomentEntry>;

/** AdamW's hyper-parameters as JSON stores them: no clipping (Infinity) is saved as null. */
export const SavedAdamWHyperParams = AdamWHyperParams.extend({
  maxGradNorm: z
    .number()
    .positive()
    .nullable()
    .transform((value) => value ?? Infinity),
});
export type SavedAdamWHyperParams = z.infer<typeof SavedAdamWHyperParams>;

/** The index of one model's weights in its `.bin` file. */
export const WeightsIndex = z.object({ byteLength: z.number().int().nonnegative(), tensors: z.array(TensorEntry) });

/** An AdamW's hyper-parameters, step and the index of its moments in its `.bin` file. */
export const OptimizerIndex = z.object({
  kind: z.literal("adamw"),
  hyperParams: SavedAdamWHyperParams,
  step: z.number().int().nonnegative(),
  byteLength: z.number().int().nonnegative(),
  tensors: z.array(MomentEntry),
});

/** `checkpoint.json`: everything but the tensors, plus the index of the tensors in the `.bin` files. */
export const CheckpointManifest = z.object({
  formatVersion: z.literal(1),
  savedAt: z.iso.datetime(),
  model: PolicyModelConfig,
  vocabulary: VocabularyData,
  weights: WeightsIndex,
  optimizer: OptimizerIndex.optional(),
  /** A separate critic trained beside the policy (its value heads are the ones read), with its own optimizer. */
  critic: z.object({ model: PolicyModelConfig, weights: WeightsIndex, optimizer: OptimizerIndex.optional() }).optional(),
  /** The caller's own state (training config, iteration, RNG states, counters), as given. */
  trainer: z.json(),
});
export type CheckpointManifest = z.infer<typeof CheckpointManifest>;
