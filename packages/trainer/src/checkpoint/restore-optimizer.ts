import type { PolicyModel } from "../model/policy-model.js";
import type { AdamW } from "../optim/adamw.js";
import type { SavedOptimizerState } from "./load-checkpoint.js";

/**
 * Puts a loaded checkpoint's step count and moments into `optimizer` (its hyper-parameters stay
 * as constructed; `new AdamW(saved.hyperParams)` reuses the saved ones). With `model`, checks
 * the moments against its weights.
 */
export function restoreOptimizer(optimizer: AdamW, saved: SavedOptimizerState, model?: PolicyModel): void {
  optimizer.setState(saved.state, model?.namedWeights());
}
