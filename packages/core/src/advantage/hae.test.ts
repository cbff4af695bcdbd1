import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/index.js";
import { HAE_PRESETS, type HaeConfigInput } from "./hae-config.js";
import { computeHae } from "./hae.js";
import type { HaeTurnIn, HaeTurnOut } from "./hae-turn.js";
import { turnGae } from "./turn-gae.js";

/** A turn with sensible defaults: valid, SWITCH, every span present, values 0. */
function turn(fields: Partial<HaeTurnIn> & { turnIdx: number }): HaeTurnIn {
  return {
    trajId: "traj",
    envReward: 0,
    done: false,
    valid: true,
    isNewSubgoal: true,
    subgoalTokenIds: [1, 2, 3],
    hasActionTokens: true,
    hasSubgoalSpan: true,
    hasSwitchSpan: true,
    vHigh: 0,
    vLow: 0,
    vTerm: 0,
    ...fields,
  };
}

const pick = (out: HaeTurnOut[], key: "aLow" | "aTerm" | "retLow" | "retTerm" | "reward") => out.map((o) => o[key]);
const expectClose = (actual: readonly (number | null)[], expected: readonly (number | null)[], digits = 9) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) => {
    const want = expected[i] as number | null;
    if (want === null) expect(value).toBeNull();
    else expect(value as number).toBeCloseTo(want, digits);
  });
};

// §3.12 Example A: segments [0,1] and [2,3]; turn 1 copies turn 0's subgoal, turn 3 changes it.
const EXAMPLE_A: HaeTurnIn[] = [
  turn({ turnIdx: 0, isNewSubgoal: true, valid: true, subgoalTokenIds: [7, 8], vHigh: 2, vLow: 3, vTerm: 2.5 }),
  turn({ turnIdx: 1, isNewSubgoal: false, valid: false, subgoalTokenIds: [7, 8], vLow: 4, vTerm: 3.5 }),
  turn({ turnIdx: 2, isNewSubgoal: true, valid: true, subgoalTokenIds: [9], vHigh: 6, vLow: 7, vTerm: 6.5 }),
  turn({ turnIdx: 3, isNewSubgoal: false, valid: true, subgoalTokenIds: [10], envReward: 10, done: true, vLow: 8, vTerm: 9 }),
];
const ALFWORLD_SHAPING = { keepPenalty: -0.3, keepPenaltyMode: "normalized", keepConsistencyPenalty: -0.3, invalidPenalty: 0.1 } as const;

