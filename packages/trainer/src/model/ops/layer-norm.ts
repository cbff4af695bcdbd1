import * as tf from "@tensorflow/tfjs-core";
import { customGradient } from "./custom-gradient.js";
import type { KernelMode } from "./kernel-mode.js";
import { columnSums } from "./matmul.js";

export const LAYER_NORM_EPSILON = 1e-5;

/**
 * Layer norm over the last axis with a hand-written gradient: about half the kernels of the
 * autodiff version, which matters on wasm where each small kernel has a fixed cost.
 *   dx = rstd · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ · x̂)),  dx̂ = dy · gain
 */
const fusedLayerNorm = customGradient<[tf.Tensor2D, tf.Tensor1D, tf.Tensor1D], tf.Tensor2D>(([x, gain, bias], save) => {
  const { mean, variance } = tf.moments(x, -1, true);
  const rstd = tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON));
  const normalized = tf.mul(tf.sub(x, mean), rstd);
  save([normalized, rstd, gain]);
  return {
    value: tf.add(tf.mul(normalized, gain), bias),
    gradFunc: (dy, [savedNormalized, savedRstd, savedGain]) => {
      const xHat = savedNormalized as tf.Tensor2D;
      const dxHat = tf.mul(dy, savedGain as tf.Tensor1D);
      const centred = tf.sub(dxHat, tf.mean(dxHat, -1, true));
      const dx = tf.mul(tf.sub(centred, tf.mul(xHat, tf.mean(tf.mul(dxHat, xHat), -1, true))), savedRstd as tf.Tensor2D);
      return [dx, columnSums(tf.mul(dy, xHat)), columnSums(dy)];
    },
  };
});

function autodiffLayerNorm(x: tf.Tensor2D, gain: tf.Tensor1D, bias: tf.Tensor1D): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LAYER_NORM_EPSILON))), gain), bias);
}

/** Layer norm of each row of `x` (pre-LN transformer). */
export function layerNorm(x: tf.Tensor2D, gain: tf.Tensor1D, bias: tf.Tensor1D, mode: KernelMode): tf.Tensor2D {
  return mode === "tuned" ? fusedLayerNorm(x, gain, bias) : autodiffLayerNorm(x, gain, bias);
}
