import * as tf from "@tensorflow/tfjs-core";
import { InvalidInputError } from "@hiper/core";

/** One variable's first and second moment estimates, row-major. */
export interface AdamWMoment {
  m: Float32Array;
  v: Float32Array;
  shape: number[];
}

/** What AdamW needs to resume exactly: the step count (for bias correction) and the moments by variable name. */
export interface AdamWState {
  step: number;
  moments: Map<string, AdamWMoment>;
}

/**
 * Throws InvalidInputError unless `state` is self-consistent and, when `variables` is given,
 * every moment names one of them with the same shape.
 */
export function validateAdamWState(state: AdamWState, variables?: Map<string, tf.Variable>): void {
  if (!Number.isInteger(state.step) || state.step < 0) throw new InvalidInputError(`optimizer step must be a non-negative integer, got ${state.step}`);
  for (const [name, { m, v, shape }] of state.moments) {
    if (!shape.every((size) => Number.isInteger(size) && size >= 0)) {
      throw new InvalidInputError(`optimizer moment "${name}": invalid shape [${shape.join(", ")}]`);
    }
    const size = shape.reduce((product, dim) => product * dim, 1);
    if (m.length !== size || v.length !== size) {
      throw new InvalidInputError(`optimizer moment "${name}": shape [${shape.join(", ")}] holds ${size} values, but m has ${m.length} and v ${v.length}`);
    }
    if (variables === undefined) continue;
    const variable = variables.get(name);
    if (variable === undefined) throw new InvalidInputError(`optimizer moment "${name}" names no variable`);
    if (!tf.util.arraysEqual(variable.shape, shape)) {
      throw new InvalidInputError(`optimizer moment "${name}" has shape [${shape.join(", ")}], the variable [${variable.shape.join(", ")}]`);
    }
  }
}
