import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/index.js";
import { SeededRandom } from "../util/seeded-random.js";
import { BaselineRewardConfig, episodeRewardScores, multiTurnRewards, type RewardRow, rowPenalty } from "./episode-reward.js";
import { type GigpoRow, gigpo } from "./gigpo.js";
import type { ScoredRow } from "./group-statistics.js";
import { grpo } from "./grpo.js";
import { rloo } from "./rloo.js";

const expectClose = (actual: readonly number[], expected: readonly number[], digits = 6) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, digits));
};

// §5.9: episode 1 has anchors A, B, C, rewards [0, 0, 10], all valid; episode 2 has anchors A, D,
// rewards [0, 0], and its turn 2 is invalid. One group.
const REWARD_ROWS: (RewardRow & { anchor: string })[] = [
  { trajectoryId: "ep1", turnIndex: 0, envReward: 0, valid: true, anchor: "A" },
  { trajectoryId: "ep1", turnIndex: 1, envReward: 0, valid: true, anchor: "B" },
  { trajectoryId: "ep1", turnIndex: 2, envReward: 10, valid: true, anchor: "C" },
  { trajectoryId: "ep2", turnIndex: 0, envReward: 0, valid: true, anchor: "A" },
  { trajectoryId: "ep2", turnIndex: 1, envReward: 0, valid: false, anchor: "D" },
];
const REWARD_CONFIG = BaselineRewardConfig.parse({});
const SCORES = episodeRewardScores(REWARD_ROWS, REWARD_CONFIG);
const SCORED: ScoredRow[] = REWARD_ROWS.map((row, i) => ({ groupId: "task", trajectoryId: row.trajectoryId, turnIndex: row.turnIndex, score: SCORES[i]! }));
const GIGPO_ROWS: GigpoRow[] = SCORED.map((row, i) => ({
  ...row,
  envReward: REWARD_ROWS[i]!.envReward,
  penalty: rowPenalty(REWARD_ROWS[i]!, REWARD_CONFIG),
  anchor: REWARD_ROWS[i]!.anchor,
}));

// Hand statistics of s = [10, 10, 10, 0, −0.1].
const MU = (10 + 10 + 10 + 0 - 0.1) / 5; // 5.98
const SIGMA = Math.sqrt((3 * (10 - MU) ** 2 + (0 - MU) ** 2 + (-0.1 - MU) ** 2) / 4); // 5.5047252

describe("the §5.9 worked example", () => {
  it("row scores: the episode outcome minus the row's own invalid penalty", () => {
    expect(SCORES).toEqual([10, 10, 10, 0, -0.1]);
    expect(MU).toBeCloseTo(5.98, 12);
    expect(SIGMA).toBeCloseTo(5.5047252, 7);
  });

  it("GRPO: (s − μ)/(σ + 1e-6)", () => {
    const advantages = grpo(SCORED);
    expectClose(advantages, SCORES.map((s) => (s - MU) / (SIGMA + 1e-6)));
    expectClose(advantages, [0.7302815, 0.7302815, 0.7302815, -1.0863392, -1.1045054]);
    expectClose(grpo(SCORED, { normByStd: false }), SCORES.map((s) => s - MU), 12);
  });

  it("RLOO (n = 5): s minus the mean of the other rows", () => {
    expectClose(rloo(SCORED), [10 - 19.9 / 4, 10 - 19.9 / 4, 10 - 19.9 / 4, 0 - 29.9 / 4, -0.1 - 30 / 4], 12);
    expectClose(rloo(SCORED), [5.025, 5.025, 5.025, -7.475, -7.6], 12);
  });

  it("GiGPO step returns (γ = 0.95), penalty after discounting", () => {
    const { stepReturns } = gigpo(GIGPO_ROWS, { gamma: 0.95 });
    expectClose(stepReturns, [0.95 ** 2 * 10, 0.95 * 10, 10, 0, 0 - 0.1], 12); // [9.025, 9.5, 10, 0, −0.1]
  });

  it("GiGPO mean_std_norm: step group A = {9.025, 0} gives ±0.7071066; singletons 0", () => {
    const { stepAdvantages, advantages } = gigpo(GIGPO_ROWS, { mode: "mean_std_norm" });
    const groupMean = 9.025 / 2;
    const groupStd = Math.sqrt(2 * groupMean ** 2); // unbiased, n = 2
    expectClose(stepAdvantages, [groupMean / (groupStd + 1e-6), 0, 0, -groupMean / (groupStd + 1e-6), 0]);
    expectClose(stepAdvantages, [0.7071066, 0, 0, -0.7071066, 0]);
    expectClose(advantages, [1.4373882, 0.7302815, 0.7302815, -1.7934459, -1.1045054]);
  });

  it("GiGPO mean_norm: ±4.5125 and the totals", () => {
    const { stepAdvantages, episodeAdvantages, advantages } = gigpo(GIGPO_ROWS, { mode: "mean_norm" });
    expectClose(stepAdvantages, [4.5125, 0, 0, -4.5125, 0], 9);
    expectClose(episodeAdvantages, SCORES.map((s) => s - MU), 9);
    expectClose(advantages, [8.5325, 4.02, 4.02, -10.4925, -6.08], 9);
  });

  it("ω weighs the step term", () => {
    const { advantages } = gigpo(GIGPO_ROWS, { mode: "mean_norm", omega: 0.5 });
    expectClose(advantages, [4.02 + 0.5 * 4.5125, 4.02, 4.02, -5.98 - 0.5 * 4.5125, -6.08], 9);
  });
});