describe("computeHae: Example A (γ = 1, λ_turn = 1, λ_seg = 0.95, ALFWorld shaping)", () => {
  const config: HaeConfigInput = { gamma: 1, lamTurn: 1, lamSeg: 0.95, ...ALFWORLD_SHAPING, normAdv: false };
  const out = computeHae(EXAMPLE_A, config);

  it("shapes the rewards: −0.3/4 on each KEEP turn, −0.1 invalid, −0.3 inconsistent", () => {
    expectClose(pick(out, "reward"), [0, -0.3 / 4 - 0.1, 0, 10 - 0.3 / 4 - 0.3]); // [0, −0.175, 0, 9.625]
  });

  it("low level: GAE inside segments, t1 bootstraps to V_H(2) = 6", () => {
    const a3 = 9.625 - 8; // terminal
    const a2 = 0 + 8 - 7 + a3;
    const a1 = -0.175 + 6 - 4; // segment end → V_H(2)
    const a0 = 0 + 4 - 3 + a1;
    expectClose(pick(out, "aLow"), [a0, a1, a2, a3]); // [2.825, 1.825, 2.625, 1.625]
    expectClose(pick(out, "retLow"), [a0 + 3, a1 + 4, a2 + 7, a3 + 8]); // [5.825, 5.825, 9.625, 9.625]
  });

  it("high level: A^H lives on the boundary turns 0 and 2", () => {
    const aH2 = 9.625 - 6;
    const aH0 = -0.175 + 6 - 2 + 0.95 * aH2; // 7.26875
    expectClose(out.map((o) => o.aHigh), [aH0, null, aH2, null]);
    expectClose(out.map((o) => o.retHigh), [aH0 + 2, null, aH2 + 6, null]);
    expect(out.map((o) => o.isBoundary)).toEqual([true, false, true, false]);
  });

  it("switch: A^T = G − V_T with G the in-segment return bootstrapped to V_H", () => {
    const G = [0 + -0.175 + 6, -0.175 + 6, 0 + 9.625, 9.625];
    expectClose(pick(out, "retTerm"), G);
    expectClose(pick(out, "aTerm"), [G[0]! - 2.5, G[1]! - 3.5, G[2]! - 6.5, G[3]! - 9]); // [3.325, 2.325, 3.125, 0.625]
  });

  it("normalised over this one-trajectory batch (population std + 1e-8)", () => {
    const normalized = computeHae(EXAMPLE_A, { ...config, normAdv: true });
    // A^L: mean 2.225, popStd sqrt(((.6)² + (.4)² + (.4)² + (.6)²)/4) = 0.5099020
    const stdLow = Math.sqrt((0.36 + 0.16 + 0.16 + 0.36) / 4) + 1e-8;
    expectClose(pick(normalized, "aLow"), [0.6 / stdLow, -0.4 / stdLow, 0.4 / stdLow, -0.6 / stdLow], 6);
    expectClose(pick(normalized, "aLow"), [1.1766968, -0.7844645, 0.7844645, -1.1766968], 6);
    // A^H: two values 7.26875 and 3.625, mean 5.446875, popStd 1.821875
    expectClose(normalized.map((o) => o.aHigh), [0.99999999, null, -0.99999999, null], 6);
    // A^T: mean 2.35, popStd 1.0638962
    expectClose(pick(normalized, "aTerm"), [0.9164428, -0.0234985, 0.7284546, -1.6213989], 6);
    // Value targets come from the raw advantages.
    expectClose(pick(normalized, "retLow"), pick(out, "retLow"));
    expectClose(normalized.map((o) => o.retHigh), out.map((o) => o.retHigh));
  });
});

describe("computeHae: Example A′ (γ = 0.9, λ_turn = 0.5, λ_seg = 0.95)", () => {
  const out = computeHae(EXAMPLE_A, { gamma: 0.9, lamTurn: 0.5, lamSeg: 0.95, ...ALFWORLD_SHAPING, normAdv: false });

  it("matches the hand computation", () => {
    const a3 = 9.625 - 8;
    const a2 = 0 + 0.9 * 8 - 7 + 0.9 * 0.5 * a3; // 0.93125
    const a1 = -0.175 + 0.9 * 6 - 4; // 1.225
    const a0 = 0 + 0.9 * 4 - 3 + 0.9 * 0.5 * a1; // 1.15125
    expectClose(pick(out, "aLow"), [a0, a1, a2, a3]);
    expectClose(pick(out, "retLow"), [4.15125, 5.225, 7.93125, 9.625]);

    const R2 = 0 + 0.9 * 9.625; // segment [2, 3] return: 8.6625, terminal
    expect(out[2]!.aHigh).toBeCloseTo(R2 - 6, 9); // 2.6625
    const R1 = 0 + 0.9 * -0.175; // −0.1575
    const aH0 = R1 + 0.81 * 6 - 2 + 0.81 * 0.95 * (R2 - 6); // 4.75129375
    expect(out[0]!.aHigh).toBeCloseTo(aH0, 9);
    expect(out[0]!.aHigh).toBeCloseTo(4.75129375, 9);

    const G = [0 + 0.9 * (-0.175 + 0.9 * 6), -0.175 + 0.9 * 6, 0 + 0.9 * 9.625, 9.625];
    expectClose(pick(out, "retTerm"), G); // [4.7025, 5.225, 8.6625, 9.625]
    expectClose(pick(out, "aTerm"), [2.2025, 1.725, 2.1625, 0.625]);
  });
});

