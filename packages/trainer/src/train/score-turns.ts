import * as tf from "@tensorflow/tfjs-core";
import { type TurnValues, turnFeatures, type TurnRecord } from "@hiper/core";
import { lengthBucketedBatches, packSequences, responseTokenIndex, valueReadIndex } from "../data/packed-batch.js";
import type { TurnSequence } from "../data/turn-sequence.js";
import type { PolicyModel } from "../model/policy-model.js";
import { scoreTokens } from "../model/score-tokens.js";

/** A turn ready for the update: its sequence and what the pre-update policy (and the reference) said about it. */
export interface ScoredTurn {
  turn: TurnRecord;
  sequence: TurnSequence;
  /** log π_old of each response token (temperature 1, under its decoding constraint). */
  oldLogProbs: Float32Array;
  /** log π_ref of each response token, when a reference model is given. */
  refLogProbs: Float32Array | null;
  /** The three critic read-outs at their spec §2.4 positions. */
  values: TurnValues;
  /** Where they were read: response indices. */
  valueIndex: { high: number; low: number; term: number };
}

/**
 * The trainer's no-gradient pass after the rollout (spec §3.10): old log-probs recomputed at
 * temperature 1, reference log-probs for the KL term, and the value heads at their read-out
 * positions, which the estimators consume: the policy's own, or a separate `critic`'s.
 */
export function scoreTurns(
  model: PolicyModel,
  reference: PolicyModel | null,
  items: ReadonlyArray<{ turn: TurnRecord; sequence: TurnSequence }>,
  options: { batchSize: number; padId: number; critic?: PolicyModel },
): ScoredTurn[] {
  const scored = new Map<TurnRecord, ScoredTurn>();
  for (const batch of lengthBucketedBatches(items, options.batchSize, (item) => item.sequence.prompt.length + item.sequence.response.length)) {
    const packed = packSequences(
      batch.map((item) => item.sequence),
      options.padId,
    );
    const [logProbs, ownValues] = tf.tidy(() => {
      const out = scoreTokens(model, packed.batch, { constraints: packed.constraints });
      return [out.logProbs.dataSync() as Float32Array, out.values.dataSync() as Float32Array];
    });
    const { critic } = options;
    const values = critic === undefined ? ownValues : tf.tidy(() => critic.values(packed.batch).dataSync() as Float32Array);
    const refLogProbs = reference === null ? null : tf.tidy(() => scoreTokens(reference, packed.batch, { constraints: packed.constraints }).logProbs.dataSync() as Float32Array);
    batch.forEach(({ turn, sequence }, row) => {
      const responseLogProbs = (source: Float32Array) => Float32Array.from(sequence.response, (_, j) => source[responseTokenIndex(packed, row, j)] as number);
      const index = turnFeatures(turn).tokens?.valueIndex ?? { high: 0, low: 0, term: 0 };
      const head = (channel: number, j: number) => values[valueReadIndex(packed, row, Math.min(j, sequence.response.length - 1)) * 3 + channel] as number;
      scored.set(turn, {
        turn,
        sequence,
        oldLogProbs: responseLogProbs(logProbs),
        refLogProbs: refLogProbs === null ? null : responseLogProbs(refLogProbs),
        // Channels in upstream's order: 0 low, 1 high, 2 term.
        values: { low: head(0, index.low), high: head(1, index.high), term: head(2, index.term) },
        valueIndex: index,
      });
    });
  }
  return items.map((item) => scored.get(item.turn) as ScoredTurn);
}
