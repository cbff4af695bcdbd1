import * as tf from "@tensorflow/tfjs-core";
import { ACTOR_LOSS_DEFAULTS, type ActorLossConfig, InvalidInputError, ppoActorLoss, SeededRandom } from "@hiper/core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend.js";
import { type ActorLossInputs, ppoActorLossTensor, readActorLoss } from "./ppo-actor-loss.js";

interface Batch {
  logProbs: Float32Array;
  oldLogProbs: Float32Array;
  refLogProbs: Float32Array;
  advantages: Float32Array;
  entropy: Float32Array;
  mask: Float32Array;
}

/** Mixed signs of A, ratios inside and far outside [0.8, 1.2], zero advantages, masked positions holding extremes. */
function randomBatch(seed: number, n = 32, maskAll: 0 | 1 | null = null): Batch {
  const random = new SeededRandom(seed);
  const uniform = (low: number, high: number) => low + (high - low) * random.next();
  const batch: Batch = {
    logProbs: new Float32Array(n),
    oldLogProbs: new Float32Array(n),
    refLogProbs: new Float32Array(n),
    advantages: new Float32Array(n),
    entropy: new Float32Array(n),
    mask: new Float32Array(n),
  };
  for (let j = 0; j < n; j++) {
    const logProb = uniform(-4, 0);
    const spread = random.next() < 0.5 ? 0.15 : 2;
    batch.logProbs[j] = logProb;
    batch.oldLogProbs[j] = logProb + uniform(-spread, spread);
    batch.refLogProbs[j] = logProb + uniform(-spread * 2, spread);
    batch.advantages[j] = random.next() < 0.1 ? 0 : uniform(-3, 3);
    batch.entropy[j] = uniform(0, 3);
    batch.mask[j] = maskAll ?? (random.next() < 0.7 ? 1 : 0);
    if (batch.mask[j] === 0 && j % 2 === 0) {
      // exp of these would overflow float32 if they reached it
      batch.logProbs[j] = 1e4;
      batch.oldLogProbs[j] = -1e4;
      batch.refLogProbs[j] = 1e4;
      batch.advantages[j] = -1e4;
    }
  }
  return batch;
}

/** Runs `fn` in a tidy scope and returns its plain (non-tensor) result. */
function tidyRead<T>(fn: () => T): T {
  let result!: T;
  tf.tidy(() => {
    result = fn();
  });
  return result;
}

function coreLoss(batch: Batch, logProbs: ArrayLike<number> = batch.logProbs, config: ActorLossConfig = ACTOR_LOSS_DEFAULTS) {
  return ppoActorLoss(
    {
      logProbs: Array.from(logProbs),
      oldLogProbs: Array.from(batch.oldLogProbs),
      refLogProbs: Array.from(batch.refLogProbs),
      advantages: Array.from(batch.advantages),
      entropies: Array.from(batch.entropy),
      mask: Array.from(batch.mask, (value) => value === 1),
    },
    config,
  );
}

function inputsOf(batch: Batch, logProbs: tf.Tensor1D, entropy: tf.Tensor1D | null): ActorLossInputs {
  return { logProbs, oldLogProbs: batch.oldLogProbs, refLogProbs: batch.refLogProbs, advantages: batch.advantages, entropy, mask: batch.mask };
}

function tensorLoss(batch: Batch, config: ActorLossConfig = ACTOR_LOSS_DEFAULTS) {
  return tidyRead(() => readActorLoss(ppoActorLossTensor(inputsOf(batch, tf.tensor1d(batch.logProbs), tf.tensor1d(batch.entropy)), config)));
}

/** d loss / d logProbs and d loss / d entropy from TensorFlow.js. */
function tensorGradients(batch: Batch): { logProbs: Float32Array; entropy: Float32Array } {
  const [logProbs, entropy] = [tf.tensor1d(batch.logProbs), tf.tensor1d(batch.entropy)];
  const grads = tf.grads((lp, ent) => ppoActorLossTensor(inputsOf(batch, lp as tf.Tensor1D, ent as tf.Tensor1D)).loss)([logProbs, entropy]);
  const result = { logProbs: grads[0]?.dataSync() as Float32Array, entropy: grads[1]?.dataSync() as Float32Array };
  tf.dispose([logProbs, entropy, ...grads]);
  return result;
}

