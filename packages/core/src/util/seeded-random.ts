import { z } from "zod";
import { InvalidInputError } from "../errors/index.js";

/** The saved state of a {@link SeededRandom}, for checkpoints. */
export const SeededRandomState = z.object({
  algorithm: z.literal("mulberry32"),
  state: z.number().int().min(0).max(0xffff_ffff),
});
export type SeededRandomState = z.infer<typeof SeededRandomState>;

/**
 * A small seeded pseudo-random generator (mulberry32: 32 bits of state, fast, good enough for
 * exploration and shuffling; not for cryptography). The same seed gives the same sequence, and
 * `getState` / `fromState` resume a sequence exactly.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new InvalidInputError(`seed must be a finite number, got ${seed}`);
    this.state = mixSeed(Math.trunc(seed));
  }

  static fromState(saved: SeededRandomState): SeededRandom {
    const parsed = SeededRandomState.safeParse(saved);
    if (!parsed.success) throw new InvalidInputError(`invalid random state: ${parsed.error.message}`);
    const random = new SeededRandom(0);
    random.state = parsed.data.state;
    return random;
  }

  getState(): SeededRandomState {
    return { algorithm: "mulberry32", state: this.state };
  }

  setState(saved: SeededRandomState): void {
    this.state = SeededRandom.fromState(saved).state;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new InvalidInputError(`int(n) needs a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new InvalidInputError("pick() needs a non-empty array");
    return items[this.int(items.length)] as T;
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}

/** Folds any integer seed (negative, or beyond 32 bits) into 32 bits of state. */
function mixSeed(seed: number): number {
  const low = seed >>> 0;
  const high = Math.floor(seed / 0x1_0000_0000) >>> 0;
  return (low ^ Math.imul(high, 0x9e37_79b9)) >>> 0;
}
