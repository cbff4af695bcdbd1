import * as tf from "@tensorflow/tfjs-core";
import type { PolicyModel } from "../model/policy-model.js";
import type { AdamW } from "../optim/adamw.js";

/** A model and the optimiser that steps its weights. */
export interface Trainable {
  model: PolicyModel;
  optimizer: AdamW;
}

/**
 * Takes one optimiser step on `loss` (built inside the gradient tape) for each of `parts`, from
 * one backward pass, and returns the loss and each part's gradient norm (before its clipping).
 * Each optimiser clips its own gradients, so a separate critic's norm never scales the actor's step.
 */
export function minimize(parts: readonly Trainable[], loss: () => tf.Scalar): { loss: number; gradNorms: number[] } {
  const variables = parts.map(({ model }) => model.namedWeights());
  const owner = new Map(variables.flatMap((named, part) => [...named].map(([name, variable]) => [variable.name, { part, name }] as const)));
  const { value, grads } = tf.variableGrads(
    loss,
    variables.flatMap((named) => [...named.values()]),
  );
  try {
    const byPart = parts.map(() => new Map<string, tf.Tensor>());
    for (const [variableName, gradient] of Object.entries(grads)) {
      const { part, name } = owner.get(variableName) as { part: number; name: string };
      byPart[part]?.set(name, gradient);
    }
    const gradNorms = parts.map(({ optimizer }, part) => optimizer.applyGradients(byPart[part] as Map<string, tf.Tensor>, variables[part] as Map<string, tf.Variable>).gradNorm);
    return { loss: value.dataSync()[0] as number, gradNorms };
  } finally {
    tf.dispose([value, ...Object.values(grads)]);
  }
}
