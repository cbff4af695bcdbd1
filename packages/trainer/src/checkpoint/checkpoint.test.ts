import * as tf from "@tensorflow/tfjs-core";
import { HiperError, InvalidInputError, SeededRandom } from "@hiper/core";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend.js";
import { PolicyModel, type TokenBatch } from "../model/policy-model.js";
import { SPECIAL_TOKENS, Vocabulary } from "../model/vocabulary.js";
import { AdamW } from "../optim/adamw.js";
import { CheckpointError } from "./checkpoint-error.js";
import { isCheckpointDir } from "./is-checkpoint-dir.js";
import { loadCheckpoint } from "./load-checkpoint.js";
import { restoreOptimizer } from "./restore-optimizer.js";
import { saveCheckpoint } from "./save-checkpoint.js";

const CONFIG = { vocabSize: 20, contextLength: 16, modelDim: 8, layers: 1, heads: 2, seed: 3 };
const vocabulary = Vocabulary.fromData({ version: 1, encoding: "o200k_base", specials: [...SPECIAL_TOKENS], tiktokenIds: [10, 11, 12, 13, 14, 15, 16, 17, 18] });
const batch: TokenBatch = { tokens: Int32Array.from({ length: 2 * 10 }, (_, index) => (index * 7 + 1) % 20), batch: 2, length: 10 };

let root: string;
let caseCount = 0;
const freshDir = () => join(root, `case${caseCount++}`, "ckpt");

/** AdamW steps on a loss touching every weight, so weights differ from their seeded init. */
function train(model: PolicyModel, optimizer: AdamW, steps: number): void {
  const named = model.namedWeights();
  const keyOf = new Map([...named].map(([name, variable]) => [variable.name, name]));
  for (let index = 0; index < steps; index++) {
    const { value, grads } = tf.variableGrads(() => {
      const { logits, values } = model.forward(batch);
      return tf.add(tf.mean(tf.square(tf.sub(logits, 1))), tf.mean(tf.square(tf.sub(values, 0.5)))) as tf.Scalar;
    }, model.trainableVariables());
    optimizer.applyGradients(new Map(Object.entries(grads).map(([name, grad]) => [keyOf.get(name) as string, grad])), named);
    tf.dispose([value, ...Object.values(grads)]);
  }
}

function outputs(model: PolicyModel): { logits: number[]; values: number[] } {
  const { logits, values } = model.forward(batch);
  const result = { logits: Array.from(logits.dataSync()), values: Array.from(values.dataSync()) };
  tf.dispose([logits, values]);
  return result;
}

function weightsOf(model: PolicyModel): Record<string, number[]> {
  return Object.fromEntries([...model.namedWeights()].map(([name, variable]) => [name, Array.from(variable.dataSync())]));
}

async function trainedCheckpoint(dir: string, trainer: unknown = { iteration: 1 }) {
  const model = new PolicyModel(CONFIG);
  const optimizer = new AdamW({ learningRate: 0.01, weightDecay: 0.1 });
  train(model, optimizer, 3);
  await saveCheckpoint(dir, { model, vocabulary, optimizer, trainer });
  return { model, optimizer };
}

async function editManifest(dir: string, edit: (manifest: Record<string, any>) => void): Promise<void> {
  const path = join(dir, "checkpoint.json");
  const manifest = JSON.parse(await readFile(path, "utf8"));
  edit(manifest);
  await writeFile(path, JSON.stringify(manifest));
}

