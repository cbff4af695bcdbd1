import * as tf from "@tensorflow/tfjs-core";
import { customGradient } from "./custom-gradient.js";
import type { KernelMode } from "./kernel-mode.js";

/**
 * `a · b` whose gradients transpose explicitly: on wasm, `matMul` with transposeA/B runs 10–40×
 * slower than `transpose` + plain `matMul` (DESIGN §4), and the default gradients use the slow path.
 */
const explicitTransposeMatMul = customGradient<[tf.Tensor2D, tf.Tensor2D], tf.Tensor2D>(([a, b], save) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy, [savedA, savedB]) => [tf.matMul(dy, tf.transpose(savedB as tf.Tensor2D)), tf.matMul(tf.transpose(savedA as tf.Tensor2D), dy)],
  };
});

/** `x · kernel + bias` (optionally through ReLU) in one fused kernel, with explicit-transpose gradients. */
function explicitTransposeDense(activation: "linear" | "relu") {
  return customGradient<[tf.Tensor2D, tf.Tensor2D, tf.Tensor1D], tf.Tensor2D>(([x, kernel, bias], save) => {
    const y = tf.fused.matMul({ a: x, b: kernel, bias, activation }) as tf.Tensor2D;
    save(activation === "relu" ? [x, kernel, y] : [x, kernel]);
    return {
      value: y,
      gradFunc: (dy, [savedX, savedKernel, savedY]) => {
        // ReLU passes the gradient where its output is positive.
        const dPre: tf.Tensor2D = savedY === undefined ? dy : tf.mul(dy, tf.step(savedY));
        return [tf.matMul(dPre, tf.transpose(savedKernel as tf.Tensor2D)), tf.matMul(tf.transpose(savedX as tf.Tensor2D), dPre), columnSums(dPre)];
      },
    };
  });
}

const explicitTransposeLinear = explicitTransposeDense("linear");
const explicitTransposeRelu = explicitTransposeDense("relu");

/**
 * Sum of the rows of `x` (`[n, d]` → `[d]`) as `1ₙᵀ · x`: wasm reduces a non-innermost axis by
 * transposing first, which costs more than this small matmul.
 */
export function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape<tf.Rank.R1>(tf.matMul(tf.ones([1, x.shape[0]]), x), [x.shape[1]]);
}

/** Whether explicit transposes pay off: only the wasm backend has the slow transposed matMul. */
function useExplicitTransposes(mode: KernelMode): boolean {
  return mode === "tuned" && tf.getBackend() === "wasm";
}

/** `a · b` for 2-D tensors. */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D, mode: KernelMode): tf.Tensor2D {
  return useExplicitTransposes(mode) ? explicitTransposeMatMul(a, b) : tf.matMul(a, b);
}

/** A dense layer, `activation(x · kernel + bias)`. */
export function dense(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, mode: KernelMode, activation: "linear" | "relu" = "linear"): tf.Tensor2D {
  if (useExplicitTransposes(mode)) return activation === "relu" ? explicitTransposeRelu(x, kernel, bias) : explicitTransposeLinear(x, kernel, bias);
  if (mode === "tuned") return tf.fused.matMul({ a: x, b: kernel, bias, activation }) as tf.Tensor2D;
  const linear = tf.add<tf.Tensor2D>(tf.matMul(x, kernel), bias);
  return activation === "relu" ? tf.relu(linear) : linear;
}
