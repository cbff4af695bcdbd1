import { InvalidInputError } from "@hiper/core";
import type { z } from "zod";
import type { PolicyModel } from "../model/policy-model.js";
import type { Vocabulary } from "../model/vocabulary.js";
import type { AdamW } from "../optim/adamw.js";
import { validateAdamWState } from "../optim/adamw-state.js";
import { type DirectoryFiles, replaceDirectoryAtomically } from "./atomic-directory.js";
import { CHECKPOINT_FILES, CheckpointManifest } from "./checkpoint-manifest.js";
import { type NamedTensorData, packTensors } from "./tensor-file.js";

export interface SaveCheckpointOptions {
  model: PolicyModel;
  vocabulary: Vocabulary;
  /** Its moments must be keyed by the model's weight names (`model.namedWeights()`). */
  optimizer?: AdamW;
  /** A separate critic (same vocabulary) and its optimizer, saved beside the policy in the same atomic write. */
  critic?: { model: PolicyModel; optimizer?: AdamW };
  /** The caller's own state; must be JSON-serialisable (`undefined` is saved as null). */
  trainer?: unknown;
}

type Manifest = z.input<typeof CheckpointManifest>;

/**
 * Saves a checkpoint directory: `checkpoint.json`, `weights.bin` and, with an optimizer,
 * `optimizer.bin` (and the critic's two files when there is one). Atomic: an existing checkpoint
 * at `dir` is replaced only once the new one is complete on disk (see
 * replaceDirectoryAtomically). Tensors are named by `model.namedWeights()`, which carries no
 * per-instance prefix, so any fresh model loads them.
 */
export async function saveCheckpoint(dir: string, options: SaveCheckpointOptions): Promise<CheckpointManifest> {
  const { model, vocabulary, critic } = options;
  for (const [label, each] of [["model", model], ["critic", critic?.model]] as const) {
    if (each !== undefined && vocabulary.size !== each.config.vocabSize) {
      throw new InvalidInputError(`the vocabulary has ${vocabulary.size} tokens but the ${label}'s vocabSize is ${each.config.vocabSize}`);
    }
  }
  const files: DirectoryFiles = [];
  const policy = await modelFiles(model, options.optimizer, { weights: CHECKPOINT_FILES.weights, optimizer: CHECKPOINT_FILES.optimizer }, files);
  const criticEntry =
    critic === undefined
      ? undefined
      : { model: critic.model.config, ...(await modelFiles(critic.model, critic.optimizer, { weights: CHECKPOINT_FILES.criticWeights, optimizer: CHECKPOINT_FILES.criticOptimizer }, files)) };
  const manifest = CheckpointManifest.safeParse({
    formatVersion: 1,
    savedAt: new Date().toISOString(),
    model: model.config,
    vocabulary: vocabulary.toData(),
    weights: policy.weights,
    optimizer: policy.optimizer,
    critic: criticEntry,
    trainer: toJson(options.trainer),
  } satisfies Manifest);
  if (!manifest.success) throw new InvalidInputError(`cannot build a checkpoint manifest: ${manifest.error.message}`);
  files.push([CHECKPOINT_FILES.manifest, `${JSON.stringify(manifest.data, null, 2)}\n`]);
  await replaceDirectoryAtomically(dir, files);
  return manifest.data;
}

/** Packs one model's weights (and its optimizer's moments) into `files`; returns their manifest entries. */
async function modelFiles(model: PolicyModel, optimizer: AdamW | undefined, names: { weights: string; optimizer: string }, files: DirectoryFiles) {
  const weights = model.namedWeights();
  const weightData: NamedTensorData[] = [];
  for (const [name, variable] of weights) weightData.push({ name, shape: [...variable.shape], data: Float32Array.from(await variable.data()) });
  const packedWeights = packTensors(weightData);
  files.push([names.weights, packedWeights.bytes]);
  if (optimizer === undefined) return { weights: { byteLength: packedWeights.bytes.length, tensors: packedWeights.entries } };
  const state = optimizer.getState();
  validateAdamWState(state, weights);
  const moments = [...state.moments].flatMap(([name, { m, v, shape }]) => [
    { name, shape, data: m, moment: "m" as const },
    { name, shape, data: v, moment: "v" as const },
  ]);
  const packed = packTensors(moments);
  const { maxGradNorm, ...hyperParams } = optimizer.hyperParams();
  files.push([names.optimizer, packed.bytes]);
  return {
    weights: { byteLength: packedWeights.bytes.length, tensors: packedWeights.entries },
    optimizer: {
      kind: "adamw" as const,
      hyperParams: { ...hyperParams, maxGradNorm: Number.isFinite(maxGradNorm) ? maxGradNorm : null },
      step: state.step,
      byteLength: packed.bytes.length,
      tensors: packed.entries.map((entry, index) => ({ ...entry, moment: (moments[index] as (typeof moments)[number]).moment })),
    },
  };
}

/** `value` as plain JSON (what loading will give back), or InvalidInputError. */
function toJson(value: unknown): Manifest["trainer"] {
  try {
    return JSON.parse(JSON.stringify(value ?? null) ?? "null");
  } catch (error) {
    throw new InvalidInputError(`the trainer state is not JSON-serialisable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
