import * as tf from "@tensorflow/tfjs-core";
import { InvalidInputError } from "@hiper/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend.js";
import { type KernelMode } from "./ops/kernel-mode.js";
import { PolicyModel } from "./policy-model.js";
import { scoreTokens, valuesAt } from "./score-tokens.js";

const VOCAB = 40;
const BATCH = 3;
const LENGTH = 12;
const tokens = Int32Array.from({ length: BATCH * LENGTH }, (_, index) => (index * 7 + 3) % VOCAB);

function tinyModel(kernels: KernelMode, extra: { activation?: "gelu" | "relu"; embedding?: "gather" | "one-hot" } = {}) {
  return new PolicyModel({ vocabSize: VOCAB, contextLength: 16, modelDim: 16, heads: 4, layers: 2, seed: 5, kernels, ...extra });
}

/** Loss touching every output: log-probs, entropy and the value heads at a few positions. */
function lossOf(model: PolicyModel): tf.Scalar {
  const scores = scoreTokens(model, { tokens, batch: BATCH, length: LENGTH }, { withEntropy: true });
  const readOut = valuesAt(scores.values, Int32Array.from([0, 5, 13, 35]));
  return tf.addN([tf.neg(tf.mean(scores.logProbs)), tf.mul(0.1, tf.mean(scores.entropy as tf.Tensor)), tf.mean(tf.square(readOut))]) as tf.Scalar;
}

function lossAndGradients(model: PolicyModel): { loss: number; gradients: Map<string, Float32Array> } {
  const { value, grads } = tf.variableGrads(() => lossOf(model), model.trainableVariables());
  const names = new Map([...model.namedWeights()].map(([name, variable]) => [variable.name, name]));
  const gradients = new Map(Object.entries(grads).map(([variableName, gradient]) => [names.get(variableName) as string, gradient.dataSync() as Float32Array]));
  const loss = value.dataSync()[0] as number;
  tf.dispose([value, ...Object.values(grads)]);
  return { loss, gradients };
}

describe("PolicyModel", () => {
  beforeAll(async () => {
    await selectBackend({ backend: "wasm" });
  });
  afterAll(async () => {
    await selectBackend({ backend: "wasm" });
  });

  for (const backend of ["wasm", "cpu"] as const) {
    for (const variant of [{ activation: "gelu" as const }, { activation: "relu" as const, embedding: "one-hot" as const }]) {
      it(`computes the same loss and gradients with tuned and naive kernels (${backend}, ${JSON.stringify(variant)})`, async () => {
        await selectBackend({ backend });
        const tuned = tinyModel("tuned", variant);
        const naive = tinyModel("naive", variant);
        const a = lossAndGradients(tuned);
        const b = lossAndGradients(naive);
        expect(a.loss).toBeCloseTo(b.loss, 5);
        expect(a.gradients.size).toBe(tuned.trainableVariables().length);
        for (const [name, gradient] of a.gradients) {
          const other = b.gradients.get(name) as Float32Array;
          const scale = Math.max(1e-3, ...Array.from(other, Math.abs));
          const worst = Math.max(...Array.from(gradient, (value, index) => Math.abs(value - (other[index] as number))));
          expect(worst / scale, name).toBeLessThan(1e-4);
        }
        tuned.dispose();
        naive.dispose();
      });
    }
  }

  it("returns logits, values and log-probs of the documented shapes", () => {
    const model = tinyModel("tuned");
    tf.tidy(() => {
      const { logits, values } = model.forward({ tokens, batch: BATCH, length: LENGTH });
      expect(logits.shape).toEqual([BATCH * LENGTH, VOCAB]);
      expect(values.shape).toEqual([BATCH * LENGTH, 3]);
      const last = model.forward({ tokens, batch: BATCH, length: LENGTH }, { logitsAt: "last" }).logits;
      expect(last.shape).toEqual([BATCH, VOCAB]);
      const scores = scoreTokens(model, { tokens, batch: BATCH, length: LENGTH });
      expect(scores.logProbs.shape).toEqual([BATCH, LENGTH]);
      const logProbs = scores.logProbs.arraySync();
      expect(logProbs.map((row) => row[0])).toEqual([0, 0, 0]);
      expect(logProbs.flat().every((value) => value <= 0)).toBe(true);
    });
    model.dispose();
  });

  it("rejects tokens outside the vocabulary and sequences beyond the context", () => {
    const model = tinyModel("tuned");
    expect(() => model.forward({ tokens: Int32Array.from([1, VOCAB]), batch: 1, length: 2 })).toThrow(InvalidInputError);
    expect(() => model.forward({ tokens: new Int32Array(17), batch: 1, length: 17 })).toThrow(/context length/);
    expect(() => new PolicyModel({ vocabSize: VOCAB, modelDim: 30, heads: 4 })).toThrow(/multiple of heads/);
    model.dispose();
  });

  it("overfits a handful of sequences", () => {
    const model = tinyModel("tuned");
    const optimizer = tf.train.adam(0.01);
    const step = () => {
      const cost = optimizer.minimize(() => tf.neg(tf.mean(scoreTokens(model, { tokens, batch: BATCH, length: LENGTH }).logProbs)) as tf.Scalar, true, model.trainableVariables());
      const value = (cost as tf.Scalar).dataSync()[0] as number;
      (cost as tf.Scalar).dispose();
      return value;
    };
    const first = step();
    let last = first;
    for (let iteration = 0; iteration < 150; iteration++) last = step();
    // Position 0 scores 0 and the mean includes it, so the initial loss is ~ln(40)·11/12 ≈ 3.4.
    expect(first).toBeGreaterThan(3);
    expect(last).toBeLessThan(0.1 * first);
    optimizer.dispose();
    model.dispose();
  });

  it("leaks no tensors over 200 forward and backward steps", () => {
    const model = tinyModel("tuned");
    const optimizer = tf.train.adam(0.001);
    const step = () => {
      const cost = optimizer.minimize(() => lossOf(model), true, model.trainableVariables());
      (cost as tf.Scalar).dispose();
    };
    step();
    const before = tf.memory().numTensors;
    for (let iteration = 0; iteration < 200; iteration++) step();
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    model.dispose();
  });

  it("initialises the same weights for the same seed (seed 0 included), and different ones for another seed", () => {
    const weightsOf = (seed: number) => {
      const model = new PolicyModel({ vocabSize: VOCAB, contextLength: 16, modelDim: 16, heads: 4, layers: 1, seed });
      const values = [...model.namedWeights().values()].map((variable) => Array.from(variable.dataSync()));
      model.dispose();
      return values;
    };
    expect(weightsOf(0)).toEqual(weightsOf(0));
    expect(weightsOf(3)).toEqual(weightsOf(3));
    expect(weightsOf(0)).not.toEqual(weightsOf(3));
  });

  it("names every weight and counts its parameters", () => {
    const model = new PolicyModel({ vocabSize: 100, contextLength: 32, modelDim: 8, heads: 2, layers: 1, mlpRatio: 2 });
    const names = [...model.namedWeights().keys()];
    expect(names).toContain("block0/qkvKernel");
    expect(names).toContain("valueKernel");
    const d = 8;
    const perBlock = 4 * d + (d * 3 * d + 3 * d) + (d * d + d) + (d * 2 * d + 2 * d) + (2 * d * d + d);
    expect(model.parameterCount()).toBe(100 * d + 32 * d + perBlock + 2 * d + d * 100 + d * 3 + 3);
    model.dispose();
  });
});
