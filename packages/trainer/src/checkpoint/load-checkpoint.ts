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
  /** The `trainer` value given to saveCheckpoint, as JSON. */
  trainer: unknown;
  manifest: CheckpointManifest;
  /** The directory read: `dir`, or a complete sibling left by a save that crashed mid-swap. */
  path: string;
}

/**
 * Loads a checkpoint written by saveCheckpoint. Every tensor is checked against the model built
 * from the saved config (names, shapes, file sizes) before any weight is assigned; problems
 * are CheckpointErrors naming the file.
 */
export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const { path, manifest } = await readManifest(dir);
  const vocabulary = vocabularyOf(manifest, join(path, CHECKPOINT_FILES.manifest));
  const weightsPath = join(path, CHECKPOINT_FILES.weights);
  const weightBytes = await readCheckpointFile(weightsPath);
  const optimizerPath = join(path, CHECKPOINT_FILES.optimizer);
  const optimizerBytes = manifest.optimizer === undefined ? undefined : await readCheckpointFile(optimizerPath);
  const model = new PolicyModel(manifest.model);
  try {
    const shapes = new Map([...model.namedWeights()].map(([name, variable]) => [name, variable.shape]));
    checkFileSize(weightBytes, manifest.weights.byteLength, weightsPath);
    const weights = readNamedTensors(weightBytes, manifest.weights.tensors, shapes, weightsPath);
    const missing = [...shapes.keys()].filter((name) => !weights.has(name));
    if (missing.length > 0) throw new CheckpointError(`lacks the model weights ${missing.join(", ")}`, { path: weightsPath });
    let optimizerState: SavedOptimizerState | undefined;
    if (manifest.optimizer !== undefined && optimizerBytes !== undefined) {
      const { hyperParams, step, byteLength, tensors } = manifest.optimizer;
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
    return { model, vocabulary, ...(optimizerState === undefined ? {} : { optimizerState }), trainer: manifest.trainer, manifest, path };
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
