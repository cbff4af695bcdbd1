import * as tf from "@tensorflow/tfjs-core";
import { InvalidInputError } from "@hiper/core";
import type { ReplayedToken } from "./decoding-grammar.js";
import { hostLookupRows } from "./ops/select-rows.js";
import { tokenLogProbs } from "./ops/token-log-probs.js";
import type { PolicyModel, TokenBatch } from "./policy-model.js";
import { constraintMask, type TokenConstraint } from "./token-constraint.js";

export interface ScoreOptions {
  /**
   * The constraint each token was decoded under, row-major like the tokens (null: free). Prompt
   * tokens and padding are null; see `sequenceConstraints`.
   */
  constraints?: ReadonlyArray<TokenConstraint | null>;
  /** Also return the entropy of each position's (constrained) distribution. */
  withEntropy?: boolean;
}

export interface SequenceScores {
  /** `[batch, length]`: log p(token t | tokens before t), under its constraint; 0 at t = 0. */
  logProbs: tf.Tensor2D;
  /** `[batch, length]`: entropy of the distribution token t was drawn from; 0 at t = 0. */
  entropy?: tf.Tensor2D;
  /** `[batch·length, 3]`: value heads (low, high, term) at each input position, row-major. */
  values: tf.Tensor2D;
}

/**
 * Log-probs (for PPO), entropies and values of given sequences, in one differentiable forward
 * pass. With the decoder's constraints, the log-probs equal what decoding computed (spec
 * §3.10: the trainer recomputes old log-probs at temperature 1).
 */
export function scoreTokens(model: PolicyModel, batch: TokenBatch, options: ScoreOptions = {}): SequenceScores {
  const { tokens, length } = batch;
  const rows = batch.batch * length;
  if (options.constraints !== undefined && options.constraints.length !== rows) {
    throw new InvalidInputError(`expected ${rows} constraints (one per token), got ${options.constraints.length}`);
  }
  // Row (b, t) predicts token t + 1; the last position of each sequence predicts nothing.
  const targets = new Int32Array(rows);
  const rowConstraints: Array<TokenConstraint | null> = new Array(rows).fill(null);
  for (let row = 0; row < rows; row++) {
    if ((row + 1) % length === 0) continue;
    targets[row] = tokens[row + 1] as number;
    rowConstraints[row] = options.constraints?.[row + 1] ?? null;
  }
  const { logits, values } = model.forward(batch);
  const mask = constraintMask(rowConstraints, model.config.vocabSize);
  const scores = tokenLogProbs(mask === null ? logits : tf.add(logits, mask), targets, { withEntropy: options.withEntropy ?? false, mode: model.config.kernels });
  const shift = (perRow: tf.Tensor1D): tf.Tensor2D => {
    const grid = tf.reshape<tf.Rank.R2>(perRow, [batch.batch, length]);
    return tf.concat([tf.zeros([batch.batch, 1]), tf.slice(grid, [0, 0], [batch.batch, length - 1])], 1);
  };
  const logProbs = shift(scores.logProbs);
  if (scores.entropy === undefined) return { logProbs, values };
  return { logProbs, entropy: shift(scores.entropy), values };
}

/**
 * The per-token constraints of one sequence `prompt + response` padded to `length`: null on the
 * prompt and padding, the replayed constraints (`replayConstraints`) on the response.
 */
export function sequenceConstraints(promptLength: number, response: readonly ReplayedToken[], length: number): Array<TokenConstraint | null> {
  if (promptLength + response.length > length) throw new InvalidInputError(`prompt ${promptLength} + response ${response.length} exceed length ${length}`);
  const constraints: Array<TokenConstraint | null> = new Array(length).fill(null);
  response.forEach((token, index) => {
    constraints[promptLength + index] = token.constraint;
  });
  return constraints;
}

/**
 * The value heads `[n, 3]` at the given rows of `values` (`[rows, 3]`, e.g. from scoreTokens):
 * differentiable. Spec §2.4: the value "at response index j" is read at the input position just
 * before response token j, so index 0 is the last prompt token.
 */
export function valuesAt(values: tf.Tensor2D, rows: Int32Array): tf.Tensor2D {
  return hostLookupRows(values, rows);
}