describe("group baselines: edge cases", () => {
  const row = (groupId: string, trajectoryId: string, turnIndex: number, score: number): ScoredRow => ({ groupId, trajectoryId, turnIndex, score });

  it("a single-row group gets μ = 0, σ = 1 (GRPO) and A = s (RLOO)", () => {
    expectClose(grpo([row("g", "t", 0, 4)]), [4 / (1 + 1e-6)], 12);
    expect(rloo([row("g", "t", 0, 4)])).toEqual([4]);
    const { advantages, stepAdvantages } = gigpo([{ ...row("g", "t", 0, 4), envReward: 4, penalty: 0, anchor: "x" }], { mode: "mean_norm" });
    expect(stepAdvantages).toEqual([0]);
    expect(advantages).toEqual([4]);
  });

  it("a single-episode group: rows are the values over turns, one value (μ = 0, σ = 1) over episodes", () => {
    const rows = [row("g", "only", 0, 10), row("g", "only", 1, 9.9)];
    expectClose(grpo(rows, { normByStd: false }), [10 - 9.95, 9.9 - 9.95], 12);
    expectClose(rloo(rows), [10 - 9.9, 9.9 - 10], 12);
    expectClose(grpo(rows, { statsOver: "episodes" }), [10 / (1 + 1e-6), 9.9 / (1 + 1e-6)], 12);
    expect(rloo(rows, { statsOver: "episodes" })).toEqual([10, 9.9]);
  });

  it("empty batches give empty results", () => {
    expect(grpo([])).toEqual([]);
    expect(rloo([])).toEqual([]);
    expect(gigpo([]).advantages).toEqual([]);
  });

  it("equal scores give 0, not NaN", () => {
    expect(grpo([row("g", "a", 0, 3), row("g", "b", 0, 3)])).toEqual([0, 0]);
    expect(rloo([row("g", "a", 0, 3), row("g", "b", 0, 3)])).toEqual([0, 0]);
  });

  it("groups do not mix", () => {
    const rows = [row("g1", "a", 0, 1), row("g1", "b", 0, 3), row("g2", "c", 0, 100), row("g2", "d", 0, 300)];
    expectClose(grpo(rows, { normByStd: false }), [-1, 1, -100, 100], 12);
    expectClose(rloo(rows), [1 - 3, 3 - 1, 100 - 300, 300 - 100], 12);
  });

  it("statsOver 'episodes': one value per episode, its first turn's score", () => {
    // Episode a: 3 rows scoring 10 (turn 0), 10, 9.9 (invalid); episode b: 1 row scoring 0.
    const rows = [row("g", "a", 1, 10), row("g", "a", 0, 10), row("g", "a", 2, 9.9), row("g", "b", 0, 0)];
    // Over episodes: values {10, 0}, μ = 5, σ = sqrt(50).
    expectClose(grpo(rows, { statsOver: "episodes" }), [10, 10, 9.9, 0].map((s) => (s - 5) / (Math.sqrt(50) + 1e-6)), 12);
    // Over turns: values {10, 10, 9.9, 0}.
    const mu = 29.9 / 4;
    expectClose(grpo(rows, { normByStd: false }), [10, 10, 9.9, 0].map((s) => s - mu), 12);
    // RLOO over episodes: the baseline is the other episode's score.
    expectClose(rloo(rows, { statsOver: "episodes" }), [10 - 0, 10 - 0, 9.9 - 0, 0 - 10], 12);
  });

  it("similarity grouping merges near-identical anchors (ratio ≥ threshold) against each cluster's first member", () => {
    const rows: GigpoRow[] = [
      { ...row("g", "a", 0, 0), envReward: 0, penalty: 0, anchor: "You are in the kitchen. You see a mug 1." },
      { ...row("g", "b", 0, 0), envReward: 4, penalty: 0, anchor: "You are in the kitchen. You see a mug 2." },
      { ...row("g", "c", 0, 0), envReward: 8, penalty: 0, anchor: "Something else entirely." },
    ];
    expect(gigpo(rows, { mode: "mean_norm" }).stepAdvantages).toEqual([0, 0, 0]); // exact: three singletons
    const merged = gigpo(rows, { mode: "mean_norm", similarityThreshold: 0.95 }).stepAdvantages;
    expectClose(merged, [-2, 2, 0], 12); // a and b share a cluster: mean 2
  });

  it("rejects NaN and ±Infinity", () => {
    expect(() => grpo([row("g", "a", 0, Number.NaN)])).toThrow(InvalidInputError);
    expect(() => rloo([row("g", "a", 0, Number.POSITIVE_INFINITY)])).toThrow(InvalidInputError);
    expect(() => gigpo([{ ...row("g", "a", 0, 0), envReward: Number.NEGATIVE_INFINITY, penalty: 0, anchor: "" }])).toThrow(InvalidInputError);
    expect(() => episodeRewardScores([{ trajectoryId: "a", turnIndex: 0, envReward: Number.NaN, valid: true }], REWARD_CONFIG)).toThrow(InvalidInputError);
    expect(() => grpo([], { epsilon: 0 })).toThrow(InvalidInputError);
    const twice = { ...row("g", "a", 0, 0), envReward: 0, penalty: 0, anchor: "" };
    expect(() => gigpo([twice, twice])).toThrow(/twice/);
  });
});

