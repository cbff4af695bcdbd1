import { z } from "zod";
import { InvalidInputError } from "../errors/index.js";
import { assertFinite } from "./finite.js";
import { type ScoredRow, StatsOver } from "./group-statistics.js";
import { grpo } from "./grpo.js";
import { parseConfig } from "./parse-config.js";
import { sequenceMatcherRatio } from "./sequence-matcher.js";
import { mean, unbiasedStd } from "./statistics.js";

/** GiGPO (spec §5.6; arXiv 2505.10978): episode-relative plus anchor-state-relative advantages. */
export const GigpoConfig = z.object({
  /** `mean_std_norm`: divide by the unbiased std + ε; `mean_norm`: only subtract the mean. */
  mode: z.enum(["mean_std_norm", "mean_norm"]).default("mean_std_norm"),
  /** γ of the step returns R_t. */
  gamma: z.number().min(0).max(1).default(0.95),
  /** ω: weight of the step term. */
  omega: z.number().default(1.0),
  /** ε added to the std. */
  epsilon: z.number().positive().default(1e-6),
  /** Episode-term statistics over all turn rows of the group (upstream) or one score per episode. */
  statsOver: StatsOver.default("turns"),
  /** Merge anchors whose SequenceMatcher ratio with a cluster's first member is ≥ this; null: exact match only. */
  similarityThreshold: z.number().gt(0).lt(1).nullable().default(null),
});
export type GigpoConfig = z.infer<typeof GigpoConfig>;
export type GigpoConfigInput = z.input<typeof GigpoConfig>;

export interface GigpoRow extends ScoredRow {
  /** Raw environment reward of this turn (§1.5). */
  envReward: number;
  /** The row's own penalty (≤ 0, see `rowPenalty`), added to R_t after discounting. */
  penalty: number;
  /** The raw observation the agent saw at this turn: no prompt, no history. */
  anchor: string;
}

export interface GigpoResult {
  /** A_i = A^E_i + ω·A^S_i. */
  advantages: number[];
  episodeAdvantages: number[];
  stepAdvantages: number[];
  /** R_t = Σ_{k ≥ t} γ^{k−t} r_k + penalty_t. */
  stepReturns: number[];
}

export function gigpo(rows: readonly GigpoRow[], configInput: GigpoConfigInput = {}): GigpoResult {
  const config = parseConfig(GigpoConfig, configInput, "GiGPO");
  const { mode, gamma, omega, epsilon } = config;
  rows.forEach((row) => {
    assertFinite(row.envReward, `GiGPO reward of turn ${row.turnIndex} of "${row.trajectoryId}"`);
    assertFinite(row.penalty, `GiGPO penalty of turn ${row.turnIndex} of "${row.trajectoryId}"`);
  });

  // 1. episode term: GRPO's statistics, with or without the std
  const episodeAdvantages = grpo(rows, { normByStd: mode === "mean_std_norm", epsilon, statsOver: config.statsOver });

  // 2. step returns inside each trajectory over the raw rewards; the row's own penalty after discounting
  const stepReturns = new Array<number>(rows.length).fill(0);
  for (const indices of groupIndices(rows, (row) => row.trajectoryId)) {
    indices.sort((a, b) => (rows[a] as GigpoRow).turnIndex - (rows[b] as GigpoRow).turnIndex);
    let runningReturn = 0;
    for (let p = indices.length - 1; p >= 0; p--) {
      const i = indices[p] as number;
      const row = rows[i] as GigpoRow;
      if (p > 0 && (rows[indices[p - 1] as number] as GigpoRow).turnIndex === row.turnIndex) {
        throw new InvalidInputError(`GiGPO: trajectory "${row.trajectoryId}" has turn ${row.turnIndex} twice`);
      }
      runningReturn = row.envReward + gamma * runningReturn;
      stepReturns[i] = runningReturn + row.penalty;
    }
  }

  // 3. anchor groups inside each episode group; 4. step term, 0 for singletons
  const stepAdvantages = new Array<number>(rows.length).fill(0);
  for (const episodeGroup of groupIndices(rows, (row) => row.groupId)) {
    for (const stepGroup of anchorGroups(rows, episodeGroup, config.similarityThreshold)) {
      if (stepGroup.length < 2) continue;
      const returns = stepGroup.map((i) => stepReturns[i] as number);
      const mu = mean(returns);
      const scale = mode === "mean_std_norm" ? unbiasedStd(returns) + epsilon : 1;
      for (const i of stepGroup) stepAdvantages[i] = ((stepReturns[i] as number) - mu) / scale;
    }
  }

  // 5. combination
  const advantages = rows.map((_, i) => (episodeAdvantages[i] as number) + omega * (stepAdvantages[i] as number));
  return { advantages, episodeAdvantages, stepAdvantages, stepReturns };
}

/**
 * Rows of one episode group clustered by anchor: exact string equality, or greedy similarity
 * against each cluster's first member. Rows are visited in (trajectory, turn) order, so the
 * clusters do not depend on the batch order.
 */
function anchorGroups(rows: readonly GigpoRow[], indices: readonly number[], threshold: number | null): number[][] {
  const ordered = [...indices].sort((a, b) => compareRows(rows[a] as GigpoRow, rows[b] as GigpoRow));
  if (threshold === null) {
    const byAnchor = new Map<string, number[]>();
    for (const i of ordered) {
      const anchor = (rows[i] as GigpoRow).anchor;
      const members = byAnchor.get(anchor);
      if (members) members.push(i);
      else byAnchor.set(anchor, [i]);
    }
    return [...byAnchor.values()];
  }
  const clusters: { first: string; members: number[] }[] = [];
  for (const i of ordered) {
    const anchor = (rows[i] as GigpoRow).anchor;
    const cluster = clusters.find((c) => c.first === anchor || similarEnough(anchor, c.first, threshold));
    if (cluster) cluster.members.push(i);
    else clusters.push({ first: anchor, members: [i] });
  }
  return clusters.map((cluster) => cluster.members);
}

/** ratio ≥ threshold, skipping the full comparison when the lengths alone rule it out (ratio ≤ 2·min/(sum)). */
function similarEnough(a: string, b: string, threshold: number): boolean {
  const [la, lb] = [Array.from(a).length, Array.from(b).length];
  if (la + lb > 0 && (2 * Math.min(la, lb)) / (la + lb) < threshold) return false;
  return sequenceMatcherRatio(a, b) >= threshold;
}

function compareRows(a: ScoredRow, b: ScoredRow): number {
  if (a.trajectoryId !== b.trajectoryId) return a.trajectoryId < b.trajectoryId ? -1 : 1;
  return a.turnIndex - b.turnIndex;
}

/** Indices of `items` grouped by key, groups in order of first appearance. */
function groupIndices<T>(items: readonly T[], key: (item: T) => string): number[][] {
  const groups = new Map<string, number[]>();
  items.forEach((item, i) => {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(i);
    else groups.set(k, [i]);
  });
  return [...groups.values()];
}
