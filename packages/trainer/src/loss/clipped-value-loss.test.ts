import * as tf from "@tensorflow/tfjs-core";
import { clippedValueLoss, hierarchicalCriticLoss, InvalidInputError, SeededRandom, type ValueHeadBatch } from "@hiper/core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend.js";
import { clippedValueLossTensor, hierarchicalCriticLossTensor, type ValueHeadTensors } from "./clipped-value-loss.js";

interface Head {
  values: Float32Array;
  oldValues: Float32Array;
  returns: Float32Array;
}

/** v within and beyond v_old ± 0.5, on either side of R, so both branches of the max win somewhere. */
function randomHead(seed: number, n: number): Head {
  const random = new SeededRandom(seed);
  const uniform = (low: number, high: number) => low + (high - low) * random.next();
  const head: Head = { values: new Float32Array(n), oldValues: new Float32Array(n), returns: new Float32Array(n) };
  for (let i = 0; i < n; i++) {
    head.oldValues[i] = uniform(-2, 2);
    head.values[i] = (head.oldValues[i] as number) + uniform(-1.5, 1.5);
    head.returns[i] = uniform(-3, 3);
  }
  return head;
}

const plain = (head: Head, values: ArrayLike<number> = head.values): ValueHeadBatch => ({
  values: Array.from(values),
  oldValues: Array.from(head.oldValues),
  returns: Array.from(head.returns),
});
const tensors = (head: Head, values: tf.Tensor1D): ValueHeadTensors => ({ values, oldValues: head.oldValues, returns: head.returns });
const tensorLoss = (head: Head, clipRange?: number) =>
  tf.tidy(() => clippedValueLossTensor(tensors(head, tf.tensor1d(head.values)), clipRange).dataSync()[0] as number);

function tensorGradient(head: Head): Float32Array {
  const values = tf.tensor1d(head.values);
  const gradient = tf.grad((v) => clippedValueLossTensor(tensors(head, v as tf.Tensor1D)))(values);
  const result = gradient.dataSync() as Float32Array;
  tf.dispose([values, gradient]);
  return result;
}

// cpu is the reference; wasm is what the trainer runs on without a native backend.
for (const backend of ["cpu", "wasm"] as const) {
  describe(`clippedValueLossTensor (§3.9, ${backend})`, () => {
    beforeAll(async () => {
      await selectBackend({ backend });
    });

    it("equals core's clippedValueLoss on random heads", () => {
      for (const seed of [1, 2, 3, 4, 5]) {
        const head = randomHead(seed, 20);
        for (const clipRange of [0.5, 0.2]) {
          expect(Math.abs(tensorLoss(head, clipRange) - clippedValueLoss(plain(head), clipRange)), `seed ${seed}`).toBeLessThan(1e-5);
        }
      }
    });

    it("reproduces core's worked examples", () => {
      const head = (v: number, vOld: number, R: number) => ({ values: Float32Array.of(v), oldValues: Float32Array.of(vOld), returns: Float32Array.of(R) });
      expect(tensorLoss(head(2, 1, 3))).toBe(2.25);
      expect(tensorLoss(head(2, 1.9, 0))).toBeCloseTo(4, 6);
      expect(tensorLoss(head(0, 3, 0))).toBe(6.25);
    });

    it("gives 0 for a head with no positions", () => {
      expect(tensorLoss({ values: new Float32Array(0), oldValues: new Float32Array(0), returns: new Float32Array(0) })).toBe(0);
    });

    it("matches finite differences of core's loss in d loss / d values", () => {
      const head = randomHead(9, 12);
      const gradient = tensorGradient(head);
      let clippedToZero = 0;
      for (let i = 0; i < 12; i++) {
        const h = 1e-6;
        const shifted = (delta: number) => clippedValueLoss(plain(head, Array.from(head.values, (v, k) => (k === i ? v + delta : v))));
        const numeric = (shifted(h) - shifted(-h)) / (2 * h);
        expect(Math.abs((gradient[i] as number) - numeric), `position ${i}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(numeric)));
        if (numeric === 0) clippedToZero++;
      }
      expect(clippedToZero).toBeGreaterThan(0);
    });

    it("sums three heads like core's hierarchicalCriticLoss, an empty head contributing 0", () => {
      const [low, high, term] = [randomHead(11, 8), randomHead(12, 0), randomHead(13, 8)];
      const options = { clipRange: 0.3, termCoef: 0.5 };
      const expected = hierarchicalCriticLoss({ low: plain(low), high: plain(high), term: plain(term) }, options);
      const before = tf.memory().numTensors;
      const actual = tf.tidy(() => {
        const heads = { low: tensors(low, tf.tensor1d(low.values)), high: tensors(high, tf.tensor1d(high.values)), term: tensors(term, tf.tensor1d(term.values)) };
        return hierarchicalCriticLossTensor(heads, options).dataSync()[0] as number;
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(Math.abs(actual - expected)).toBeLessThan(1e-5);
    });

    it("leaks no tensors: only the returned scalar survives", () => {
      const head = randomHead(21, 6);
      const values = tf.tensor1d(head.values);
      const before = tf.memory().numTensors;
      const loss = clippedValueLossTensor(tensors(head, values));
      expect(tf.memory().numTensors).toBe(before + 1);
      tf.dispose([loss, values]);
      const start = tf.memory().numTensors;
      tensorGradient(head);
      expect(tf.memory().numTensors).toBe(start);
    });

    it("rejects ragged and non-finite inputs", () => {
      const head = randomHead(31, 3);
      const run = (patch: Partial<Head>) => () =>
        tf.tidy(() => {
          const h = { ...head, ...patch };
          clippedValueLossTensor(tensors(h, tf.tensor1d(h.values)));
        });
      expect(run({ returns: new Float32Array(2) })).toThrow(InvalidInputError);
      expect(run({ oldValues: Float32Array.of(0, Number.POSITIVE_INFINITY, 0) })).toThrow(InvalidInputError);
    });
  });
}