describe("computeHae: Example B (truncation, γ = 0.9, fixed KEEP penalty −0.5)", () => {
  const B: HaeTurnIn[] = [
    turn({ turnIdx: 0, isNewSubgoal: true, vHigh: 1, vLow: 1.5, vTerm: 1.2, subgoalTokenIds: [1] }),
    turn({ turnIdx: 1, isNewSubgoal: true, vHigh: 2, vLow: 2.5, vTerm: 2.2, subgoalTokenIds: [2] }),
    turn({ turnIdx: 2, isNewSubgoal: false, vLow: 3, vTerm: 2.8, subgoalTokenIds: [2] }),
  ];
  const base: HaeConfigInput = { gamma: 0.9, lamTurn: 1, lamSeg: 0.95, keepPenalty: -0.5, keepPenaltyMode: "fixed", normAdv: false };

  it("without bootstrap the truncated end is worth 0", () => {
    const out = computeHae(B, { ...base, bootstrapTruncated: false });
    expectClose(pick(out, "reward"), [0, 0, -0.5]);
    const a2 = -0.5 - 3; // −3.5
    const a1 = 0 + 0.9 * 3 - 2.5 + 0.9 * a2; // −2.95
    const a0 = 0 + 0.9 * 2 - 1.5; // 0.3: segment [0,0] bootstraps to V_H(1)
    expectClose(pick(out, "aLow"), [a0, a1, a2]);
    expectClose(pick(out, "retLow"), [1.8, -0.45, -0.5]);
    const aH1 = 0 + 0.9 * -0.5 - 2; // −2.45
    const aH0 = 0 + 0.9 * 2 - 1 + 0.9 * 0.95 * aH1; // −1.29475
    expectClose(out.map((o) => o.aHigh), [aH0, aH1, null]);
    expectClose(out.map((o) => o.retHigh), [-0.29475, -0.45, null]);
    expectClose(pick(out, "retTerm"), [1.8, -0.45, -0.5]);
    expectClose(pick(out, "aTerm"), [0.6, -2.65, -3.3]);
  });

  it("with bootstrap the last turn uses its own V_L, the last segment its own V_H", () => {
    const out = computeHae(B, { ...base, bootstrapTruncated: true });
    const a2 = -0.5 + 0.9 * 3 - 3; // −0.8
    const a1 = 0 + 0.9 * 3 - 2.5 + 0.9 * a2; // −0.52
    expectClose(pick(out, "aLow"), [0.3, a1, a2]);
    expectClose(pick(out, "retLow"), [1.8, 1.98, 2.2]);
    const aH1 = -0.45 + 0.81 * 2 - 2; // −0.83
    const aH0 = 0 + 0.9 * 2 - 1 + 0.9 * 0.95 * aH1; // 0.09035
    expectClose(out.map((o) => o.aHigh), [aH0, aH1, null]);
    expectClose(out.map((o) => o.retHigh), [1.09035, 1.17, null]);
    const G2 = -0.5 + 0.9 * 2; // 1.3
    expectClose(pick(out, "retTerm"), [1.8, 0 + 0.9 * G2, G2]);
    expectClose(pick(out, "aTerm"), [0.6, -1.03, -1.5]);
  });
});

