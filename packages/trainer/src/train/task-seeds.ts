import { SeededRandom } from "@hiper/core";

/**
 * The seeds of tasks `start … start + count − 1` of a run: scattered over [0, 2³¹) rather than
 * consecutive, because a real game set is sorted by path (hence by task type) and seed i plays
 * game i mod n. Random access, so iteration k's tasks do not depend on earlier iterations.
 */
export function taskSeeds(base: number, start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => new SeededRandom(base ^ Math.imul(start + i + 1, 0x9e3779b1)).int(2 ** 31));
}
