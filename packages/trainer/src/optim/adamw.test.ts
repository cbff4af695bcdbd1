import * as tf from "@tensorflow/tfjs-core";
import { InvalidInputError } from "@hiper/core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend.js";
import { AdamW } from "./adamw.js";

/** Gradients of Σ (w − target)² + 0.1·Σ w⁴ (not quadratic, so the moments matter). */
function gradients(variables: Map<string, tf.Variable>, target: number): Map<string, tf.Tensor> {
  return new Map([...variables].map(([name, w]) => [name, tf.tidy(() => tf.add(tf.mul(tf.sub(w, target), 2), tf.mul(tf.pow(w, 3), 0.4)))]));
}

function step(optimizer: AdamW, variables: Map<string, tf.Variable>, target = 1): number {
  const grads = gradients(variables, target);
  const { gradNorm } = optimizer.applyGradients(grads, variables);
  tf.dispose([...grads.values()]);
  return gradNorm;
}

function makeVariables(): Map<string, tf.Variable> {
  return new Map<string, tf.Variable>([
    ["kernel", tf.variable(tf.tensor2d([0.5, -1.5, 2, 0.25, -0.75, 1.25], [2, 3]))],
    ["bias", tf.variable(tf.tensor1d([0.3, -0.2, 0.1]))],
  ]);
}

function copyVariables(variables: Map<string, tf.Variable>): Map<string, tf.Variable> {
  return new Map([...variables].map(([name, variable]) => [name, tf.variable(tf.tensor(variable.dataSync().slice(), variable.shape))]));
}