describe("computeHae: penalty cases (§3.12)", () => {
  const rewards = (turns: HaeTurnIn[], config: HaeConfigInput) => pick(computeHae(turns, { ...config, normAdv: false }), "reward");

  it("normalized mode: a one-turn KEEP trajectory gets nothing", () => {
    expect(rewards([turn({ turnIdx: 0, isNewSubgoal: false, done: true })], { keepPenalty: -3.5 })).toEqual([0]);
  });

  it("fixed mode: a one-turn KEEP trajectory (turn 0) is still penalised", () => {
    expect(rewards([turn({ turnIdx: 0, isNewSubgoal: false, done: true })], { keepPenalty: -0.5, keepPenaltyMode: "fixed" })).toEqual([-0.5]);
  });

  it("normalized mode: T = 5 with 3 KEEP turns and κ = −3.5 gives −0.7 each, −2.1 in total", () => {
    const q = [true, false, true, false, false];
    const traj = q.map((isNewSubgoal, turnIdx) => turn({ turnIdx, isNewSubgoal }));
    const r = rewards(traj, { keepPenalty: -3.5 });
    expectClose(r, [0, -0.7, 0, -0.7, -0.7]);
    expect(r.reduce((a, b) => a + b, 0)).toBeCloseTo(-2.1, 12);
  });

  it("a turn 0 that says KEEP counts as KEEP for the penalty but is still a boundary", () => {
    const traj = [turn({ turnIdx: 0, isNewSubgoal: false }), turn({ turnIdx: 1, isNewSubgoal: true })];
    const out = computeHae(traj, { keepPenalty: -1, keepPenaltyMode: "normalized", normAdv: false });
    expectClose(pick(out, "reward"), [-0.5, 0]);
    expect(out.map((o) => o.isBoundary)).toEqual([true, true]);
  });

  it("consistency: an empty current span is skipped with requiresBoth, penalised without", () => {
    const traj = [turn({ turnIdx: 0, subgoalTokenIds: [1] }), turn({ turnIdx: 1, isNewSubgoal: false, subgoalTokenIds: [] })];
    expect(rewards(traj, { keepConsistencyPenalty: -0.3 })).toEqual([0, 0]);
    expect(rewards(traj, { keepConsistencyPenalty: -0.3, keepConsistencyRequiresBoth: false })).toEqual([0, -0.3]);
  });

  it("consistency compares with turn t−1 whatever it decided, and never checks SWITCH turns", () => {
    const traj = [
      turn({ turnIdx: 0, subgoalTokenIds: [1] }),
      turn({ turnIdx: 1, isNewSubgoal: false, subgoalTokenIds: [1] }), // same: no penalty
      turn({ turnIdx: 2, isNewSubgoal: false, subgoalTokenIds: [1, 2] }), // differs: penalty
      turn({ turnIdx: 3, isNewSubgoal: true, subgoalTokenIds: [5] }), // SWITCH: never checked
    ];
    expect(rewards(traj, { keepConsistencyPenalty: -0.3 })).toEqual([0, 0, -0.3, 0]);
  });

  it("the invalid penalty is applied once", () => {
    expectClose(rewards([turn({ turnIdx: 0, valid: false, envReward: 10, done: true })], {}), [9.9]);
  });
});

describe("computeHae: degenerate segmentations (§4.1)", () => {
  const r = [0, -0.1, 10];
  const vHigh = [5, 6, 8];
  const vLow = [5.5, 6.5, 8.5];
  const vTerm = [4, 5, 7];
  const build = (q: boolean[]) =>
    q.map((isNewSubgoal, t) =>
      turn({ turnIdx: t, isNewSubgoal, envReward: r[t]!, done: t === 2, vHigh: vHigh[t]!, vLow: vLow[t]!, vTerm: vTerm[t]! }),
    );

  it("all SWITCH: A^H is turn-level GAE(γ, λ_seg) on V_H; A^L and A^T are one-step TD errors", () => {
    const out = computeHae(build([true, true, true]), { gamma: 1, lamSeg: 0.95, normAdv: false });
    const aH2 = 10 - 8;
    const aH1 = -0.1 + 8 - 6 + 0.95 * aH2;
    const aH0 = 0 + 6 - 5 + 0.95 * aH1;
    expectClose(out.map((o) => o.aHigh), [aH0, aH1, aH2]); // [4.61, 3.8, 2]
    expectClose(out.map((o) => o.aHigh), turnGae({ rewards: r, values: vHigh, dones: [false, false, true] }, { gamma: 1, lam: 0.95 }).advantages);
    expectClose(pick(out, "aLow"), [0 + 6 - 5.5, -0.1 + 8 - 6.5, 10 - 8.5]); // [0.5, 1.4, 1.5]
    expectClose(pick(out, "aTerm"), [0 + 6 - 4, -0.1 + 8 - 5, 10 - 7]); // [2, 2.9, 3]
  });

  it("all SWITCH: λ_turn has no effect", () => {
    const a = computeHae(build([true, true, true]), { lamTurn: 1, normAdv: false });
    const b = computeHae(build([true, true, true]), { lamTurn: 0.1, normAdv: false });
    expectClose(pick(a, "aLow"), pick(b, "aLow"), 12);
  });

  it("single segment: A^L is turn GAE on V_L, A^H_0 the whole return, A^T Monte-Carlo", () => {
    const out = computeHae(build([true, false, false]), { gamma: 1, lamTurn: 0.95, normAdv: false });
    const aL2 = 10 - 8.5;
    const aL1 = -0.1 + 8.5 - 6.5 + 0.95 * aL2;
    const aL0 = 0 + 6.5 - 5.5 + 0.95 * aL1;
    expectClose(pick(out, "aLow"), [aL0, aL1, aL2]); // [4.15875, 3.325, 1.5]
    expectClose(out.map((o) => o.aHigh), [0 - 0.1 + 10 - 5, null, null]); // 4.9
    expectClose(pick(out, "aTerm"), [9.9 - 4, 9.9 - 5, 10 - 7]); // [5.9, 4.9, 3.0]
  });
});

