import * as tf from "@tensorflow/tfjs-core";
import { MASKED_SCORE } from "./ops/causal-attention.js";

/**
 * Which tokens may come next: only `ids` (allow), or anything but `ids` (deny). Decoding samples
 * under it, and training computes log-probs under the same one (renormalised over the allowed
 * tokens), so PPO's ratio compares like with like. A single allowed token is a forced token:
 * its log-prob is 0.
 */
export type TokenConstraint = { kind: "allow"; ids: readonly number[] } | { kind: "deny"; ids: readonly number[] };

/** Whether `token` satisfies `constraint` (null: anything goes). */
export function allows(constraint: TokenConstraint | null, token: number): boolean {
  if (constraint === null) return true;
  return constraint.kind === "allow" ? constraint.ids.includes(token) : !constraint.ids.includes(token);
}

/**
 * The additive mask `[rows, vocab]` (0 allowed, MASKED_SCORE not) for per-row constraints, or
 * null when no row is constrained. Added to the logits before the softmax.
 */
export function constraintMask(constraints: ReadonlyArray<TokenConstraint | null>, vocab: number): tf.Tensor2D | null {
  if (constraints.every((constraint) => constraint === null)) return null;
  const mask = new Float32Array(constraints.length * vocab);
  constraints.forEach((constraint, row) => {
    if (constraint === null) return;
    const offset = row * vocab;
    if (constraint.kind === "allow") {
      mask.fill(MASKED_SCORE, offset, offset + vocab);
      for (const id of constraint.ids) mask[offset + id] = 0;
    } else {
      for (const id of constraint.ids) mask[offset + id] = MASKED_SCORE;
    }
  });
  return tf.tensor2d(mask, [constraints.length, vocab]);
}
