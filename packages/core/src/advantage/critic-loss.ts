import { InvalidInputError } from "../errors/index.js";
import { assertAllFinite } from "./finite.js";

/** The read-outs of one value head at its positions (spec §3.9): current v, pre-update v_old, target R. */
export interface ValueHeadBatch {
  values: readonly number[];
  oldValues: readonly number[];
  returns: readonly number[];
}

/**
 * verl's clipped value loss for one head, on plain numbers (the trainer ports it to tensors):
 * mean over the head's positions of max((v − R)², (clip(v, v_old − c, v_old + c) − R)²).
 * No ½ factor. A head with no positions contributes 0.
 */
export function clippedValueLoss(head: ValueHeadBatch, clipRange = 0.5): number {
  const { values, oldValues, returns } = head;
  if (oldValues.length !== values.length || returns.length !== values.length) {
    throw new InvalidInputError("clippedValueLoss: values, oldValues and returns must have the same length");
  }
  assertAllFinite(values, "values");
  assertAllFinite(oldValues, "oldValues");
  assertAllFinite(returns, "returns");
  if (values.length === 0) return 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const vOld = oldValues[i] as number;
    const R = returns[i] as number;
    const vClipped = Math.min(Math.max(v, vOld - clipRange), vOld + clipRange);
    total += Math.max((v - R) ** 2, (vClipped - R) ** 2);
  }
  return total / values.length;
}

/**
 * The three-head critic loss (spec §3.9): L_low + 1.0·L_high + 1.0·L_term. Positions: low on every
 * turn (V_L index), high on boundary turns only (index 0), term on every turn (index 0).
 */
export function hierarchicalCriticLoss(
  heads: { low: ValueHeadBatch; high: ValueHeadBatch; term: ValueHeadBatch },
  options: { clipRange?: number; highCoef?: number; termCoef?: number } = {},
): number {
  const { clipRange = 0.5, highCoef = 1.0, termCoef = 1.0 } = options;
  return (
    clippedValueLoss(heads.low, clipRange) +
    highCoef * clippedValueLoss(heads.high, clipRange) +
    termCoef * clippedValueLoss(heads.term, clipRange)
  );
}