describe("computeHae: edge cases", () => {
  it("a one-turn done trajectory: every advantage is r − value", () => {
    const out = computeHae([turn({ turnIdx: 0, envReward: 10, done: true, vHigh: 3, vLow: 4, vTerm: 5 })], { normAdv: false });
    expect(out[0]).toMatchObject({ aLow: 6, aHigh: 7, aTerm: 5, retLow: 10, retHigh: 10, retTerm: 10, isBoundary: true });
  });

  it("a one-turn truncated trajectory bootstraps from its own values only when asked", () => {
    const single = [turn({ turnIdx: 0, vHigh: 3, vLow: 4, vTerm: 5 })];
    const off = computeHae(single, { gamma: 0.5, normAdv: false, bootstrapTruncated: false })[0]!;
    expect(off).toMatchObject({ aLow: -4, aHigh: -3, aTerm: -5 });
    const on = computeHae(single, { gamma: 0.5, normAdv: false, bootstrapTruncated: true })[0]!;
    expect(on).toMatchObject({ aLow: 0.5 * 4 - 4, aHigh: 0.5 * 3 - 3, aTerm: 0.5 * 3 - 5, retTerm: 1.5 });
  });

  it("all KEEP after turn 0 is one segment; turn 0 stays a boundary", () => {
    const traj = [0, 1, 2, 3].map((t) => turn({ turnIdx: t, isNewSubgoal: false, envReward: t === 3 ? 1 : 0, done: t === 3 }));
    const out = computeHae(traj, { normAdv: false });
    expect(out.map((o) => o.isBoundary)).toEqual([true, false, false, false]);
    expect(out.map((o) => o.aHigh)).toEqual([1, null, null, null]);
  });

  it("turns are grouped by trajectory and ordered by turn index; output keeps input order", () => {
    const shuffled = [EXAMPLE_A[2]!, { ...EXAMPLE_A[0]!, trajId: "other" }, EXAMPLE_A[0]!, EXAMPLE_A[3]!, { ...EXAMPLE_A[1]!, trajId: "other" }, EXAMPLE_A[1]!];
    const config = { ...ALFWORLD_SHAPING, lamSeg: 0.95, normAdv: true } as const;
    const out = computeHae(shuffled, config);
    const ordered = computeHae([...EXAMPLE_A, { ...EXAMPLE_A[0]!, trajId: "other" }, { ...EXAMPLE_A[1]!, trajId: "other" }], config);
    const key = (o: HaeTurnOut) => `${o.trajId}/${o.turnIdx}`;
    const byKey = new Map(ordered.map((o) => [key(o), o]));
    for (const o of out) {
      const same = byKey.get(key(o))!;
      expect(o.aLow).toBeCloseTo(same.aLow, 12);
      expect(o.aTerm).toBeCloseTo(same.aTerm, 12);
      if (o.aHigh === null) expect(same.aHigh).toBeNull();
      else expect(o.aHigh).toBeCloseTo(same.aHigh!, 12);
    }
    expect(out.map(key)).toEqual(shuffled.map((t) => `${t.trajId}/${t.turnIdx}`));
  });

  it("turns without a subgoal span are left out of the A^H statistics", () => {
    const a = [turn({ trajId: "a", turnIdx: 0, envReward: 1, done: true })];
    const b = [turn({ trajId: "b", turnIdx: 0, envReward: 5, done: true })];
    const c = [turn({ trajId: "c", turnIdx: 0, envReward: 100, done: true, hasSubgoalSpan: false, subgoalTokenIds: [] })];
    const out = computeHae([...a, ...b, ...c], { normAdv: true });
    // S_H = {1, 5}: mean 3, popStd 2, so a → −1, b → +1, and c is scaled with the same statistics.
    expect(out[0]!.aHigh).toBeCloseTo(-1, 7);
    expect(out[1]!.aHigh).toBeCloseTo(1, 7);
    expect(out[2]!.aHigh).toBeCloseTo((100 - 3) / 2, 6);
  });

  it("a batch where no turn has a switch span leaves A^T unnormalised", () => {
    const out = computeHae([turn({ turnIdx: 0, envReward: 2, done: true, hasSwitchSpan: false })], { normAdv: true });
    expect(out[0]!.aTerm).toBe(2);
  });

  it("rejects NaN and ±Infinity with InvalidInputError", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => computeHae([turn({ turnIdx: 0, envReward: bad })])).toThrow(InvalidInputError);
      expect(() => computeHae([turn({ turnIdx: 0, vHigh: bad })])).toThrow(InvalidInputError);
      expect(() => computeHae([turn({ turnIdx: 0, vLow: bad })])).toThrow(InvalidInputError);
      expect(() => computeHae([turn({ turnIdx: 0, vTerm: bad })])).toThrow(InvalidInputError);
      expect(() => computeHae([turn({ turnIdx: 0 })], { gamma: bad })).toThrow(InvalidInputError);
    }
  });

  it("rejects duplicate turns, done before the end, and bad configs", () => {
    expect(() => computeHae([turn({ turnIdx: 0 }), turn({ turnIdx: 0 })])).toThrow(/twice/);
    expect(() => computeHae([turn({ turnIdx: 0, done: true }), turn({ turnIdx: 1 })])).toThrow(/not the last turn/);
    expect(() => computeHae([], { lamSeg: 1.5 })).toThrow(InvalidInputError);
    expect(() => computeHae([], { keepPenalty: 0.3 })).toThrow(InvalidInputError);
  });

  it("an empty batch gives an empty result", () => {
    expect(computeHae([])).toEqual([]);
  });

  it("the presets parse and carry the official numbers", () => {
    expect(() => computeHae([], HAE_PRESETS.alfworld)).not.toThrow();
    expect(HAE_PRESETS.webshop).toMatchObject({ keepPenalty: -3.5, bootstrapTruncated: false });
    expect(HAE_PRESETS.alfworld).toMatchObject({ keepPenalty: -0.3, bootstrapTruncated: true });
  });
});

