import { z } from "zod";
import { assertFinite } from "./finite.js";
import { mean, unbiasedStd } from "./statistics.js";

/**
 * Which values a group's statistics run over (spec §5.1). `turns` (upstream, the default): every
 * turn row of the group, so longer episodes weigh more. `episodes`: one score per episode, the
 * score of its first turn (what upstream reads when cross-step statistics are off).
 */
export const StatsOver = z.enum(["turns", "episodes"]);
export type StatsOver = z.infer<typeof StatsOver>;

/** A turn row with its scalar score; rows sharing `groupId` (the task) form a group. */
export interface ScoredRow {
  groupId: string;
  trajectoryId: string;
  turnIndex: number;
  score: number;
}

export interface GroupStats {
  /** n: how many values the statistics ran over (rows or episodes). */
  count: number;
  sum: number;
  mean: number;
  /** Unbiased standard deviation; 0 below two values. */
  std: number;
}

/**
 * Per-group statistics, and for each row the value it contributes to them (`own`): its score
 * for `turns`, its episode's first-turn score for `episodes`.
 */
export function groupStatistics(rows: readonly ScoredRow[], statsOver: StatsOver): { stats: Map<string, GroupStats>; own: number[] } {
  rows.forEach((row) => assertFinite(row.score, `score of turn ${row.turnIndex} of "${row.trajectoryId}"`));

  let own: number[];
  const valuesByGroup = new Map<string, number[]>();
  if (statsOver === "turns") {
    own = rows.map((row) => row.score);
    rows.forEach((row) => push(valuesByGroup, row.groupId, row.score));
  } else {
    const firstTurn = new Map<string, ScoredRow>();
    for (const row of rows) {
      const seen = firstTurn.get(row.trajectoryId);
      if (!seen || row.turnIndex < seen.turnIndex) firstTurn.set(row.trajectoryId, row);
    }
    for (const row of firstTurn.values()) push(valuesByGroup, row.groupId, row.score);
    own = rows.map((row) => (firstTurn.get(row.trajectoryId) as ScoredRow).score);
  }

  const stats = new Map<string, GroupStats>();
  for (const [groupId, values] of valuesByGroup) {
    stats.set(groupId, { count: values.length, sum: values.reduce((a, b) => a + b, 0), mean: mean(values), std: unbiasedStd(values) });
  }
  return { stats, own };
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
