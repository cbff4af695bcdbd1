import type { HostKernel } from "../../backend/host-kernel.js";

/**
 * Moves attention operands between the fused layout `[batch·length, groups·heads·headDim]` (q | k
 * | v side by side, as the QKV projection writes them) and one small matrix per (sequence, head)
 * pair, in one pass over memory. On wasm this replaces a 5-D transpose plus `split`, which cost
 * ~80 ms per call there (DESIGN §4 follow-up).
 */

/** Numbers of one attention layout. */
interface HeadLayout {
  batch: number;
  length: number;
  heads: number;
  headDim: number;
  groups: number;
}

function layoutOf(attrs: Record<string, unknown>): HeadLayout {
  return {
    batch: Number(attrs.batch),
    length: Number(attrs.length),
    heads: Number(attrs.heads),
    headDim: Number(attrs.headDim),
    groups: Number(attrs.groups),
  };
}

/**
 * Splits `[batch·length, groups·heads·headDim]` into per-pair matrices. Each request
 * (`requestGroup[r]`, `requestTransposed[r]`, `requestScale[r]`) yields batch·heads outputs, pair
 * p = sequence·heads + head: `[length, headDim]` (or `[headDim, length]` when transposed), times
 * the scale. Outputs are request-major, then pair. With `stacked: 1`, each request instead yields
 * one `[pairs·length, headDim]` tensor: the pairs' matrices one after another, which is
 * `[batch, heads, length, headDim]` (a KV cache's layout).
 */
export const splitHeadsKernel: HostKernel = {
  name: "HiperSplitHeads",
  outputs: (_inputs, attrs) => {
    const { batch, length, heads, headDim } = layoutOf(attrs);
    const transposed = attrs.requestTransposed as number[];
    if (attrs.stacked === 1) return transposed.map(() => ({ shape: [batch * heads * length, headDim], dtype: "float32" as const }));
    return transposed.flatMap((flag) =>
      Array.from({ length: batch * heads }, () => ({ shape: flag === 1 ? [headDim, length] : [length, headDim], dtype: "float32" as const })),
    );
  },
  run: ([x], outputs, attrs) => {
    const { batch, length, heads, headDim, groups } = layoutOf(attrs);
    const input = x as Float32Array;
    const columns = groups * heads * headDim;
    const requestGroup = attrs.requestGroup as number[];
    const requestTransposed = attrs.requestTransposed as number[];
    const requestScale = attrs.requestScale as number[];
    const pairs = batch * heads;
    requestGroup.forEach((group, request) => {
      const transposed = requestTransposed[request] === 1;
      const scale = requestScale[request] as number;
      for (let pair = 0; pair < pairs; pair++) {
        const stacked = attrs.stacked === 1;
        const out = (stacked ? outputs[request] : outputs[request * pairs + pair]) as Float32Array;
        const base = stacked ? pair * length * headDim : 0;
        const sequence = Math.floor(pair / heads);
        const columnStart = (group * heads + (pair % heads)) * headDim;
        for (let t = 0; t < length; t++) {
          const from = (sequence * length + t) * columns + columnStart;
          for (let j = 0; j < headDim; j++) out[base + (transposed ? j * length + t : t * headDim + j)] = (input[from + j] as number) * scale;
        }
      }
    });
  },
};

/**
 * The inverse of a split: `groups·batch·heads` matrices (group-major, then pair) into
 * `[batch·length, groups·heads·headDim]`, group g times `groupScale[g]`. Group g's matrices are
 * `[length, headDim]`, or `[headDim, length]` when `groupTransposed[g]` is 1.
 */
export const mergeHeadsKernel: HostKernel = {
  name: "HiperMergeHeads",
  outputs: (_inputs, attrs) => {
    const { batch, length, heads, headDim, groups } = layoutOf(attrs);
    return [{ shape: [batch * length, groups * heads * headDim], dtype: "float32" }];
  },
  run: (inputs, [out], attrs) => {
    const { batch, length, heads, headDim, groups } = layoutOf(attrs);
    const output = out as Float32Array;
    const columns = groups * heads * headDim;
    const groupScale = attrs.groupScale as number[];
    const groupTransposed = attrs.groupTransposed as number[];
    const pairs = batch * heads;
    for (let group = 0; group < groups; group++) {
      const scale = groupScale[group] as number;
      const transposed = groupTransposed[group] === 1;
      for (let pair = 0; pair < pairs; pair++) {
        const piece = inputs[group * pairs + pair] as Float32Array;
        const sequence = Math.floor(pair / heads);
        const columnStart = (group * heads + (pair % heads)) * headDim;
        for (let t = 0; t < length; t++) {
          const to = (sequence * length + t) * columns + columnStart;
          for (let j = 0; j < headDim; j++) output[to + j] = (piece[transposed ? j * length + t : t * headDim + j] as number) * scale;
        }
      }
    }
  },
};
