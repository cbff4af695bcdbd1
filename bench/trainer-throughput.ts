/**
 * Local-policy throughput on TensorFlow.js: how close training gets to the backend's own matmul
 * peak, before and after the wasm engineering, and how fast the KV cache decodes.
 *
 *   npx tsx bench/trainer-throughput.ts [--backends=auto,wasm,cpu] [--steps=5] [--leak-steps=1000]
 *
 * For each backend (`auto` picks gpu → native → wasm → cpu; a backend already measured is
 * skipped):
 * - peak: plain `matMul` 1024×128 · 128×2048, best of 10;
 * - training: one step = forward, backward and Adam update of the representative model (batch
 *   8×128 tokens, d=128, 2 layers, 4 heads, vocab 2048, GELU), loss = −log-probs − 0.001·entropy
 *   + value MSE. Median of `steps` after 2 warm-ups (on `cpu`, where a naive step takes ~30 s:
 *   at most 2 steps after 1 warm-up). Model FLOP/s = 3 × forward matmul FLOPs
 *   (`forwardFlopsPerToken`) × tokens / time. Variants: `naive` (TensorFlow.js defaults:
 *   autodiff matMul with transposed operands, `gather` embeddings, batched attention) and `tuned`
 *   (explicit-transpose matmul gradients, host-kernel head layout, attention as 2-D matmuls,
 *   fused layer norm and loss), with gather and with one-hot embeddings;
 * - decoding: `generate` with the KV cache, 64-token prompts, 64 new tokens per sequence (free
 *   grammar), batches of 1, 8 and 32; tokens/s counts generated tokens over the whole call
 *   (prefill included);
 * - leaks: `tf.memory().numTensors` before and after `leak-steps` training steps of a small
 *   model (d=32, batch 4×32) on the first backend.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import * as tf from "@tensorflow/tfjs-core";
import { SeededRandom } from "../packages/core/src/util/seeded-random.js";
import { type BackendChoice, BackendChoice as BackendChoiceSchema } from "../packages/trainer/src/backend/backend-choice.js";
import { selectBackend } from "../packages/trainer/src/backend/select-backend.js";
import { FreeGrammar } from "../packages/trainer/src/model/decoding-grammar.js";
import { generate } from "../packages/trainer/src/model/generate.js";
import { forwardFlopsPerToken } from "../packages/trainer/src/model/model-flops.js";
import { PolicyModel } from "../packages/trainer/src/model/policy-model.js";
import type { PolicyModelConfig } from "../packages/trainer/src/model/policy-model-config.js";
import { scoreTokens } from "../packages/trainer/src/model/score-tokens.js";
import type { z } from "zod";

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, "").split("=");
    return [key as string, value ?? "true"];
  }),
);
const backends = (args.get("backends") ?? "auto,wasm,cpu").split(",").map((name) => BackendChoiceSchema.parse(name));
const steps = Number(args.get("steps") ?? 5);
const leakSteps = Number(args.get("leak-steps") ?? 1000);

const BATCH = 8;
const LENGTH = 128;
const REPRESENTATIVE = { vocabSize: 2048, contextLength: 256, modelDim: 128, layers: 2, heads: 4, mlpRatio: 4, activation: "gelu" } as const;
const VARIANTS: Array<{ name: string; config: Partial<z.input<typeof PolicyModelConfig>> }> = [
  { name: "naive (defaults)", config: { kernels: "naive", embedding: "gather" } },
  { name: "tuned, gather embedding", config: { kernels: "tuned", embedding: "gather" } },
  { name: "tuned, one-hot embedding", config: { kernels: "tuned", embedding: "one-hot" } },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function matmulPeak(): number {
  const a = tf.randomNormal([1024, 128]);
  const b = tf.randomNormal([128, 2048]);
  const flops = 2 * 1024 * 128 * 2048;
  tf.matMul(a, b).dispose();
  let best = Infinity;
  for (let run = 0; run < 10; run++) {
    const start = performance.now();
    const product = tf.matMul(a, b);
    product.dataSync();
    best = Math.min(best, performance.now() - start);
    product.dispose();
  }
  tf.dispose([a, b]);
  return flops / (best / 1000) / 1e9;
}

/** A training step on random tokens: returns a function running one step and the cleanup. */
function trainingStep(config: z.input<typeof PolicyModelConfig>, batch: number, length: number) {
  const model = new PolicyModel(config);
  const random = new SeededRandom(1);
  const tokens = Int32Array.from({ length: batch * length }, () => random.int(config.vocabSize));
  const optimizer = tf.train.adam(1e-4);
  const run = () => {
    const cost = optimizer.minimize(
      () => {
        const scores = scoreTokens(model, { tokens, batch, length }, { withEntropy: true });
        return tf.addN([tf.neg(tf.mean(scores.logProbs)), tf.mul(-0.001, tf.mean(scores.entropy as tf.Tensor)), tf.mean(tf.square(scores.values))]) as tf.Scalar;
      },
      true,
      model.trainableVariables(),
    ) as tf.Scalar;
    cost.dataSync();
    cost.dispose();
  };
  return {
    run,
    dispose: () => {
      optimizer.dispose();
      model.dispose();
    },
  };
}

