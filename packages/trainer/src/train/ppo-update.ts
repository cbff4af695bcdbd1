import * as tf from "@tensorflow/tfjs-core";
import { type ActorLossConfig, type TurnAdvantage } from "@hiper/core";
import { lengthBucketedBatches, type PackedBatch, packSequences, perResponseToken, valueReadIndex } from "../data/packed-batch.js";
import { hierarchicalCriticLossTensor, type ValueHeadTensors } from "../loss/clipped-value-loss.js";
import { type ActorLossTensors, ppoActorLossTensor, readActorLoss } from "../loss/ppo-actor-loss.js";
import type { PolicyModel } from "../model/policy-model.js";
import { scoreTokens, valuesAt } from "../model/score-tokens.js";
import type { AdamW } from "../optim/adamw.js";
import { minimize, type Trainable } from "./minimize.js";
import { yieldToEventLoop } from "./yield-to-event-loop.js";
import type { ScoredTurn } from "./score-turns.js";

/** What one update step optimises, besides the actor loss's own coefficients. */
export interface PpoUpdateSettings {
  actor: ActorLossConfig;
  /** Weight of the critic loss beside the actor loss when the heads share the policy's trunk (a separate critic takes its loss whole). */
  criticCoef: number;
  /** verl's cliprange_value. */
  valueClip: number;
  /** Turn rows per optimiser step. */
  miniBatchSize: number;
  /** Passes over the batch (spec: 1). */
  epochs: number;
}

export interface PpoUpdateStats {
  loss: number;
  policyLoss: number;
  entropy: number;
  kl: number;
  clipFraction: number;
  criticLoss: number;
  /** The policy's gradient norm (with value heads on its trunk, their loss is part of it). */
  gradNorm: number;
  /** A separate critic's gradient norm (null with a shared one). */
  criticGradNorm: number | null;
  /** Tokens read by the update's forward passes (the policy's, and a separate critic's). */
  tokens: number;
}

/** A turn of the update batch: what the pre-update pass scored, and what the estimator credited. */
export interface PpoRow {
  scored: ScoredTurn;
  advantage: TurnAdvantage;
}

/** One head's read-out rows (flat indices into the batch), with v_old and targets. */
function headRows(packed: PackedBatch, rows: readonly PpoRow[], pick: (row: PpoRow) => { index: number; old: number; target: number } | null) {
  const indices: number[] = [];
  const oldValues: number[] = [];
  const returns: number[] = [];
  rows.forEach((row, r) => {
    const found = pick(row);
    if (found === null) return;
    indices.push(valueReadIndex(packed, r, Math.min(found.index, row.scored.sequence.response.length - 1)));
    oldValues.push(found.old);
    returns.push(found.target);
  });
  return { indices: Int32Array.from(indices), oldValues: Float32Array.from(oldValues), returns: Float32Array.from(returns) };
}

/** The critic's read-outs to fit: HAE's three heads (spec §3.9), flat GAE's one head, none for the critic-free baselines. */
function criticRows(packed: PackedBatch, rows: readonly PpoRow[]) {
  return {
    low: headRows(packed, rows, ({ scored, advantage }) =>
      advantage.valueTargets ? { index: scored.valueIndex.low, old: scored.values.low, target: advantage.valueTargets.low } : null,
    ),
    high: headRows(packed, rows, ({ scored, advantage }) => {
      if (advantage.valueTargets?.high !== null && advantage.valueTargets?.high !== undefined) return { index: scored.valueIndex.high, old: scored.values.high, target: advantage.valueTargets.high };
      if (advantage.valueTarget !== undefined) return { index: 0, old: scored.values.high, target: advantage.valueTarget };
      return null;
    }),
    term: headRows(packed, rows, ({ scored, advantage }) =>
      advantage.valueTargets ? { index: scored.valueIndex.term, old: scored.values.term, target: advantage.valueTargets.term } : null,
    ),
  };
}

/** The value-head loss of a mini-batch, from value read-outs `[batch·length, 3]` (the policy's own heads, or a separate critic's). */
function criticLossOf(values: tf.Tensor2D, packed: PackedBatch, batch: readonly PpoRow[], valueClip: number): tf.Scalar {
  const heads = criticRows(packed, batch);
  const readOut = (head: { indices: Int32Array; oldValues: Float32Array; returns: Float32Array }, channel: number): ValueHeadTensors => ({
    values: head.indices.length === 0 ? tf.zeros([0]) : tf.reshape(tf.slice(valuesAt(values, head.indices), [0, channel], [-1, 1]), [-1]),
    oldValues: head.oldValues,
    returns: head.returns,
  });
  return hierarchicalCriticLossTensor({ low: readOut(heads.low, 0), high: readOut(heads.high, 1), term: readOut(heads.term, 2) }, { clipRange: valueClip });
}

/**
 * The PPO loss of one mini-batch: the actor's terms (as scalars) and, with `valueHeads:
 * "policy"`, the loss of the value heads on the policy's trunk, weighted by `criticCoef`. With
 * `"none"` (a separate critic fits them; see criticMiniBatchLoss) the loss is the actor's alone.
 * Build it inside a gradient tape or a tidy.
 */