// cpu is the reference; wasm is what the trainer runs on without a native backend.
for (const backend of ["cpu", "wasm"] as const) {
  describe(`ppoActorLossTensor (§3.10, ${backend})`, () => {
    beforeAll(async () => {
      await selectBackend({ backend });
    });

    it("equals core's ppoActorLoss on random batches", () => {
      let clippedSomewhere = false;
      for (const seed of [1, 2, 3, 4, 5, 6]) {
        const batch = randomBatch(seed);
        const expected = coreLoss(batch);
        const actual = tensorLoss(batch);
        for (const key of ["loss", "policyLoss", "entropy", "kl", "clipFraction"] as const) {
          expect(Math.abs(actual[key] - expected[key]), `seed ${seed} ${key}`).toBeLessThan(1e-5);
        }
        clippedSomewhere ||= expected.clipFraction > 0;
      }
      expect(clippedSomewhere).toBe(true);
    });

    it("equals core's under other coefficients", () => {
      const config = { clipRatio: 0.1, dualClip: 2, entropyCoef: 0.05, klCoef: 0.5 };
      const batch = randomBatch(11);
      expect(Math.abs(tensorLoss(batch, config).loss - coreLoss(batch, batch.logProbs, config).loss)).toBeLessThan(1e-5);
    });

    it("gives 0 everywhere, and zero gradients, for an all-zero mask", () => {
      const batch = randomBatch(7, 16, 0);
      expect(tensorLoss(batch)).toEqual({ loss: 0, policyLoss: 0, entropy: 0, kl: 0, clipFraction: 0 });
      const grads = tensorGradients(batch);
      expect([...grads.logProbs, ...grads.entropy].every((g) => Math.abs(g) === 0)).toBe(true);
    });

    it("gives constant zeros for a batch with no tokens", () => {
      const batch = randomBatch(9, 0);
      expect(tensorLoss(batch)).toEqual({ loss: 0, policyLoss: 0, entropy: 0, kl: 0, clipFraction: 0 });
    });

    it("drops the KL and entropy terms when their inputs are null", () => {
      const batch = randomBatch(8);
      const actual = tidyRead(() =>
        readActorLoss(ppoActorLossTensor({ ...inputsOf(batch, tf.tensor1d(batch.logProbs), null), refLogProbs: null })),
      );
      const expected = coreLoss(batch);
      expect(actual.kl).toBe(0);
      expect(actual.entropy).toBe(0);
      expect(Math.abs(actual.loss - expected.policyLoss)).toBeLessThan(1e-5);
    });

    it("matches finite differences of core's loss in d loss / d logProbs and d loss / d entropy", () => {
      for (const seed of [21, 22, 23]) {
        const batch = randomBatch(seed);
        const grads = tensorGradients(batch);
        const count = batch.mask.reduce((sum, m) => sum + m, 0);
        const kept = [...batch.mask.keys()].filter((j) => batch.mask[j] === 1).slice(0, 8);
        for (const j of kept) {
          const h = 1e-6;
          const shifted = (delta: number) => coreLoss(batch, Array.from(batch.logProbs, (value, i) => (i === j ? value + delta : value))).loss;
          const numeric = (shifted(h) - shifted(-h)) / (2 * h);
          expect(Math.abs((grads.logProbs[j] as number) - numeric), `seed ${seed} token ${j}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(numeric)));
          expect(grads.entropy[j]).toBeCloseTo(-ACTOR_LOSS_DEFAULTS.entropyCoef / count, 7);
        }
      }
    });

    it("gives masked positions exactly 0 gradient, even holding NaN and ±Infinity", () => {
      const batch = randomBatch(31);
      const masked = [...batch.mask.keys()].filter((j) => batch.mask[j] === 0);
      expect(masked.length).toBeGreaterThan(3);
      const expected = tensorLoss(batch);
      for (const [index, j] of masked.entries()) {
        const poison = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY][index % 3] as number;
        batch.logProbs[j] = poison;
        batch.oldLogProbs[j] = poison;
        batch.refLogProbs[j] = poison;
        batch.advantages[j] = poison;
        batch.entropy[j] = poison;
      }
      expect(tensorLoss(batch)).toEqual(expected);
      const grads = tensorGradients(batch);
      expect(grads.logProbs.every(Number.isFinite)).toBe(true);
      expect(grads.entropy.every(Number.isFinite)).toBe(true);
      for (const j of masked) {
        expect(Math.abs(grads.logProbs[j] as number)).toBe(0);
        expect(Math.abs(grads.entropy[j] as number)).toBe(0);
      }
    });

    it("stays finite when a kept token's log-ratio would overflow exp", () => {
      const batch = randomBatch(41, 4, 1);
      batch.logProbs.set([-0.1, -200, -0.2, -150]);
      batch.oldLogProbs.set([-150, -0.1, -0.3, -0.2]);
      batch.refLogProbs.set([-0.5, -0.5, -150, -0.5]);
      batch.advantages.set([2, -1, 0, 1]);
      const actual = tensorLoss(batch);
      const expected = coreLoss(batch);
      expect(Math.abs(actual.loss - expected.loss)).toBeLessThan(1e-5);
      expect(tensorGradients(batch).logProbs.every(Number.isFinite)).toBe(true);
    });

    it("leaks no tensors: only the five returned scalars survive", () => {
      const batch = randomBatch(51);
      const [logProbs, entropy] = [tf.tensor1d(batch.logProbs), tf.tensor1d(batch.entropy)];
      const before = tf.memory().numTensors;
      const out = ppoActorLossTensor(inputsOf(batch, logProbs, entropy));
      expect(tf.memory().numTensors).toBe(before + 5);
      tf.dispose(out);
      expect(tf.memory().numTensors).toBe(before);
      tidyRead(() => readActorLoss(ppoActorLossTensor(inputsOf(batch, logProbs, entropy))));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([logProbs, entropy]);
      const start = tf.memory().numTensors;
      tensorGradients(batch);
      expect(tf.memory().numTensors).toBe(start);
    });

    it("rejects ragged inputs, a non-0/1 mask and non-finite kept values", () => {
      const batch = randomBatch(61, 4, 1);
      const run = (patch: Partial<Batch>) => () =>
        tf.tidy(() => {
          const b = { ...batch, ...patch };
          ppoActorLossTensor(inputsOf(b, tf.tensor1d(b.logProbs), tf.tensor1d(b.entropy)));
        });
      expect(run({ advantages: new Float32Array(3) })).toThrow(InvalidInputError);
      expect(run({ mask: Float32Array.from([1, 0.5, 1, 1]) })).toThrow(InvalidInputError);
      expect(run({ oldLogProbs: Float32Array.from([0, Number.NaN, 0, 0]) })).toThrow(InvalidInputError);
    });
  });
}
