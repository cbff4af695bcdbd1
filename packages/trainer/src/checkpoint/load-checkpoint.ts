import * as tf from "@tensorflow/tfjs-core";
import { HiperError } from "@hiper/core";
import { join } from "node:path";
import { PolicyModel } from "../model/policy-model.js";
import { Vocabulary } from "../model/vocabulary.js";
import type { AdamWHyperParams } from "../optim/adamw-hyper-params.js";
import type { AdamWMoment, AdamWState } from "../optim/adamw-state.js";
import { CheckpointError } from "./checkpoint-error.js";
import { CHECKPOINT_FILES, type CheckpointManifest, type TensorEntry } from "./checkpoint-manifest.js";
import { readCheckpointFile, readManifest } from "./read-manifest.js";
import { checkFileSize, readTensor } from "./tensor-file.js";

/** A saved AdamW: its hyper-parameters and the state for {@link restoreOptimizer}. */
export interface SavedOptimizerState {
  hyperParams: AdamWHyperParams;
  state: AdamWState;
}

export interface LoadedCheckpoint {
  /** A fresh model with the saved config and weights; the caller disposes it. */
  model: PolicyModel;
  vocabulary: Vocabulary;
  optimizerState?: SavedOptimizerState;
  /** The separate critic, when one was saved; the caller disposes its model. */
  critic?: { model: PolicyModel; optimizerState?: SavedOptimizerState };
  /** The `trainer` value given to saveCheckpoint, as JSON. */
  trainer: unknown;
  manifest: CheckpointManifest;
  /** The directory read: `dir`, or a complete sibling left by a save that crashed mid-swap. */
  path: string;
}

/**
 * Loads a checkpoint written by saveCheckpoint. Every tensor is checked against the model built
 * from the saved config (names, shapes, file sizes) before any weight is assigned; problems
 * are CheckpointErrors naming the file. `withCritic: false` leaves a saved critic unread (serving
 * and evaluation need only the policy).
 */
export async function loadCheckpoint(dir: string, options: { withCritic?: boolean } = {}): Promise<LoadedCheckpoint> {
  const { path, manifest } = await readManifest(dir);
  const vocabulary = vocabularyOf(manifest, join(path, CHECKPOINT_FILES.manifest));
  if (manifest.critic !== undefined && manifest.critic.model.vocabSize !== manifest.model.vocabSize) {
    throw new CheckpointError(`the critic's vocabSize ${manifest.critic.model.vocabSize} differs from the policy's ${manifest.model.vocabSize}`, { path: join(path, CHECKPOINT_FILES.manifest) });
  }
  const policy = await readModel(path, manifest, { weights: CHECKPOINT_FILES.weights, optimizer: CHECKPOINT_FILES.optimizer });
  try {
    const critic = manifest.critic === undefined || options.withCritic === false ? undefined : await readModel(path, manifest.critic, { weights: CHECKPOINT_FILES.criticWeights, optimizer: CHECKPOINT_FILES.criticOptimizer });
    return {
      model: policy.model,
      vocabulary,
      ...(policy.optimizerState === undefined ? {} : { optimizerState: policy.optimizerState }),
      ...(critic === undefined ? {} : { critic }),
      trainer: manifest.trainer,
      manifest,
      path,
    };
  } catch (error) {
    policy.model.dispose();
    throw error;
  }
}

/** One model of the checkpoint (the policy or the critic) and its optimizer's state, all checked before a weight is assigned. */
async function readModel(
  path: string,
  saved: Pick<CheckpointManifest, "model" | "weights" | "optimizer">,
  files: { weights: string; optimizer: string },
): Promise<{ model: PolicyModel; optimizerState?: SavedOptimizerState }> {
  const weightsPath = join(path, files.weights);
  const weightBytes = await readCheckpointFile(weightsPath);
  const optimizerPath = join(path, files.optimizer);
  const optimizerBytes = saved.optimizer === undefined ? undefined : await readCheckpointFile(optimizerPath);
  const model = new PolicyModel(saved.model);
  try {
    const shapes = new Map([...model.namedWeights()].map(([name, variable]) => [name, variable.shape]));
    checkFileSize(weightBytes, saved.weights.byteLength, weightsPath);
    const weights = readNamedTensors(weightBytes, saved.weights.tensors, shapes, weightsPath);
    const missing = [...shapes.keys()].filter((name) => !weights.has(name));
    if (missing.length > 0) throw new CheckpointError(`lacks the model weights ${missing.join(", ")}`, { path: weightsPath });
    let optimizerState: SavedOptimizerState | undefined;
    if (saved.optimizer !== undefined && optimizerBytes !== undefined) {
      const { hyperParams, step, byteLength, tensors } = saved.optimizer;
      checkFileSize(optimizerBytes, byteLength, optimizerPath);
      const m = readNamedTensors(optimizerBytes, tensors.filter((entry) => entry.moment === "m"), shapes, optimizerPath);
      const v = readNamedTensors(optimizerBytes, tensors.filter((entry) => entry.moment === "v"), shapes, optimizerPath);
      const moments = new Map<string, AdamWMoment>();
      for (const [name, first] of m) {
        const second = v.get(name);
        if (second === undefined) throw new CheckpointError(`has the first moment of "${name}" but not its second`, { path: optimizerPath });
        moments.set(name, { m: first, v: second, shape: [...(shapes.get(name) as number[])] });
      }
      const unpaired = [...v.keys()].find((name) => !m.has(name));
      if (unpaired !== undefined) throw new CheckpointError(`has the second moment of "${unpaired}" but not its first`, { path: optimizerPath });
      optimizerState = { hyperParams, state: { step, moments } };
    }
    const variables = model.namedWeights();
    for (const [name, data] of weights) {
      const variable = variables.get(name) as tf.Variable;
      tf.tidy(() => variable.assign(tf.tensor(data, variable.shape, "float32")));
    }
    return { model, ...(optimizerState === undefined ? {} : { optimizerState }) };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** The tensors of `entries` by name, each checked to name a model weight of the same shape, once. */
function readNamedTensors(bytes: Uint8Array, entries: TensorEntry[], shapes: Map<string, number[]>, path: string): Map<string, Float32Array> {
  const tensors = new Map<string, Float32Array>();
  for (const entry of entries) {
    const shape = shapes.get(entry.name);
    if (shape === undefined) throw new CheckpointError(`holds "${entry.name}", which the model has no weight for`, { path });
    if (!tf.util.arraysEqual(shape, entry.shape)) {
      throw new CheckpointError(`"${entry.name}" has shape [${entry.shape.join(", ")}] but the model's weight is [${shape.join(", ")}]`, { path });
    }
    if (tensors.has(entry.name)) throw new CheckpointError(`holds "${entry.name}" twice`, { path });
    tensors.set(entry.name, readTensor(bytes, entry, path));
  }
  return tensors;
}

function vocabularyOf(manifest: CheckpointManifest, path: string): Vocabulary {
  let vocabulary: Vocabulary;
  try {
    vocabulary = Vocabulary.fromData(manifest.vocabulary);
  } catch (error) {
    if (!HiperError.isInstance(error)) throw error;
    throw new CheckpointError(error.message, { path, cause: error });
  }
  if (vocabulary.size !== manifest.model.vocabSize) {
    throw new CheckpointError(`the vocabulary has ${vocabulary.size} tokens but the model's vocabSize is ${manifest.model.vocabSize}`, { path });
  }
  return vocabulary;
}
