import * as tf from "@tensorflow/tfjs-core";
import { hostKernelsAvailable, runHostKernel } from "../../backend/host-kernel.js";
import { customGradient } from "./custom-gradient.js";
import { mergeHeadsKernel, splitHeadsKernel } from "./head-layout-kernels.js";
import type { KernelMode } from "./kernel-mode.js";

/** The shape of one attention call: `batch` sequences of `length` tokens, `heads` heads. */
export interface AttentionShape {
  batch: number;
  length: number;
  heads: number;
}

/** Added to the scores of masked keys: large enough that exp underflows to exactly 0. */
export const MASKED_SCORE = -1e9;

const causalMasks = new Map<number, Float32Array>();

/** The additive causal mask of one sequence: 0 on and below the diagonal, MASKED_SCORE above. */
function causalMaskValues(length: number): Float32Array {
  let mask = causalMasks.get(length);
  if (mask === undefined) {
    mask = new Float32Array(length * length);
    for (let row = 0; row < length; row++) mask.fill(MASKED_SCORE, row * length + row + 1, (row + 1) * length);
    causalMasks.set(length, mask);
  }
  return mask;
}

function layoutAttrs({ batch, length, heads }: AttentionShape, headDim: number, groups: number) {
  return { batch, length, heads, headDim, groups };
}

/**
 * Causal self-attention as a loop of 2-D matmuls, one (sequence, head) pair at a time, with a
 * hand-written backward pass of 2-D matmuls. On wasm, batched matMul
 * runs at ~3 GFLOP/s and this loop at 12–30 (DESIGN §4). Operands move between layouts through
 * host kernels, in one pass each.
 */
function loopedAttention(qkv: tf.Tensor2D, shape: AttentionShape): tf.Tensor2D {
  const pairs = shape.batch * shape.heads;
  const headDim = qkv.shape[1] / 3 / shape.heads;
  const scale = 1 / Math.sqrt(headDim);
  const op = customGradient<[tf.Tensor2D], tf.Tensor2D>(([input], save) => {
    // Requests: q (scaled), kᵀ, v for the forward pass; qᵀ (scaled), k, vᵀ for the backward
    // pass, which is then written without any transpose.
    const pieces = runHostKernel(splitHeadsKernel, [input], {
      ...layoutAttrs(shape, headDim, 3),
      requestGroup: [0, 1, 2, 0, 1, 2],
      requestTransposed: [0, 1, 0, 1, 0, 1],
      requestScale: [scale, 1, 1, scale, 1, 1],
    }) as tf.Tensor2D[];
    const piece = (request: number, pair: number) => pieces[request * pairs + pair] as tf.Tensor2D;
    const mask = tf.tensor2d(causalMaskValues(shape.length), [shape.length, shape.length]);
    const probabilities: tf.Tensor2D[] = [];
    const outputs: tf.Tensor2D[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      const p = tf.softmax(tf.add<tf.Tensor2D>(tf.matMul(piece(0, pair), piece(1, pair)), mask));
      probabilities.push(p);
      outputs.push(tf.matMul(p, piece(2, pair)));
    }
    save([...pieces.slice(3 * pairs), ...probabilities]);
    return {
      value: runHostKernel(mergeHeadsKernel, outputs, { ...layoutAttrs(shape, headDim, 1), groupScale: [1], groupTransposed: [0] })[0] as tf.Tensor2D,
      gradFunc: (dy, saved) => {
        const dOutputs = runHostKernel(splitHeadsKernel, [dy], {
          ...layoutAttrs(shape, headDim, 1),
          requestGroup: [0, 0],
          requestTransposed: [0, 1],
          requestScale: [1, 1],
        }) as tf.Tensor2D[];
        const dQueries: tf.Tensor2D[] = [];
        const dKeysT: tf.Tensor2D[] = [];
        const dValuesT: tf.Tensor2D[] = [];
        for (let pair = 0; pair < pairs; pair++) {
          const [queryT, key, valueT, p] = [0, 1, 2, 3].map((group) => saved[group * pairs + pair] as tf.Tensor2D) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
          const dOutput = dOutputs[pair] as tf.Tensor2D;
          const dOutputT = dOutputs[pairs + pair] as tf.Tensor2D;
          dValuesT.push(tf.matMul(dOutputT, p));
          const dP = tf.matMul(dOutput, valueT);
          // softmax backward: dS = P ⊙ (dP − rowsum(dP ⊙ P))
          const dScores = tf.mul(p, tf.sub(dP, tf.sum(tf.mul(dP, p), -1, true)));
          dQueries.push(tf.matMul(dScores, key));
          dKeysT.push(tf.matMul(queryT, dScores));
        }
        const merged = runHostKernel(mergeHeadsKernel, [...dQueries, ...dKeysT, ...dValuesT], {
          ...layoutAttrs(shape, headDim, 3),
          groupScale: [scale, 1, 1],
          groupTransposed: [0, 1, 1],
        });
        return [merged[0] as tf.Tensor2D];
      },
    };
  });
  return op(qkv);
}

/** Causal self-attention with batched matmuls and autodiff: the TensorFlow.js default path. */
function batchedAttention(qkv: tf.Tensor2D, shape: AttentionShape): tf.Tensor2D {
  const { batch, length, heads } = shape;
  const headDim = qkv.shape[1] / 3 / heads;
  const grouped = tf.transpose(tf.reshape(qkv, [batch, length, 3, heads, headDim]), [2, 0, 3, 1, 4]);
  const [query, key, value] = tf.unstack(grouped, 0) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
  const mask = tf.tensor2d(causalMaskValues(length), [length, length]);
  const p = tf.softmax(tf.add(tf.mul(tf.matMul(query, key, false, true), 1 / Math.sqrt(headDim)), mask));
  const merged = tf.transpose(tf.matMul(p, value), [0, 2, 1, 3]);
  return tf.reshape(merged, [batch * length, heads * headDim]);
}

/**
 * Causal multi-head self-attention over `batch` sequences that all start at position 0.
 * `qkv` is the fused projection `[batch·length, 3·d]` (q | k | v, heads side by side in each);
 * the result is `[batch·length, d]`. The tuned loop needs host kernels (wasm, cpu); on
 * libtensorflow, batched matMul is fast and both modes use it.
 */
export function causalAttention(qkv: tf.Tensor2D, shape: AttentionShape, mode: KernelMode): tf.Tensor2D {
  return mode === "tuned" && hostKernelsAvailable() ? loopedAttention(qkv, shape) : batchedAttention(qkv, shape);
}

/** Keys and values of every position, `[batch, heads, length, headDim]` each, to start a KV cache. */
export function keysAndValues(qkv: tf.Tensor2D, shape: AttentionShape): { keys: tf.Tensor4D; values: tf.Tensor4D } {
  const { batch, length, heads } = shape;
  const headDim = qkv.shape[1] / 3 / heads;
  if (hostKernelsAvailable()) {
    const [keys, values] = runHostKernel(splitHeadsKernel, [qkv], {
      ...layoutAttrs(shape, headDim, 3),
      stacked: 1,
      requestGroup: [1, 2],
      requestTransposed: [0, 0],
      requestScale: [1, 1],
    });
    return { keys: tf.reshape(keys as tf.Tensor, [batch, heads, length, headDim]), values: tf.reshape(values as tf.Tensor, [batch, heads, length, headDim]) };
  }
  const grouped = tf.transpose(tf.reshape(qkv, [batch, length, 3, heads, headDim]), [2, 0, 3, 1, 4]);
  const [, keys, values] = tf.unstack(grouped, 0) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
  return { keys, values };
}