describe("computeHae: the paper's switch advantage (§3.6)", () => {
  it("A^T = (q − β)(V_H − V_L(continue)); KEEP turns continue with their own V_L; turn 0 gets 0", () => {
    const traj = [
      turn({ turnIdx: 0, vHigh: 1, vLow: 2, switchProbability: 1 }),
      turn({ turnIdx: 1, isNewSubgoal: true, vHigh: 4, vLow: 3, switchProbability: 0.25, vLowContinue: 2.5 }),
      turn({ turnIdx: 2, isNewSubgoal: false, vHigh: 6, vLow: 5, switchProbability: 0.4, done: true }),
    ];
    const out = computeHae(traj, { switchAdvantage: "paper", normAdv: false });
    expectClose(pick(out, "aTerm"), [0, (1 - 0.25) * (4 - 2.5), (0 - 0.4) * (6 - 5)]);
  });

  it("needs β on later turns and V_L(continue) on SWITCH turns", () => {
    const noBeta = [turn({ turnIdx: 0 }), turn({ turnIdx: 1, isNewSubgoal: false })];
    expect(() => computeHae(noBeta, { switchAdvantage: "paper" })).toThrow(/switchProbability/);
    const noContinue = [turn({ turnIdx: 0 }), turn({ turnIdx: 1, switchProbability: 0.5 })];
    expect(() => computeHae(noContinue, { switchAdvantage: "paper" })).toThrow(/vLowContinue/);
  });
});
