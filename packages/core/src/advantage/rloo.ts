import { z } from "zod";
import { type GroupStats, groupStatistics, type ScoredRow, StatsOver } from "./group-statistics.js";
import { parseConfig } from "./parse-config.js";

/** RLOO (spec §5.5): critic-free, leave-one-out baseline. */
export const RlooConfig = z.object({
  /** Statistics over all turn rows of the group (upstream) or one score per episode. */
  statsOver: StatsOver.default("turns"),
});
export type RlooConfig = z.infer<typeof RlooConfig>;
export type RlooConfigInput = z.input<typeof RlooConfig>;

/**
 * A_i = s_i − (mean of the other n − 1 values of the group) = n/(n−1)·(s_i − μ) over rows.
 * With n = 1, A_i = s_i. A_i is broadcast to every response token of the row.
 */
export function rloo(rows: readonly ScoredRow[], configInput: RlooConfigInput = {}): number[] {
  const { statsOver } = parseConfig(RlooConfig, configInput, "RLOO");
  const { stats, own } = groupStatistics(rows, statsOver);
  return rows.map((row, i) => {
    const { count, sum } = stats.get(row.groupId) as GroupStats;
    if (count === 1) return row.score;
    const othersMean = (sum - (own[i] as number)) / (count - 1);
    return row.score - othersMean;
  });
}