export function miniBatchLoss(
  model: PolicyModel,
  batch: readonly PpoRow[],
  settings: Pick<PpoUpdateSettings, "actor" | "criticCoef" | "valueClip">,
  padId: number,
  valueHeads: "policy" | "none" = "policy",
) {
  const packed = packSequences(
    batch.map((row) => row.scored.sequence),
    padId,
  );
  const token = (pick: (row: PpoRow, j: number) => number) => perResponseToken(packed, (r, j) => pick(batch[r] as PpoRow, j));
  const oldLogProbs = token((row, j) => row.scored.oldLogProbs[j] as number);
  const hasReference = batch.every((row) => row.scored.refLogProbs !== null);
  const refLogProbs = hasReference ? token((row, j) => (row.scored.refLogProbs as Float32Array)[j] as number) : null;
  const advantages = token((row, j) => row.advantage.tokenAdvantages?.[j] ?? row.advantage.advantage ?? 0);
  const mask = token((row, j) =>
    row.scored.sequence.replayed[j]?.source === "sampled" && (row.advantage.lossMask ? row.advantage.lossMask[j] === true : true) ? 1 : 0,
  );
  const scores = scoreTokens(model, packed.batch, { constraints: packed.constraints, withEntropy: true });
  const actor = ppoActorLossTensor(
    { logProbs: tf.reshape(scores.logProbs, [-1]), oldLogProbs, refLogProbs, advantages, entropy: tf.reshape(scores.entropy as tf.Tensor, [-1]), mask },
    settings.actor,
  );
  const tokens = packed.batch.batch * packed.batch.length;
  // The loss is a tensor of its own: the optimiser step disposes it, the logged terms stay.
  if (valueHeads === "none") return { loss: tf.clone(actor.loss), actor, critic: null, tokens };
  const critic = criticLossOf(scores.values, packed, batch, settings.valueClip);
  return { loss: tf.add(actor.loss, tf.mul(settings.criticCoef, critic)) as tf.Scalar, actor, critic, tokens };
}

/** The loss of a separate critic's three heads on one mini-batch (spec §3.9). Build it inside a gradient tape or a tidy. */
export function criticMiniBatchLoss(critic: PolicyModel, batch: readonly PpoRow[], valueClip: number, padId: number): { loss: tf.Scalar; tokens: number } {
  const packed = packSequences(
    batch.map((row) => row.scored.sequence),
    padId,
  );
  return { loss: criticLossOf(critic.values(packed.batch), packed, batch, valueClip), tokens: packed.batch.batch * packed.batch.length };
}

/**
 * PPO on one batch of scored turns (spec §3.10): per mini-batch, the clipped actor loss over the
 * estimator's loss mask — restricted to the tokens the model actually chose (forced tags and
 * copied subgoals carry no decision) — plus the clipped value loss of the heads the estimator
 * gives targets for. With `options.critic`, those heads are a separate critic's, stepped first
 * by its own optimiser.
 */
export async function ppoUpdate(
  model: PolicyModel,
  optimizer: AdamW,
  rows: readonly PpoRow[],
  settings: PpoUpdateSettings,
  options: { padId: number; order: (count: number) => number[]; critic?: Trainable },
): Promise<PpoUpdateStats> {
  const totals = { loss: 0, policyLoss: 0, entropy: 0, kl: 0, clipFraction: 0, criticLoss: 0, gradNorm: 0, criticGradNorm: 0, tokens: 0 };
  const { critic } = options;
  let steps = 0;
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    const batches = lengthBucketedBatches(rows, settings.miniBatchSize, (row) => row.scored.sequence.prompt.length + row.scored.sequence.response.length);
    for (const index of options.order(batches.length)) {
      const rowsOfBatch = batches[index] as PpoRow[];
      // Spec §3.9: the critic steps first. Apart, the two backward passes never hold both models' activations at once.
      const criticStep = critic ? minimize(critic.model, critic.optimizer, () => criticMiniBatchLoss(critic.model, rowsOfBatch, settings.valueClip, options.padId).loss) : null;
      // variableGrads frees every tensor its function made except the loss: keep what we log.
      let kept: { actor: ActorLossTensors; critic: tf.Scalar | null; tokens: number } | undefined;
      const step = minimize(model, optimizer, () => {
        const losses = miniBatchLoss(model, rowsOfBatch, settings, options.padId, critic ? "none" : "policy");
        for (const tensor of [...Object.values(losses.actor), ...(losses.critic ? [losses.critic] : [])]) tf.keep(tensor);
        kept = losses;
        return losses.loss;
      });
      const logged = kept as NonNullable<typeof kept>;
      const actorStats = readActorLoss(logged.actor);
      const criticLoss = criticStep?.loss ?? (logged.critic?.dataSync()[0] as number);
      tf.dispose([...Object.values(logged.actor), ...(logged.critic ? [logged.critic] : [])]);
      totals.loss += step.loss + (criticStep?.loss ?? 0);
      totals.policyLoss += actorStats.policyLoss;
      totals.entropy += actorStats.entropy;
      totals.kl += actorStats.kl;
      totals.clipFraction += actorStats.clipFraction;
      totals.criticLoss += criticLoss;
      totals.gradNorm += step.gradNorm;
      totals.criticGradNorm += criticStep?.gradNorm ?? 0;
      totals.tokens += logged.tokens * (criticStep ? 2 : 1);
      steps += 1;
      await yieldToEventLoop();
    }
  }
  const mean = (value: number) => (steps === 0 ? 0 : value / steps);
  return {
    loss: mean(totals.loss),
    policyLoss: mean(totals.policyLoss),
    entropy: mean(totals.entropy),
    kl: mean(totals.kl),
    clipFraction: mean(totals.clipFraction),
    criticLoss: mean(totals.criticLoss),
    gradNorm: mean(totals.gradNorm),
    criticGradNorm: critic ? mean(totals.criticGradNorm) : null,
    tokens: totals.tokens,
  };
}
