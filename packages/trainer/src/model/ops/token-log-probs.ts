import * as tf from "@tensorflow/tfjs-core";
import { hostKernelsAvailable, runHostKernel } from "../../backend/host-kernel.js";
import { customGradient } from "./custom-gradient.js";
import type { KernelMode } from "./kernel-mode.js";
import { oneHotFloat } from "./one-hot.js";
import { addAtColumnsKernel, pickColumnsKernel } from "./row-kernels.js";

/** Per-row scores of a matrix of logits. */
export interface TokenScores {
  /** log softmax(logits)[target], one per row. */
  logProbs: tf.Tensor1D;
  /** The entropy of each row's distribution; present when asked for. */
  entropy?: tf.Tensor1D;
}

/** `matrix[row, targets[row]]` for every row. */
function pickTargets(matrix: tf.Tensor2D, targets: Int32Array): tf.Tensor1D {
  if (hostKernelsAvailable()) return runHostKernel(pickColumnsKernel, [matrix, tf.tensor1d(targets, "int32")])[0] as tf.Tensor1D;
  return tf.sum<tf.Tensor1D>(tf.mul(matrix, oneHotFloat(targets, matrix.shape[1])), 1);
}

/** `matrix` plus `values[row]` at `[row, targets[row]]`: the one-hot term of the gradient. */
function addAtTargets(matrix: tf.Tensor2D, targets: Int32Array, values: tf.Tensor2D): tf.Tensor2D {
  if (hostKernelsAvailable()) return runHostKernel(addAtColumnsKernel, [matrix, tf.tensor1d(targets, "int32"), values])[0] as tf.Tensor2D;
  return tf.add(matrix, tf.mul(oneHotFloat(targets, matrix.shape[1]), values));
}

/**
 * log p(target) and, with `withEntropy`, the entropy, as one `[rows, 1 or 2]` tensor with a
 * hand-written gradient. It calls no `exp` over the logits: on wasm, `softmax` is 7× faster
 * than `exp` (SIMD), and log Σ exp(l) = max(l) − log max(p) is exact enough since max(p) ≥ 1/vocab.
 *   d logp / d l = onehot − p,   d H / d l = −p ⊙ (l − lse + H)
 */
function fusedScores(targets: Int32Array, withEntropy: boolean) {
  return customGradient<[tf.Tensor2D], tf.Tensor2D>(([logits], save) => {
    const rows = logits.shape[0];
    const p = tf.softmax(logits);
    const logTotal = tf.sub<tf.Tensor2D>(tf.max(logits, 1, true), tf.log(tf.max(p, 1, true)));
    const logProbs = tf.sub<tf.Tensor2D>(tf.reshape<tf.Rank.R2>(pickTargets(logits, targets), [rows, 1]), logTotal);
    if (!withEntropy) {
      save([p]);
      return {
        value: logProbs,
        gradFunc: (dy, [savedP]) => [addAtTargets(tf.mul(savedP as tf.Tensor2D, tf.neg(dy)), targets, dy)],
      };
    }
    const entropy = tf.sub<tf.Tensor2D>(logTotal, tf.sum(tf.mul(p, logits), 1, true));
    save([p, logits, logTotal, entropy]);
    return {
      value: tf.concat<tf.Tensor2D>([logProbs, entropy], 1),
      gradFunc: (dy, [savedP, savedLogits, savedLogTotal, savedEntropy]) => {
        const [dLogProbs, dEntropy] = tf.split(dy, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
        // p ⊙ (−dlogp − dH·(H − lse) − dH·l), plus dlogp at the target.
        const rowTerm = tf.sub(tf.neg(dLogProbs), tf.mul(dEntropy, tf.sub(savedEntropy as tf.Tensor2D, savedLogTotal as tf.Tensor2D)));
        const inner = tf.sub(rowTerm, tf.mul(savedLogits as tf.Tensor2D, dEntropy));
        return [addAtTargets(tf.mul(savedP as tf.Tensor2D, inner), targets, dLogProbs)];
      },
    };
  });
}

function autodiffScores(logits: tf.Tensor2D, targets: Int32Array, withEntropy: boolean): TokenScores {
  const logP = tf.logSoftmax(logits);
  const logProbs = tf.sum<tf.Tensor1D>(tf.mul(logP, oneHotFloat(targets, logits.shape[1])), 1);
  if (!withEntropy) return { logProbs };
  return { logProbs, entropy: tf.neg(tf.sum<tf.Tensor1D>(tf.mul(tf.exp(logP), logP), 1)) };
}

/**
 * The log-probability of each row's target token under softmax(logits), and optionally each
 * row's entropy. Constraints are applied beforehand by adding a mask of MASKED_SCORE to the
 * logits of disallowed tokens, so both are computed under the same constraint as decoding.
 */
export function tokenLogProbs(logits: tf.Tensor2D, targets: Int32Array, options: { withEntropy?: boolean; mode: KernelMode }): TokenScores {
  const withEntropy = options.withEntropy ?? false;
  if (options.mode === "naive") return autodiffScores(logits, targets, withEntropy);
  const scores = fusedScores(targets, withEntropy)(logits);
  const rows = logits.shape[0];
  if (!withEntropy) return { logProbs: tf.reshape<tf.Rank.R1>(scores, [rows]) };
  const [logProbs, entropy] = tf.split(scores, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
  return { logProbs: tf.reshape<tf.Rank.R1>(logProbs, [rows]), entropy: tf.reshape<tf.Rank.R1>(entropy, [rows]) };
}
