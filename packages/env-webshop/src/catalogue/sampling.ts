import { InvalidInputError, type SeededRandom } from "@hiper/core";
import type { Weighted } from "./categories.js";

/** One item drawn with probability proportional to its weight. */
export function pickWeighted<T>(random: SeededRandom, items: Weighted<T>): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  if (!(total > 0)) throw new InvalidInputError("pickWeighted needs a positive total weight");
  let left = random.next() * total;
  for (const [item, weight] of items) {
    left -= weight;
    if (left < 0) return item;
  }
  return (items[items.length - 1] as readonly [T, number])[0];
}

/** Up to `count` distinct items, each draw proportional to weight among those left. */
export function sampleWeighted<T>(random: SeededRandom, items: Weighted<T>, count: number): T[] {
  const left = items.filter(([, weight]) => weight > 0).map(([item, weight]) => [item, weight] as const);
  const chosen: T[] = [];
  while (chosen.length < count && left.length > 0) {
    const item = pickWeighted(random, left);
    chosen.push(item);
    left.splice(
      left.findIndex(([candidate]) => candidate === item),
      1,
    );
  }
  return chosen;
}

/** An integer in [low, high]. */
export const between = (random: SeededRandom, low: number, high: number): number => low + random.int(high - low + 1);

/** True with probability `p`. */
export const chance = (random: SeededRandom, p: number): boolean => random.next() < p;

/** A value of a piecewise-linear inverse CDF given by evenly spaced quantiles, interpolated in log space. */
export function fromQuantiles(random: SeededRandom, quantiles: readonly number[]): number {
  const at = random.next() * (quantiles.length - 1);
  const index = Math.floor(at);
  const low = Math.max(quantiles[index] as number, 0.01);
  const high = Math.max(quantiles[Math.min(index + 1, quantiles.length - 1)] as number, 0.01);
  return Math.exp(Math.log(low) + (Math.log(high) - Math.log(low)) * (at - index));
}
