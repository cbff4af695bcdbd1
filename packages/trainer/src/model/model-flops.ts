import type { PolicyModelConfig } from "./policy-model-config.js";

/**
 * Matmul FLOPs of one forward pass, per token, for sequences of `length` tokens: the QKV,
 * attention-output and MLP projections, attention scores and mixing over all `length` keys (as
 * computed, mask included), the LM head and the value heads. Embedding lookups are not counted
 * (a one-hot embedding's matmul is overhead, not model work). A training step (forward and
 * backward) is 3× this.
 */
export function forwardFlopsPerToken(config: Pick<PolicyModelConfig, "modelDim" | "layers" | "mlpRatio" | "vocabSize">, length: number): number {
  const d = config.modelDim;
  const projections = 2 * d * 3 * d + 2 * d * d + 2 * 2 * d * config.mlpRatio * d;
  const attention = 2 * 2 * length * d;
  return config.layers * (projections + attention) + 2 * d * config.vocabSize + 2 * d * 3;
}