function timeTraining(config: z.input<typeof PolicyModelConfig>, slow: boolean): number {
  const step = trainingStep(config, BATCH, LENGTH);
  for (let index = 0; index < (slow ? 1 : 2); index++) step.run();
  const times: number[] = [];
  for (let index = 0; index < (slow ? Math.min(steps, 2) : steps); index++) {
    const start = performance.now();
    step.run();
    times.push(performance.now() - start);
  }
  step.dispose();
  return median(times);
}

function decodingRate(batch: number): number {
  const model = new PolicyModel({ ...REPRESENTATIVE, kernels: "tuned" });
  const random = new SeededRandom(2);
  const requests = () =>
    Array.from({ length: batch }, () => ({
      prompt: Int32Array.from({ length: 64 }, () => 3 + random.int(REPRESENTATIVE.vocabSize - 3)),
      grammar: new FreeGrammar({ eos: 1, pad: 0, maxTokens: 64 }),
    }));
  generate(model, requests().slice(0, 1), { random, maxNewTokens: 64 });
  const start = performance.now();
  const responses = generate(model, requests(), { random, maxNewTokens: 64 });
  const seconds = (performance.now() - start) / 1000;
  model.dispose();
  return responses.reduce((total, response) => total + response.tokens.length, 0) / seconds;
}

function leakCheck(): { before: number; after: number; seconds: number } {
  const step = trainingStep({ vocabSize: 256, contextLength: 32, modelDim: 32, layers: 2, heads: 4 }, 4, 32);
  step.run();
  const before = tf.memory().numTensors;
  const start = performance.now();
  for (let index = 0; index < leakSteps; index++) step.run();
  const result = { before, after: tf.memory().numTensors, seconds: (performance.now() - start) / 1000 };
  step.dispose();
  return result;
}

const cpu = os.cpus();
console.log(`Machine: ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} cores, Node ${process.version}, TensorFlow.js ${tf.version_core}\n`);
const flopsPerStep = 3 * forwardFlopsPerToken(REPRESENTATIVE, LENGTH) * BATCH * LENGTH;
console.log(`Representative step: ${BATCH}×${LENGTH} tokens, d=${REPRESENTATIVE.modelDim}, ${REPRESENTATIVE.layers} layers, vocab ${REPRESENTATIVE.vocabSize}: ${(flopsPerStep / 1e9).toFixed(2)} model GFLOP per step.\n`);

const trainingRows: string[] = [];
const decodingRows: string[] = [];
const notes: string[] = [];
const measured = new Set<string>();
let leak: ReturnType<typeof leakCheck> | undefined;
for (const choice of backends as BackendChoice[]) {
  const selected = await selectBackend({ backend: choice });
  if (measured.has(selected.name)) continue;
  measured.add(selected.name);
  notes.push(`- ${choice}: ${selected.reason}`);
  const label = choice === "auto" ? `${selected.name} (auto)` : selected.name;
  const peak = matmulPeak();
  for (const variant of VARIANTS) {
    const ms = timeTraining({ ...REPRESENTATIVE, ...variant.config }, selected.name === "cpu");
    const gflops = flopsPerStep / (ms / 1000) / 1e9;
    trainingRows.push(
      `| ${label} | ${peak.toFixed(1)} | ${variant.name} | ${ms.toFixed(0)} | ${((BATCH * LENGTH) / (ms / 1000)).toFixed(0)} | ${gflops.toFixed(1)} | ${((100 * gflops) / peak).toFixed(0)}% |`,
    );
  }
  decodingRows.push(`| ${label} | ${[1, 8, 32].map((batch) => decodingRate(batch).toFixed(0)).join(" | ")} |`);
  leak ??= leakCheck();
}

console.log("| backend | matmul peak GFLOP/s | variant | step ms | train tokens/s | model GFLOP/s | of peak |");
console.log("|---|---|---|---|---|---|---|");
for (const row of trainingRows) console.log(row);
console.log("\nDecoding with the KV cache (generated tokens/s, 64-token prompts, 64 new tokens):\n");
console.log("| backend | batch 1 | batch 8 | batch 32 |");
console.log("|---|---|---|---|");
for (const row of decodingRows) console.log(row);
if (leak !== undefined) {
  console.log(`\nLeak check: ${leakSteps} training steps (small model): tf.memory().numTensors ${leak.before} → ${leak.after} (${leak.seconds.toFixed(1)} s).`);
}
console.log(`\nBackends:\n${notes.join("\n")}`);
if (leak !== undefined && leak.after !== leak.before) process.exitCode = 1;
