import * as tf from "@tensorflow/tfjs-core";
import { InvalidInputError } from "@hiper/core";
import type { z } from "zod";
import { AdamWHyperParams } from "./adamw-hyper-params.js";
import { type AdamWState, validateAdamWState } from "./adamw-state.js";
import { globalNorm } from "./global-norm.js";

interface Moments {
  m: tf.Variable;
  v: tf.Variable;
}

/**
 * Adam with decoupled weight decay (AdamW, Loshchilov & Hutter 2019), after global-norm
 * gradient clipping. Per step t: g ← g·min(1, maxGradNorm/‖g‖); θ ← θ·(1 − lr·λ);
 * m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε).
 *
 * Moments are created on a variable's first gradient and keyed by the caller's names, so the
 * state can be saved and restored against any model with the same names. One step counter
 * drives the bias correction of every variable.
 */
export class AdamW {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  readonly maxGradNorm: number;
  private rate: number;
  private step = 0;
  private readonly moments = new Map<string, Moments>();

  constructor(options: z.input<typeof AdamWHyperParams>) {
    const parsed = AdamWHyperParams.safeParse(options);
    if (!parsed.success) throw new InvalidInputError(`invalid AdamW options: ${parsed.error.message}`);
    ({ learningRate: this.rate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, weightDecay: this.weightDecay, maxGradNorm: this.maxGradNorm } =
      parsed.data);
  }

  get learningRate(): number {
    return this.rate;
  }

  set learningRate(value: number) {
    if (!Number.isFinite(value) || value < 0) throw new InvalidInputError(`learning rate must be a finite non-negative number, got ${value}`);
    this.rate = value;
  }

  /** Steps taken so far (restored by setState). */
  get stepCount(): number {
    return this.step;
  }

  hyperParams(): AdamWHyperParams {
    const { beta1, beta2, epsilon, weightDecay, maxGradNorm } = this;
    return { learningRate: this.rate, beta1, beta2, epsilon, weightDecay, maxGradNorm };
  }

  /**
   * One update of every variable named in `grads`. Neither map's tensors are disposed.
   * Returns the global gradient norm before clipping.
   */
  applyGradients(grads: Map<string, tf.Tensor>, variables: Map<string, tf.Variable>): { gradNorm: number } {
    for (const [name, grad] of grads) {
      const variable = variables.get(name);
      if (variable === undefined) throw new InvalidInputError(`gradient "${name}" names no variable`);
      if (!tf.util.arraysEqual(grad.shape, variable.shape)) {
        throw new InvalidInputError(`gradient "${name}" has shape [${grad.shape.join(", ")}], the variable [${variable.shape.join(", ")}]`);
      }
      const moments = this.moments.get(name);
      if (moments !== undefined && !tf.util.arraysEqual(moments.m.shape, variable.shape)) {
        throw new InvalidInputError(`optimizer moment "${name}" has shape [${moments.m.shape.join(", ")}], the variable [${variable.shape.join(", ")}]`);
      }
    }
    const gradNorm = globalNorm(grads.values());
    const clipScale = gradNorm > this.maxGradNorm ? this.maxGradNorm / gradNorm : 1;
    this.step += 1;
    const correction1 = 1 - this.beta1 ** this.step;
    const correction2 = 1 - this.beta2 ** this.step;
    for (const [name, grad] of grads) {
      const variable = variables.get(name) as tf.Variable;
      const { m, v } = this.momentsFor(name, variable.shape);
      tf.tidy(() => {
        const g = clipScale === 1 ? grad : tf.mul(grad, clipScale);
        const nextM = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1));
        const nextV = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        m.assign(nextM);
        v.assign(nextV);
        const direction = tf.div(tf.div(nextM, correction1), tf.add(tf.sqrt(tf.div(nextV, correction2)), this.epsilon));
        // No decay for 1-D variables (biases, layer-norm gains and offsets): shrinking them
        // toward zero only fights the normalisation, as in GPT-2 style recipes.
        const decayed = variable.rank > 1 && this.weightDecay > 0 ? tf.mul(variable, 1 - this.rate * this.weightDecay) : variable;
        variable.assign(tf.sub(decayed, tf.mul(direction, this.rate)));
      });
    }
    return { gradNorm };
  }

  /** A copy of the step count and moments, safe to keep after further steps. */
  getState(): AdamWState {
    const moments = new Map(
      [...this.moments].map(([name, { m, v }]) => [
        name,
        { m: Float32Array.from(m.dataSync() as Float32Array), v: Float32Array.from(v.dataSync() as Float32Array), shape: [...m.shape] },
      ]),
    );
    return { step: this.step, moments };
  }

  /**
   * Replaces the step count and all moments (copied). With `variables`, also checks that each
   * moment names one of them with the same shape. Throws InvalidInputError, leaving the
   * optimizer unchanged, when the state does not fit.
   */
  setState(state: AdamWState, variables?: Map<string, tf.Variable>): void {
    validateAdamWState(state, variables);
    this.disposeMoments();
    this.step = state.step;
    for (const [name, { m, v, shape }] of state.moments) {
      this.moments.set(name, {
        m: stateVariable(tf.tensor(Float32Array.from(m), shape, "float32")),
        v: stateVariable(tf.tensor(Float32Array.from(v), shape, "float32")),
      });
    }
  }

  /** Frees the moment tensors; the optimizer starts afresh on its next step. */
  dispose(): void {
    this.disposeMoments();
    this.step = 0;
  }

  private momentsFor(name: string, shape: number[]): Moments {
    let moments = this.moments.get(name);
    if (moments === undefined) {
      moments = { m: stateVariable(tf.zeros(shape)), v: stateVariable(tf.zeros(shape)) };
      this.moments.set(name, moments);
    }
    return moments;
  }

  private disposeMoments(): void {
    for (const { m, v } of this.moments.values()) tf.dispose([m, v]);
    this.moments.clear();
  }
}

/** A non-trainable variable holding `initial`, which is disposed (the variable keeps its data). */
function stateVariable(initial: tf.Tensor): tf.Variable {
  const variable = tf.variable(initial, false);
  initial.dispose();
  return variable;
}