describe("reward managers (§5.1, §5.7)", () => {
  it("multi_turn: r_t minus the invalid penalty; the Plan-Execute prompt adds κ to env-side KEEP rows", () => {
    const rows: RewardRow[] = [
      { trajectoryId: "a", turnIndex: 0, envReward: 0, valid: true, envSwitch: "SWITCH" },
      { trajectoryId: "a", turnIndex: 1, envReward: 0, valid: false, envSwitch: "" },
      { trajectoryId: "a", turnIndex: 2, envReward: 10, valid: true, envSwitch: "KEEP" },
    ];
    expect(multiTurnRewards(rows, REWARD_CONFIG)).toEqual([0, -0.1, 10]);
    const keep = BaselineRewardConfig.parse({ keepPenalty: -0.3 });
    expect(multiTurnRewards(rows, keep)).toEqual([0, -0.1, 10 - 0.3]);
    expect(episodeRewardScores(rows, keep)).toEqual([10, 10 - 0.1, 10 - 0.3]);
  });
});

describe("properties (seeded random groups)", () => {
  const random = new SeededRandom(7);
  /** 1–10 episodes of 1–6 turns in up to 4 groups; an episode's rows share its outcome, minus invalid penalties. */
  const randomRows = (): ScoredRow[] =>
    Array.from({ length: 1 + random.int(10) }, (_, e) => {
      const groupId = `g${random.int(4)}`;
      const outcome = random.int(3) === 0 ? 10 : 0;
      return Array.from({ length: 1 + random.int(6) }, (_, turnIndex) => ({
        groupId,
        trajectoryId: `t${e}`,
        turnIndex,
        score: outcome - 0.1 * random.int(2),
      }));
    }).flat();
  const sumsByGroup = (rows: readonly ScoredRow[], values: readonly number[]) => {
    const sums = new Map<string, { sum: number; count: number }>();
    rows.forEach((row, i) => {
      const entry = sums.get(row.groupId) ?? { sum: 0, count: 0 };
      entry.sum += values[i]!;
      entry.count++;
      sums.set(row.groupId, entry);
    });
    return [...sums.values()];
  };

  it("GRPO and RLOO advantages sum to 0 in every group of two or more rows", () => {
    for (let trial = 0; trial < 200; trial++) {
      const rows = randomRows();
      for (const advantages of [grpo(rows), grpo(rows, { normByStd: false }), rloo(rows)]) {
        for (const { sum, count } of sumsByGroup(rows, advantages)) if (count >= 2) expect(Math.abs(sum)).toBeLessThan(1e-9);
      }
    }
  });

  it("RLOO equals n/(n − 1)·(s − μ) over rows", () => {
    for (let trial = 0; trial < 100; trial++) {
      const rows = randomRows();
      const advantages = rloo(rows);
      rows.forEach((row, i) => {
        const group = rows.filter((other) => other.groupId === row.groupId);
        const n = group.length;
        if (n < 2) return;
        const mu = group.reduce((s, r) => s + r.score, 0) / n;
        expect(advantages[i]).toBeCloseTo((n / (n - 1)) * (row.score - mu), 9);
      });
    }
  });

  it("GRPO, RLOO and GiGPO do not depend on the batch order", () => {
    for (let trial = 0; trial < 50; trial++) {
      const rows: GigpoRow[] = randomRows().map((row) => ({ ...row, envReward: row.score, penalty: 0, anchor: `obs${random.int(3)}` }));
      const order = random.shuffle(rows.map((_, i) => i));
      const shuffled = order.map((i) => rows[i]!);
      for (const run of [(r: GigpoRow[]) => grpo(r), (r: GigpoRow[]) => rloo(r), (r: GigpoRow[]) => gigpo(r, { similarityThreshold: 0.5 }).advantages]) {
        const base = run(rows);
        const permuted = run(shuffled);
        order.forEach((original, position) => expect(permuted[position]).toBeCloseTo(base[original]!, 9));
      }
    }
  });
});
