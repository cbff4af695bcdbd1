import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/index.js";
import { ppoActorLoss } from "./actor-loss.js";
import { clippedValueLoss, hierarchicalCriticLoss } from "./critic-loss.js";

describe("critic loss (§3.9)", () => {
  it("takes the clipped branch: v_old = 1, v = 2, R = 3 → max(1, 2.25) = 2.25", () => {
    // clip(2, 0.5, 1.5) = 1.5; (1.5 − 3)² = 2.25 beats (2 − 3)² = 1
    expect(clippedValueLoss({ values: [2], oldValues: [1], returns: [3] }, 0.5)).toBe(2.25);
  });

  it("takes the unclipped branch when it is larger, and has no ½ factor", () => {
    // v = 2, v_old = 1.9, R = 0: clip keeps 2; (2 − 0)² = 4
    expect(clippedValueLoss({ values: [2], oldValues: [1.9], returns: [0] })).toBe(4);
    // v = 0, v_old = 3, R = 0: clip(0, 2.5, 3.5) = 2.5 → max(0, 6.25) = 6.25 (clipping can only raise the loss)
    expect(clippedValueLoss({ values: [0], oldValues: [3], returns: [0] })).toBe(6.25);
  });

  it("averages over the head's positions; a head with none contributes 0", () => {
    expect(clippedValueLoss({ values: [2, 0], oldValues: [1, 0], returns: [3, 1] })).toBe((2.25 + 1) / 2);
    expect(clippedValueLoss({ values: [], oldValues: [], returns: [] })).toBe(0);
  });

  it("sums the three heads with weight 1", () => {
    const low = { values: [2], oldValues: [1], returns: [3] }; // 2.25
    const high = { values: [], oldValues: [], returns: [] }; // 0
    const term = { values: [1], oldValues: [1], returns: [0] }; // 1
    expect(hierarchicalCriticLoss({ low, high, term })).toBe(3.25);
  });

  it("rejects NaN and ragged inputs", () => {
    expect(() => clippedValueLoss({ values: [Number.NaN], oldValues: [0], returns: [0] })).toThrow(InvalidInputError);
    expect(() => clippedValueLoss({ values: [0, 1], oldValues: [0], returns: [0] })).toThrow(InvalidInputError);
  });
});

describe("actor loss (§3.10)", () => {
  const token = (fields: { logProb?: number; oldLogProb?: number; refLogProb?: number; advantage: number; entropy?: number; mask?: boolean }) => ({
    logProbs: [fields.logProb ?? 0],
    oldLogProbs: [fields.oldLogProb ?? 0],
    refLogProbs: [fields.refLogProb ?? fields.logProb ?? 0],
    advantages: [fields.advantage],
    entropies: [fields.entropy ?? 0],
    mask: [fields.mask ?? true],
  });

  it("ratio 1: the policy loss is −A and nothing is clipped", () => {
    const result = ppoActorLoss(token({ advantage: 2 }));
    expect(result.policyLoss).toBe(-2);
    expect(result.clipFraction).toBe(0);
    expect(result.kl).toBe(0);
  });

  it("A > 0 and ρ above 1 + ε: the clipped term wins", () => {
    const rho = Math.exp(0.5); // 1.6487
    const result = ppoActorLoss(token({ logProb: 0.5, advantage: 1 }));
    expect(result.policyLoss).toBeCloseTo(Math.max(-rho, -1.2), 12); // −1.2
    expect(result.clipFraction).toBe(1);
  });

  it("A < 0 with a huge ratio: the dual clip caps the loss at −3·A", () => {
    const result = ppoActorLoss(token({ logProb: 2, advantage: -1 })); // ρ = e² ≈ 7.39
    // ℓ_clip = max(7.39, 1.2) = 7.39; dual clip: min(7.39, 3) = 3
    expect(result.policyLoss).toBe(3);
  });

  it("k3 KL, entropy bonus, and the weighted total", () => {
    const logProb = -1;
    const refLogProb = -1.5;
    const result = ppoActorLoss(token({ logProb, oldLogProb: logProb, refLogProb, advantage: 0, entropy: 2 }));
    const x = refLogProb - logProb; // −0.5
    const kl = Math.exp(x) - x - 1;
    expect(result.kl).toBeCloseTo(kl, 12);
    expect(result.loss).toBeCloseTo(0 - 0.001 * 2 + 0.01 * kl, 12);
  });

  it("the KL is clamped to 10", () => {
    expect(ppoActorLoss(token({ logProb: -20, oldLogProb: -20, refLogProb: 0, advantage: 0 })).kl).toBe(10);
  });

  it("token means run over the mask only; an empty mask gives 0", () => {
    const batch = {
      logProbs: [0, 0],
      oldLogProbs: [0, 0],
      refLogProbs: [0, 0],
      advantages: [1, 100],
      entropies: [0, 0],
      mask: [true, false],
    };
    expect(ppoActorLoss(batch).policyLoss).toBe(-1);
    expect(ppoActorLoss({ ...batch, mask: [false, false] }).loss).toBe(0);
  });

  it("rejects NaN and ragged inputs", () => {
    expect(() => ppoActorLoss(token({ advantage: Number.NaN }))).toThrow(InvalidInputError);
    expect(() => ppoActorLoss({ ...token({ advantage: 0 }), mask: [] })).toThrow(InvalidInputError);
  });
});
