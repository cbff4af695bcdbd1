import * as tf from "@tensorflow/tfjs-core";
import { customGradient } from "./custom-gradient.js";
import type { KernelMode } from "./kernel-mode.js";

// GELU, tanh approximation, written as x·σ(v) with v = x·(K1 + K3·x²), since 0.5·(1 + tanh(u)) = σ(2u).
const K1 = 2 * Math.sqrt(2 / Math.PI);
const K3 = K1 * 0.044715;

function preActivation(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.add(tf.mul(tf.square(x), K3), K1));
}

/** GELU with a hand-written gradient: y' = s + x·s·(1 − s)·(K1 + 3·K3·x²), s = σ(v). */
const fusedGelu = customGradient<[tf.Tensor2D], tf.Tensor2D>(([x], save) => {
  const s = tf.sigmoid(preActivation(x));
  save([x, s]);
  return {
    value: tf.mul(x, s),
    gradFunc: (dy, [savedX, savedS]) => {
      const xs = savedX as tf.Tensor2D;
      const ss = savedS as tf.Tensor2D;
      const dv = tf.add(tf.mul(tf.square(xs), 3 * K3), K1);
      const slope = tf.add(ss, tf.mul(tf.mul(xs, tf.mul(ss, tf.sub(1, ss))), dv));
      return [tf.mul(dy, slope)];
    },
  };
});

/** GELU (tanh approximation), as in GPT-2. */
export function gelu(x: tf.Tensor2D, mode: KernelMode): tf.Tensor2D {
  return mode === "tuned" ? fusedGelu(x) : tf.mul(x, tf.sigmoid(preActivation(x)));
}
