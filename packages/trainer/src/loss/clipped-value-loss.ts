import * as tf from "@tensorflow/tfjs-core";
import { InvalidInputError } from "@hiper/core";

/** One value head's read-outs (spec §3.9): current v (differentiable), pre-update v_old, target R. */
export interface ValueHeadTensors {
  values: tf.Tensor1D;
  oldValues: Float32Array;
  returns: Float32Array;
}

/**
 * verl's clipped value loss for one head as a differentiable TensorFlow.js function; the same
 * number as core's `clippedValueLoss`:
 *
 *   L_head = mean over positions of max((v − R)², (clip(v, v_old − c, v_old + c) − R)²)
 *
 * No ½ factor. A head with no positions gives a constant 0 (no gradient path to `values`).
 */
export function clippedValueLossTensor(head: ValueHeadTensors, clipRange = 0.5): tf.Scalar {
  const n = head.oldValues.length;
  if (head.values.rank !== 1 || head.values.size !== n || head.returns.length !== n) {
    throw new InvalidInputError("clippedValueLossTensor: values (1-D), oldValues and returns must have the same length");
  }
  for (const [name, array] of [["oldValues", head.oldValues], ["returns", head.returns]] as const) {
    array.forEach((value, i) => {
      if (!Number.isFinite(value)) throw new InvalidInputError(`clippedValueLossTensor: ${name}[${i}] must be finite, got ${value}`);
    });
  }
  // Not sum / n: the wasm backend's sum of an empty tensor returns uninitialised memory.
  if (n === 0) return tf.scalar(0);
  return tf.tidy(() => {
    const v = head.values;
    const vOld = tf.tensor1d(head.oldValues);
    const R = tf.tensor1d(head.returns);
    // max then min: the gradient passes to v inside [v_old − c, v_old + c] and is 0 outside.
    const vClipped = tf.minimum(tf.maximum(v, tf.sub(vOld, clipRange)), tf.add(vOld, clipRange));
    const lossPerPosition = tf.maximum(tf.square(tf.sub(v, R)), tf.square(tf.sub(vClipped, R)));
    return tf.mean(lossPerPosition) as tf.Scalar;
  });
}

/** The three-head critic loss (spec §3.9): L_low + highCoef·L_high + termCoef·L_term, as core's `hierarchicalCriticLoss`. */
export function hierarchicalCriticLossTensor(
  heads: { low: ValueHeadTensors; high: ValueHeadTensors; term: ValueHeadTensors },
  options: { clipRange?: number; highCoef?: number; termCoef?: number } = {},
): tf.Scalar {
  const { clipRange = 0.5, highCoef = 1.0, termCoef = 1.0 } = options;
  return tf.tidy(() =>
    tf.addN([
      clippedValueLossTensor(heads.low, clipRange),
      tf.mul(highCoef, clippedValueLossTensor(heads.high, clipRange)),
      tf.mul(termCoef, clippedValueLossTensor(heads.term, clipRange)),
    ]),
  ) as tf.Scalar;
}