describe("checkpoints", () => {
  beforeAll(async () => {
    await selectBackend({ backend: "cpu" });
    root = await mkdtemp(join(tmpdir(), "hiper-checkpoint-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("round-trips weights, vocabulary and trainer state into a fresh model", async () => {
    const dir = freshDir();
    const random = new SeededRandom(7);
    random.next();
    const trainer = { iteration: 3, config: { lr: 0.01 }, rng: random.getState(), counters: [1, 2] };
    const { model, optimizer } = await trainedCheckpoint(dir, trainer);
    const untrained = new PolicyModel(CONFIG);
    expect(outputs(model)).not.toEqual(outputs(untrained));

    const loaded = await loadCheckpoint(dir);
    expect(outputs(loaded.model)).toEqual(outputs(model));
    expect(loaded.model.config).toEqual(model.config);
    expect(loaded.vocabulary.toData()).toEqual(vocabulary.toData());
    expect(loaded.trainer).toEqual(trainer);
    expect(SeededRandom.fromState((loaded.trainer as typeof trainer).rng).next()).toBe(random.next());
    const names = loaded.manifest.weights.tensors.map((entry) => entry.name);
    expect(names).toEqual([...model.namedWeights().keys()]);
    expect(names).toContain("block0/qkvKernel");
    expect(names.some((name) => name.startsWith("policy"))).toBe(false);
    expect(await isCheckpointDir(dir)).toBe(true);
    expect(await isCheckpointDir(join(root, "nowhere"))).toBe(false);
    for (const disposable of [model, optimizer, loaded.model, untrained]) disposable.dispose();
  });

  it("round-trips the optimizer: resumed training is bit-identical", async () => {
    const dir = freshDir();
    const { model, optimizer } = await trainedCheckpoint(dir);
    const loaded = await loadCheckpoint(dir);
    const saved = loaded.optimizerState;
    if (saved === undefined) throw new Error("no optimizer state");
    expect(saved.hyperParams).toEqual(optimizer.hyperParams());
    expect(saved.state).toEqual(optimizer.getState());
    const resumed = new AdamW(saved.hyperParams);
    restoreOptimizer(resumed, saved, loaded.model);
    train(model, optimizer, 3);
    train(loaded.model, resumed, 3);
    expect(weightsOf(loaded.model)).toEqual(weightsOf(model));
    for (const disposable of [model, optimizer, loaded.model, resumed]) disposable.dispose();
  });

  it("round-trips a separate critic and its optimizer beside the policy, and skips it when asked", async () => {
    const dir = freshDir();
    const model = new PolicyModel(CONFIG);
    const optimizer = new AdamW({ learningRate: 0.01 });
    const critic = new PolicyModel({ ...CONFIG, layers: 2, seed: 9 });
    const criticOptimizer = new AdamW({ learningRate: 0.03, weightDecay: 0 });
    train(model, optimizer, 2);
    train(critic, criticOptimizer, 3);
    await saveCheckpoint(dir, { model, vocabulary, optimizer, critic: { model: critic, optimizer: criticOptimizer } });
    expect((await readdir(dir)).sort()).toEqual(["checkpoint.json", "critic-optimizer.bin", "critic-weights.bin", "optimizer.bin", "weights.bin"]);

    const loaded = await loadCheckpoint(dir);
    if (loaded.critic?.optimizerState === undefined) throw new Error("no critic optimizer state");
    expect(loaded.critic.model.config).toEqual(critic.config);
    expect(outputs(loaded.critic.model)).toEqual(outputs(critic));
    expect(outputs(loaded.model)).toEqual(outputs(model));
    expect(loaded.critic.optimizerState.hyperParams).toEqual(criticOptimizer.hyperParams());
    expect(loaded.optimizerState?.state.step).toBe(2);
    const resumed = new AdamW(loaded.critic.optimizerState.hyperParams);
    restoreOptimizer(resumed, loaded.critic.optimizerState, loaded.critic.model);
    train(critic, criticOptimizer, 2);
    train(loaded.critic.model, resumed, 2);
    expect(weightsOf(loaded.critic.model)).toEqual(weightsOf(critic));

    const policyOnly = await loadCheckpoint(dir, { withCritic: false });
    expect(policyOnly.critic).toBeUndefined();
    await truncate(join(dir, "critic-weights.bin"), 10);
    await expect(loadCheckpoint(dir)).rejects.toThrow(/critic-weights\.bin/);
    for (const disposable of [model, optimizer, critic, criticOptimizer, loaded.model, loaded.critic.model, resumed, policyOnly.model]) disposable.dispose();
  });

  it("saves without an optimizer and stores unclipped AdamW as null", async () => {
    const dir = freshDir();
    const model = new PolicyModel(CONFIG);
    await saveCheckpoint(dir, { model, vocabulary });
    expect((await readdir(dir)).sort()).toEqual(["checkpoint.json", "weights.bin"]);
    const loaded = await loadCheckpoint(dir);
    expect(loaded.optimizerState).toBeUndefined();
    expect(loaded.trainer).toBeNull();
    loaded.model.dispose();

    const optimizer = new AdamW({ learningRate: 0.01, maxGradNorm: Infinity });
    train(model, optimizer, 1);
    await saveCheckpoint(dir, { model, vocabulary, optimizer });
    expect(JSON.parse(await readFile(join(dir, "checkpoint.json"), "utf8")).optimizer.hyperParams.maxGradNorm).toBeNull();
    const again = await loadCheckpoint(dir);
    expect(again.optimizerState?.hyperParams.maxGradNorm).toBe(Infinity);
    for (const disposable of [model, optimizer, again.model]) disposable.dispose();
  });

  it("overwrites atomically, leaving one valid checkpoint and no siblings", async () => {
    const dir = freshDir();
    const first = await trainedCheckpoint(dir, { iteration: 1 });
    const second = await trainedCheckpoint(dir, { iteration: 2 });
    const loaded = await loadCheckpoint(dir);
    expect(loaded.trainer).toEqual({ iteration: 2 });
    expect(await readdir(join(dir, ".."))).toEqual(["ckpt"]);
    for (const disposable of [first.model, first.optimizer, second.model, second.optimizer, loaded.model]) disposable.dispose();
  });

  it("ignores the temp directory of a crashed save, and a later save removes it", async () => {
    const dir = freshDir();
    const { model, optimizer } = await trainedCheckpoint(dir, { iteration: 1 });
    const crashed = `${dir}.tmp-99999999-deadbeef`;
    await mkdir(crashed);
    await writeFile(join(crashed, "weights.bin"), new Uint8Array(10));
    await writeFile(join(crashed, "checkpoint.json.partial"), "{");
    const loaded = await loadCheckpoint(dir);
    expect(loaded.trainer).toEqual({ iteration: 1 });
    await saveCheckpoint(dir, { model, vocabulary, trainer: { iteration: 2 } });
    expect(await readdir(join(dir, ".."))).toEqual(["ckpt"]);
    for (const disposable of [model, optimizer, loaded.model]) disposable.dispose();
  });

  it("recovers a save that crashed between its two renames", async () => {
    const dir = freshDir();
    const { model, optimizer } = await trainedCheckpoint(dir, { iteration: 1 });
    // The old checkpoint was renamed aside; the complete new one is still in its temp directory.
    await rename(dir, `${dir}.old-99999999-0a0a0a0a`);
    const only = await loadCheckpoint(dir);
    expect(only.trainer).toEqual({ iteration: 1 });
    await saveCheckpoint(`${dir}-new`, { model, vocabulary, trainer: { iteration: 2 } });
    await rename(`${dir}-new`, `${dir}.tmp-99999999-0b0b0b0b`);
    const newest = await loadCheckpoint(dir);
    expect(newest.trainer).toEqual({ iteration: 2 });
    expect(newest.path).toBe(`${dir}.tmp-99999999-0b0b0b0b`);
    await saveCheckpoint(dir, { model, vocabulary, trainer: { iteration: 3 } });
    expect(await readdir(join(dir, ".."))).toEqual(["ckpt"]);
    for (const disposable of [model, optimizer, only.model, newest.model]) disposable.dispose();
  });

  it("reports a missing directory or manifest, and a corrupt or invalid manifest", async () => {
    await expect(loadCheckpoint(join(root, "absent", "ckpt"))).rejects.toThrow(/absent\/ckpt: no checkpoint directory here/);
    const dir = freshDir();
    await mkdir(dir, { recursive: true });
    await expect(loadCheckpoint(dir)).rejects.toThrow(/checkpoint\.json: missing file/);
    await writeFile(join(dir, "checkpoint.json"), "{ not json");
    const corrupt = await loadCheckpoint(dir).catch((error: unknown) => error);
    expect(corrupt).toBeInstanceOf(CheckpointError);
    expect((corrupt as CheckpointError).code).toBe("checkpoint");
    expect(String(corrupt)).toMatch(/checkpoint\.json: corrupt manifest, not JSON/);
    await writeFile(join(dir, "checkpoint.json"), JSON.stringify({ formatVersion: 2 }));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/format version 2 is not supported/);

    const good = freshDir();
    const { model, optimizer } = await trainedCheckpoint(good);
    await editManifest(good, (manifest) => {
      manifest.model.modelDim = "wide";
    });
    await expect(loadCheckpoint(good)).rejects.toThrow(/invalid manifest:[\s\S]*model\.modelDim/);
    expect(await isCheckpointDir(good)).toBe(false);
    model.dispose();
    optimizer.dispose();
  });

  it("reports truncated files, unknown, missing and misshapen tensors", async () => {
    const dir = freshDir();
    const { model, optimizer } = await trainedCheckpoint(dir);
    const manifest = JSON.parse(await readFile(join(dir, "checkpoint.json"), "utf8"));
    const restore = () => writeFile(join(dir, "checkpoint.json"), JSON.stringify(manifest));
    const size = manifest.weights.byteLength as number;

    await truncate(join(dir, "weights.bin"), size - 8);
    await expect(loadCheckpoint(dir)).rejects.toThrow(new RegExp(`weights\\.bin: is ${size - 8} bytes but the manifest lists ${size}`));
    await saveCheckpoint(dir, { model, vocabulary, optimizer });

    await editManifest(dir, (edited) => {
      edited.weights.tensors[0].name = "block9/mystery";
    });
    await expect(loadCheckpoint(dir)).rejects.toThrow(/weights\.bin: holds "block9\/mystery", which the model has no weight for/);
    await restore();
    await editManifest(dir, (edited) => {
      edited.weights.tensors = edited.weights.tensors.filter((entry: { name: string }) => entry.name !== "valueBias");
    });
    await expect(loadCheckpoint(dir)).rejects.toThrow(/weights\.bin: lacks the model weights valueBias/);
    await restore();
    await editManifest(dir, (edited) => {
      edited.weights.tensors[0].shape = [8, 20];
    });
    await expect(loadCheckpoint(dir)).rejects.toThrow(/"tokenEmbedding" has shape \[8, 20\] but the model's weight is \[20, 8\]/);
    await restore();
    await editManifest(dir, (edited) => {
      edited.optimizer.tensors = edited.optimizer.tensors.filter((entry: { name: string; moment: string }) => !(entry.name === "valueBias" && entry.moment === "v"));
    });
    await expect(loadCheckpoint(dir)).rejects.toThrow(/optimizer\.bin: has the first moment of "valueBias" but not its second/);
    await restore();
    await writeFile(join(dir, "optimizer.bin"), new Uint8Array(4));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/optimizer\.bin: is 4 bytes/);
    model.dispose();
    optimizer.dispose();
  });

  it("rejects what it cannot save with InvalidInputError", async () => {
    const model = new PolicyModel({ ...CONFIG, vocabSize: 21 });
    await expect(saveCheckpoint(freshDir(), { model, vocabulary })).rejects.toThrow(/vocabulary has 20 tokens but the model's vocabSize is 21/);
    const fitting = new PolicyModel(CONFIG);
    const error = await saveCheckpoint(freshDir(), { model: fitting, vocabulary, trainer: { big: 1n } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(HiperError.isInstance(error)).toBe(true);
    const stranger = new AdamW({ learningRate: 0.1 });
    const variable = tf.variable(tf.zeros([2]));
    const grad = tf.ones([2]);
    stranger.applyGradients(new Map([["other", grad]]), new Map([["other", variable]]));
    await expect(saveCheckpoint(freshDir(), { model: fitting, vocabulary, optimizer: stranger })).rejects.toThrow(/optimizer moment "other" names no variable/);
    for (const disposable of [model, fitting, stranger]) disposable.dispose();
    tf.dispose([variable, grad]);
  });
});
