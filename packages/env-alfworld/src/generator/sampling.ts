import type { SeededRandom } from "@hiper/core";
import type { Weighted } from "./room-statistics.js";

/** Draws a value from `[value, weight]` pairs (weights ≥ 0, at least one positive). */
export function pickWeighted<T>(random: SeededRandom, items: Weighted<T>): T {
  return pickWeightedAt(random.next(), items);
}

/** The value of `[value, weight]` pairs at the uniform draw `u` ∈ [0, 1) (inverse of the cumulative weights). */
export function pickWeightedAt<T>(u: number, items: Weighted<T>): T {
  let total = 0;
  for (const [, weight] of items) total += weight;
  if (!(total > 0)) throw new RangeError("pickWeighted needs a positive total weight");
  let threshold = u * total;
  for (const [value, weight] of items) {
    threshold -= weight;
    if (threshold < 0) return value;
  }
  return (items[items.length - 1] as readonly [T, number])[0];
}

/** Index of an entry of `weights` drawn with probability proportional to it; -1 when all are 0. */
export function pickIndexByWeight(random: SeededRandom, weights: readonly number[]): number {
  let total = 0;
  for (const weight of weights) total += weight;
  if (!(total > 0)) return -1;
  let threshold = random.next() * total;
  let last = -1;
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i] as number;
    if (weight <= 0) continue;
    last = i;
    threshold -= weight;
    if (threshold < 0) return i;
  }
  return last;
}

/** A Poisson-distributed count with mean `mean` (Knuth's method; means here are small). */
export function poisson(random: SeededRandom, mean: number): number {
  if (mean <= 0) return 0;
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random.next();
  while (product > limit) {
    count += 1;
    product *= random.next();
  }
  return count;
}

/** Folds a base seed and an index into a new 32-bit seed (for the i-th game of a set). */
export function deriveSeed(seed: number, index: number): number {
  let h = (Math.trunc(seed) ^ 0x5bd1e995) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  h = (h + Math.imul(Math.trunc(index) + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
