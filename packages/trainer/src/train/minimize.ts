import * as tf from "@tensorflow/tfjs-core";
import type { PolicyModel } from "../model/policy-model.js";
import type { AdamW } from "../optim/adamw.js";

/** A model and the optimiser that steps its weights. */
export interface Trainable {
  model: PolicyModel;
  optimizer: AdamW;
}

/** Takes one optimiser step on `loss` (built inside the gradient tape) and returns its value and the gradient norm. */
export function minimize(model: PolicyModel, optimizer: AdamW, loss: () => tf.Scalar): { loss: number; gradNorm: number } {
  const variables = model.namedWeights();
  const nameOf = new Map([...variables].map(([name, variable]) => [variable.name, name]));
  const { value, grads } = tf.variableGrads(loss, [...variables.values()]);
  try {
    const byName = new Map(Object.entries(grads).map(([variableName, gradient]) => [nameOf.get(variableName) as string, gradient]));
    const { gradNorm } = optimizer.applyGradients(byName, variables);
    return { loss: value.dataSync()[0] as number, gradNorm };
  } finally {
    tf.dispose([value, ...Object.values(grads)]);
  }
}
