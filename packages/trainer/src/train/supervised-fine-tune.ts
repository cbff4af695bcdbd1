import * as tf from "@tensorflow/tfjs-core";
import type { SeededRandom } from "@hiper/core";
import { lengthBucketedBatches, packSequences, perResponseToken } from "../data/packed-batch.js";
import type { TurnSequence } from "../data/turn-sequence.js";
import type { PolicyModel } from "../model/policy-model.js";
import { scoreTokens } from "../model/score-tokens.js";
import type { AdamW } from "../optim/adamw.js";
import { minimize } from "./minimize.js";
import { yieldToEventLoop } from "./yield-to-event-loop.js";

export interface SupervisedFineTuneOptions {
  model: PolicyModel;
  optimizer: AdamW;
  sequences: readonly TurnSequence[];
  /** The vocabulary's padding id. */
  padId: number;
  epochs: number;
  /** Turn rows per optimiser step. */
  batchSize: number;
  /** Shuffles the order of the batches each epoch. */
  random: SeededRandom;
  onStep?: (progress: SupervisedStep) => void;
}

export interface SupervisedStep {
  epoch: number;
  step: number;
  steps: number;
  loss: number;
  tokensPerSecond: number;
}

export interface SupervisedFineTuneReport {
  steps: number;
  /** Mean loss of each epoch: negative log-likelihood per decided token. */
  epochLosses: number[];
  tokensPerSecond: number;
}

/**
 * Warm start (behaviour cloning): maximise the log-likelihood of the demonstrated decisions. Only
 * sampled tokens count — the switch word, a new subgoal's text, the action — under the same
 * constraints as decoding, so the model learns exactly the choices it will make in rollouts.
 */
export async function supervisedFineTune(options: SupervisedFineTuneOptions): Promise<SupervisedFineTuneReport> {
  const { model, optimizer, random } = options;
  const batches = lengthBucketedBatches(options.sequences, options.batchSize, (s) => s.prompt.length + s.response.length);
  const epochLosses: number[] = [];
  let step = 0;
  let tokens = 0;
  const started = performance.now();
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = random.shuffle(batches.map((_, index) => index));
    let lossSum = 0;
    for (const index of order) {
      const packed = packSequences(batches[index] as TurnSequence[], options.padId);
      const decided = perResponseToken(packed, (row, j) => ((packed.sequences[row] as TurnSequence).replayed[j]?.source === "sampled" ? 1 : 0));
      const count = decided.reduce((sum, value) => sum + value, 0);
      const { loss } = minimize(model, optimizer, () =>
        tf.tidy(() => {
          const { logProbs } = scoreTokens(model, packed.batch, { constraints: packed.constraints });
          return tf.div(tf.neg(tf.sum(tf.mul(tf.reshape(logProbs, [-1]), decided))), Math.max(count, 1)) as tf.Scalar;
        }),
      );
      lossSum += loss;
      tokens += packed.batch.batch * packed.batch.length;
      step += 1;
      // Let progress bars draw and signals land between steps.
      await yieldToEventLoop();
      options.onStep?.({ epoch, step, steps: options.epochs * batches.length, loss, tokensPerSecond: tokens / ((performance.now() - started) / 1000) });
    }
    epochLosses.push(lossSum / Math.max(batches.length, 1));
  }
  return { steps: step, epochLosses, tokensPerSecond: tokens / Math.max((performance.now() - started) / 1000, 1e-9) };
}
