import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/index.js";
import { episodeRewardTokenGae } from "./episode-reward-token-gae.js";
import { turnGae, turnGaeBatch } from "./turn-gae.js";

// §5.3: r = [0, −0.1, 10], done at t2, V = [5, 6, 8], γ = 1.
const EXAMPLE = { rewards: [0, -0.1, 10], values: [5, 6, 8], dones: [false, false, true] };

describe("turnGae (§5.3)", () => {
  it("λ = 1 gives [4.9, 3.9, 2]", () => {
    const { advantages, returns } = turnGae(EXAMPLE, { gamma: 1, lam: 1 });
    const a2 = 10 - 8;
    const a1 = -0.1 + 8 - 6 + a2;
    const a0 = 0 + 6 - 5 + a1;
    [a0, a1, a2].forEach((want, t) => expect(advantages[t]).toBeCloseTo(want, 12));
    expect(advantages.map((a) => Number(a.toFixed(9)))).toEqual([4.9, 3.9, 2]);
    [a0 + 5, a1 + 6, a2 + 8].forEach((want, t) => expect(returns[t]).toBeCloseTo(want, 12));
  });

  it("λ = 0.95 gives [4.61, 3.8, 2]", () => {
    const { advantages } = turnGae(EXAMPLE, { gamma: 1, lam: 0.95 });
    const a1 = -0.1 + 8 - 6 + 0.95 * 2;
    const a0 = 0 + 6 - 5 + 0.95 * a1;
    expect(advantages[0]).toBeCloseTo(a0, 12);
    expect(advantages.map((a) => Number(a.toFixed(9)))).toEqual([4.61, 3.8, 2]);
  });

  it("a truncated trajectory has V(T) := 0: no bootstrap", () => {
    const { advantages } = turnGae({ rewards: [1, 2], values: [3, 4], dones: [false, false] }, { gamma: 0.5, lam: 1 });
    const a1 = 2 + 0.5 * 0 - 4;
    expect(advantages).toEqual([1 + 0.5 * 4 - 3 + 0.5 * a1, a1]);
  });

  it("the batch is whitened over all turns with the unbiased variance", () => {
    const other = { rewards: [1], values: [0], dones: [true] };
    const { advantages, returns } = turnGaeBatch([EXAMPLE, other], { gamma: 1, lam: 1 });
    const raw = [4.9, 3.9, 2, 1];
    const mean = (4.9 + 3.9 + 2 + 1) / 4;
    const variance = raw.reduce((sum, x) => sum + (x - mean) ** 2, 0) / 3;
    const whitened = raw.map((x) => (x - mean) / Math.sqrt(variance + 1e-8));
    expect(advantages.flat().length).toBe(4);
    advantages.flat().forEach((a, i) => expect(a).toBeCloseTo(whitened[i]!, 9));
    expect(returns[1]).toEqual([1]); // targets from the raw advantages
  });

  it("rejects NaN/∞ and ragged inputs", () => {
    expect(() => turnGae({ rewards: [Number.NaN], values: [0], dones: [true] })).toThrow(InvalidInputError);
    expect(() => turnGae({ rewards: [0], values: [Number.POSITIVE_INFINITY], dones: [true] })).toThrow(InvalidInputError);
    expect(() => turnGae({ rewards: [0, 1], values: [0], dones: [true] })).toThrow(InvalidInputError);
    expect(() => turnGae(EXAMPLE, { lam: 2 })).toThrow(InvalidInputError);
  });

  it("an empty trajectory and an empty batch are fine", () => {
    expect(turnGae({ rewards: [], values: [], dones: [] })).toEqual({ advantages: [], returns: [] });
    expect(turnGaeBatch([])).toEqual({ advantages: [], returns: [] });
  });
});

describe("episodeRewardTokenGae (§5.2, upstream's token-level PPO)", () => {
  it("with γ = λ = 1 every token gets s_i − V(j), and the value target is s_i", () => {
    const { advantages, returns } = episodeRewardTokenGae([{ score: 9.9, values: [1, 2, 4] }], { normAdv: false });
    expect(advantages[0]!.map((a) => Number(a.toFixed(12)))).toEqual([9.9 - 1, 9.9 - 2, 9.9 - 4]);
    expect(returns[0]!.map((r) => Number(r.toFixed(12)))).toEqual([9.9, 9.9, 9.9]);
  });

  it("with γ < 1 the score is discounted back from the last token", () => {
    const { advantages } = episodeRewardTokenGae([{ score: 10, values: [1, 2] }], { gamma: 0.5, lam: 0.5, normAdv: false });
    const a1 = 10 - 2;
    const a0 = 0 + 0.5 * 2 - 1 + 0.5 * 0.5 * a1;
    expect(advantages[0]).toEqual([a0, a1]);
  });

  it("whitens over every valid token of the batch", () => {
    const { advantages } = episodeRewardTokenGae([
      { score: 1, values: [0, 0] },
      { score: 0, values: [0] },
    ]);
    const raw = [1, 1, 0];
    const mean = 2 / 3;
    const std = Math.sqrt(raw.reduce((s, x) => s + (x - mean) ** 2, 0) / 2 + 1e-8);
    expect(advantages.flat().map((a) => Number(a.toFixed(9)))).toEqual(raw.map((x) => Number(((x - mean) / std).toFixed(9))));
  });

  it("rejects NaN scores and values", () => {
    expect(() => episodeRewardTokenGae([{ score: Number.NaN, values: [0] }])).toThrow(InvalidInputError);
    expect(() => episodeRewardTokenGae([{ score: 0, values: [Number.NEGATIVE_INFINITY] }])).toThrow(InvalidInputError);
  });
});
