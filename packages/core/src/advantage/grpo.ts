import { z } from "zod";
import { type GroupStats, groupStatistics, type ScoredRow, StatsOver } from "./group-statistics.js";
import { parseConfig } from "./parse-config.js";

/** GRPO (spec §5.4): critic-free, group-relative. */
export const GrpoConfig = z.object({
  /** Divide by the group's unbiased std + ε (`norm_adv_by_std`); else only subtract the mean. */
  normByStd: z.boolean().default(true),
  /** ε added to the std. */
  epsilon: z.number().positive().default(1e-6),
  /** Statistics over all turn rows of the group (upstream) or one score per episode. */
  statsOver: StatsOver.default("turns"),
});
export type GrpoConfig = z.infer<typeof GrpoConfig>;
export type GrpoConfigInput = z.input<typeof GrpoConfig>;

/**
 * A_i = (s_i − μ_G) / (σ_G + ε), or s_i − μ_G without the std. A group with a single value gets
 * μ = 0, σ = 1. A_i is broadcast to every response token of the row.
 */
export function grpo(rows: readonly ScoredRow[], configInput: GrpoConfigInput = {}): number[] {
  const { normByStd, epsilon, statsOver } = parseConfig(GrpoConfig, configInput, "GRPO");
  const { stats } = groupStatistics(rows, statsOver);
  return rows.map((row) => {
    const group = stats.get(row.groupId) as GroupStats;
    const [mu, sigma] = group.count === 1 ? [0, 1] : [group.mean, group.std];
    return normByStd ? (row.score - mu) / (sigma + epsilon) : row.score - mu;
  });
}
