import { z } from "zod";
import { assertFinite } from "./finite.js";

/**
 * Reward plumbing of the flat baselines (spec §5.1, §5.7). Every row's own penalty is
 * `−c_inv·(1 − valid) + κ·[env-side switch is exactly KEEP]`; κ is only non-zero for the
 * "+ Plan-Execute prompt" ablation arms (−0.3 upstream).
 */
export const BaselineRewardConfig = z.object({
  /** c_inv (≥ 0): subtracted from an invalid row's score. */
  invalidPenalty: z.number().min(0).default(0.1),
  /** κ (≤ 0), fixed: added to rows whose env-side switch is exactly KEEP (§5.7). */
  keepPenalty: z.number().max(0).default(0),
});
export type BaselineRewardConfig = z.infer<typeof BaselineRewardConfig>;

/** `algorithm.keep_penalty` of upstream's "+ Plan-Execute prompt" GRPO/GiGPO runs (§5.7). */
export const PLAN_EXECUTE_PROMPT_KEEP_PENALTY = -0.3;

export interface RewardRow {
  trajectoryId: string;
  turnIndex: number;
  /** Raw environment reward (§1.5). */
  envReward: number;
  /** Environment-side validity (§1.4). */
  valid: boolean;
  /** Environment-side switch (§1.4); only exactly "KEEP" is penalised. */
  envSwitch?: string;
}

/** The row's own penalty (≤ 0): invalid penalty plus the Plan-Execute-prompt KEEP penalty. */
export function rowPenalty(row: RewardRow, config: BaselineRewardConfig): number {
  return -config.invalidPenalty * (row.valid ? 0 : 1) + (row.envSwitch === "KEEP" ? config.keepPenalty : 0);
}

/**
 * The `episode` reward manager (PPO, GRPO, RLOO, GiGPO): s_i = R_ep(i) + penalty_i, where
 * R_ep is the sum of the raw rewards of the row's whole episode.
 */
export function episodeRewardScores(rows: readonly RewardRow[], config: BaselineRewardConfig): number[] {
  const episodeReturn = new Map<string, number>();
  rows.forEach((row) => {
    assertFinite(row.envReward, `reward of turn ${row.turnIndex} of "${row.trajectoryId}"`);
    episodeReturn.set(row.trajectoryId, (episodeReturn.get(row.trajectoryId) ?? 0) + row.envReward);
  });
  return rows.map((row) => (episodeReturn.get(row.trajectoryId) as number) + rowPenalty(row, config));
}

/** The `multi_turn` reward manager (turn_gae): r_t + penalty_t. */
export function multiTurnRewards(rows: readonly RewardRow[], config: BaselineRewardConfig): number[] {
  return rows.map((row) => {
    assertFinite(row.envReward, `reward of turn ${row.turnIndex} of "${row.trajectoryId}"`);
    return row.envReward + rowPenalty(row, config);
  });
}