describe("AdamW", () => {
  beforeAll(async () => {
    await selectBackend({ backend: "cpu" });
  });

  it("converges on a quadratic", () => {
    const w = tf.variable(tf.tensor2d([[4, -3], [0.5, 10]]));
    const variables = new Map([["w", w]]);
    const optimizer = new AdamW({ learningRate: 0.1, weightDecay: 0, maxGradNorm: Infinity });
    const target = tf.tensor2d([[1, 2], [-1, 0.5]]);
    for (let index = 0; index < 500; index++) {
      const grad = tf.tidy(() => tf.mul(tf.sub(w, target), 2));
      optimizer.applyGradients(new Map([["w", grad]]), variables);
      grad.dispose();
    }
    const error = Math.max(...Array.from(tf.tidy(() => tf.abs(tf.sub(w, target))).dataSync()));
    expect(error).toBeLessThan(1e-2);
    optimizer.dispose();
    tf.dispose([w, target]);
  });

  it("matches the hand-computed AdamW update, with decay on matrices only", () => {
    const hyper = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.1, maxGradNorm: Infinity };
    const optimizer = new AdamW(hyper);
    const start = [1.5, -2];
    const matrix = tf.variable(tf.tensor2d([start], [1, 2]));
    const vector = tf.variable(tf.tensor1d(start));
    const variables = new Map<string, tf.Variable>([["matrix", matrix], ["vector", vector]]);
    const gradSteps = [[0.3, -0.7], [-0.2, 0.5]];
    // Two steps, so the bias corrections differ from the first step's.
    const expected = { matrix: [...start], vector: [...start] };
    const m = { matrix: [0, 0], vector: [0, 0] };
    const v = { matrix: [0, 0], vector: [0, 0] };
    gradSteps.forEach((g, index) => {
      const t = index + 1;
      for (const name of ["matrix", "vector"] as const) {
        for (let i = 0; i < 2; i++) {
          const gi = g[i] as number;
          m[name][i] = hyper.beta1 * (m[name][i] as number) + (1 - hyper.beta1) * gi;
          v[name][i] = hyper.beta2 * (v[name][i] as number) + (1 - hyper.beta2) * gi * gi;
          const mHat = (m[name][i] as number) / (1 - hyper.beta1 ** t);
          const vHat = (v[name][i] as number) / (1 - hyper.beta2 ** t);
          const decay = name === "matrix" ? 1 - hyper.learningRate * hyper.weightDecay : 1;
          expected[name][i] = (expected[name][i] as number) * decay - (hyper.learningRate * mHat) / (Math.sqrt(vHat) + hyper.epsilon);
        }
      }
      const grads = new Map<string, tf.Tensor>([["matrix", tf.tensor2d([g], [1, 2])], ["vector", tf.tensor1d(g)]]);
      optimizer.applyGradients(grads, variables);
      tf.dispose([...grads.values()]);
    });
    Array.from(matrix.dataSync()).forEach((value, i) => expect(value).toBeCloseTo(expected.matrix[i] as number, 6));
    Array.from(vector.dataSync()).forEach((value, i) => expect(value).toBeCloseTo(expected.vector[i] as number, 6));
    // The decay is visible: the matrix moved further toward zero than the vector.
    expect(Math.abs(matrix.dataSync()[0] as number)).toBeLessThan(Math.abs(vector.dataSync()[0] as number));
    expect(optimizer.stepCount).toBe(2);
    optimizer.dispose();
    tf.dispose([matrix, vector]);
  });

  it("scales gradients down to maxGradNorm when their global norm exceeds it", () => {
    const a = tf.variable(tf.tensor1d([0]));
    const b = tf.variable(tf.tensor1d([0]));
    const variables = new Map([["a", a], ["b", b]]);
    const clipped = new AdamW({ learningRate: 0.1, maxGradNorm: 1 });
    const grads = new Map([["a", tf.tensor1d([3])], ["b", tf.tensor1d([4])]]);
    expect(clipped.applyGradients(grads, variables).gradNorm).toBeCloseTo(5, 5);
    const moments = clipped.getState().moments;
    // m = (1 − β₁)·g·(1/5)
    expect(moments.get("a")?.m[0]).toBeCloseTo(0.1 * 0.6, 6);
    expect(moments.get("b")?.m[0]).toBeCloseTo(0.1 * 0.8, 6);

    const unclipped = new AdamW({ learningRate: 0.1, maxGradNorm: 10 });
    unclipped.applyGradients(grads, variables);
    expect(unclipped.getState().moments.get("a")?.m[0]).toBeCloseTo(0.1 * 3, 6);
    tf.dispose([a, b, ...grads.values()]);
    clipped.dispose();
    unclipped.dispose();
  });

  it("resumes bit-identically from saved state", () => {
    const options = { learningRate: 0.05, weightDecay: 0.1, maxGradNorm: 2 };
    const straight = makeVariables();
    const straightOptimizer = new AdamW(options);
    for (let index = 0; index < 20; index++) step(straightOptimizer, straight);

    const first = makeVariables();
    const firstOptimizer = new AdamW(options);
    for (let index = 0; index < 8; index++) step(firstOptimizer, first);
    const state = firstOptimizer.getState();
    const resumed = copyVariables(first);
    step(firstOptimizer, first); // the state is a copy: later steps do not change it
    const resumedOptimizer = new AdamW(options);
    resumedOptimizer.setState(state, resumed);
    expect(resumedOptimizer.stepCount).toBe(8);
    for (let index = 8; index < 20; index++) step(resumedOptimizer, resumed);
    for (const [name, variable] of straight) {
      expect(Array.from((resumed.get(name) as tf.Variable).dataSync()), name).toEqual(Array.from(variable.dataSync()));
    }
    for (const optimizer of [straightOptimizer, firstOptimizer, resumedOptimizer]) optimizer.dispose();
    tf.dispose([...straight.values(), ...first.values(), ...resumed.values()]);
  });

  it("leaks no tensors over 100 steps", () => {
    const variables = makeVariables();
    const optimizer = new AdamW({ learningRate: 0.01 });
    step(optimizer, variables);
    const before = tf.memory().numTensors;
    for (let index = 0; index < 100; index++) step(optimizer, variables);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.setState(optimizer.getState());
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    tf.dispose([...variables.values()]);
  });

  it("rejects mismatched gradients, state and options with InvalidInputError", () => {
    const variables = makeVariables();
    const optimizer = new AdamW({ learningRate: 0.01 });
    const wrongShape = new Map([["bias", tf.zeros([2])]]);
    expect(() => optimizer.applyGradients(wrongShape, variables)).toThrow(/gradient "bias" has shape \[2\], the variable \[3\]/);
    const unknown = new Map([["nope", tf.zeros([3])]]);
    expect(() => optimizer.applyGradients(unknown, variables)).toThrow(InvalidInputError);
    expect(optimizer.stepCount).toBe(0);

    step(optimizer, variables);
    const state = optimizer.getState();
    const bias = state.moments.get("bias");
    if (bias === undefined) throw new Error("no bias moment");
    const reshaped = { step: 1, moments: new Map([["bias", { ...bias, shape: [1, 3] }]]) };
    expect(() => optimizer.setState(reshaped, variables)).toThrow(/optimizer moment "bias" has shape \[1, 3\], the variable \[3\]/);
    const short = { step: 1, moments: new Map([["bias", { ...bias, v: new Float32Array(2) }]]) };
    expect(() => optimizer.setState(short)).toThrow(/holds 3 values, but m has 3 and v 2/);
    expect(() => optimizer.setState({ step: 1, moments: new Map([["other", bias]]) }, variables)).toThrow(/names no variable/);
    expect(() => optimizer.setState({ step: -1, moments: new Map() })).toThrow(InvalidInputError);
    expect(optimizer.stepCount).toBe(1);

    expect(() => new AdamW({ learningRate: -1 })).toThrow(InvalidInputError);
    expect(() => {
      optimizer.learningRate = Number.NaN;
    }).toThrow(InvalidInputError);
    optimizer.learningRate = 0.5;
    expect(optimizer.hyperParams()).toMatchObject({ learningRate: 0.5, beta1: 0.9, beta2: 0.999, weightDecay: 0.01, maxGradNorm: 1 });
    optimizer.dispose();
    tf.dispose([...variables.values(), ...wrongShape.values(), ...unknown.values()]);
  });
});

