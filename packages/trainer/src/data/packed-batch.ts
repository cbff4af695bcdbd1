import { sequenceConstraints } from "../model/score-tokens.js";
import type { TokenBatch } from "../model/policy-model.js";
import type { TokenConstraint } from "../model/token-constraint.js";
import type { TurnSequence } from "./turn-sequence.js";

/** Turn sequences as one right-padded batch, with where each response starts. */
export interface PackedBatch {
  batch: TokenBatch;
  /** Row-major, one per token: the constraint each response token was decoded under (null elsewhere). */
  constraints: Array<TokenConstraint | null>;
  sequences: readonly TurnSequence[];
}

export function packSequences(sequences: readonly TurnSequence[], padId: number): PackedBatch {
  const length = Math.max(2, ...sequences.map((sequence) => sequence.prompt.length + sequence.response.length));
  const tokens = new Int32Array(sequences.length * length).fill(padId);
  const constraints = sequences.flatMap((sequence, row) => {
    tokens.set(sequence.prompt, row * length);
    tokens.set(sequence.response, row * length + sequence.prompt.length);
    return sequenceConstraints(sequence.prompt.length, sequence.replayed, length);
  });
  return { batch: { tokens, batch: sequences.length, length }, constraints, sequences };
}

/** The flat `[batch·length]` index of response token `j` of row `row` (where its log-prob sits). */
export function responseTokenIndex(packed: PackedBatch, row: number, j: number): number {
  return row * packed.batch.length + (packed.sequences[row] as TurnSequence).prompt.length + j;
}

/**
 * The flat index of "the value at response index j" (spec §2.4): the input position just before
 * response token j, so j = 0 reads the last prompt token.
 */
export function valueReadIndex(packed: PackedBatch, row: number, j: number): number {
  return responseTokenIndex(packed, row, j) - 1;
}

/** A `[batch·length]` array holding `valueOf(row, j)` at every response token and 0 elsewhere. */
export function perResponseToken(packed: PackedBatch, valueOf: (row: number, j: number) => number): Float32Array {
  const out = new Float32Array(packed.batch.batch * packed.batch.length);
  packed.sequences.forEach((sequence, row) => {
    for (let j = 0; j < sequence.response.length; j++) out[responseTokenIndex(packed, row, j)] = valueOf(row, j);
  });
  return out;
}

/** Splits items into batches of at most `size`, sorted by length first so that padding stays small. */
export function lengthBucketedBatches<T>(items: readonly T[], size: number, lengthOf: (item: T) => number): T[][] {
  const sorted = [...items].sort((a, b) => lengthOf(a) - lengthOf(b));
  const batches: T[][] = [];
  for (let start = 0; start < sorted.length; start += size) batches.push(sorted.slice(start, start + size));
  return batches;
}
