import type { HaeConfig } from "./hae-config.js";
import type { HaeTurnIn } from "./hae-turn.js";

type RewardConfig = Pick<
  HaeConfig,
  "keepPenalty" | "keepPenaltyMode" | "keepConsistencyPenalty" | "keepConsistencyRequiresBoth" | "invalidPenalty"
>;

/**
 * Shaped per-turn rewards r_t of one trajectory (spec §3.2), turns in order. The terms add up:
 * KEEP penalty κ, invalid penalty c_inv, KEEP-consistency penalty κ_c. KEEP means q_t = 0,
 * including a turn 0 that says KEEP (it is still a boundary).
 */
export function shapeHaeRewards(turns: readonly HaeTurnIn[], config: RewardConfig): number[] {
  const T = turns.length;
  const keepCount = turns.filter((turn) => !turn.isNewSubgoal).length;

  return turns.map((turn, t) => {
    let reward = turn.envReward;
    const isKeep = !turn.isNewSubgoal;

    // 1. KEEP penalty: fixed κ, or κ/T per KEEP turn so the trajectory total is κ·n_keep/T.
    if (isKeep && config.keepPenalty !== 0) {
      if (config.keepPenaltyMode === "fixed") reward += config.keepPenalty;
      else if (T >= 2 && keepCount >= 1) reward += config.keepPenalty / T;
    }

    // 2. Invalid penalty, applied once to the raw reward.
    if (!turn.valid) reward -= config.invalidPenalty;

    // 3. KEEP-consistency: a KEEP turn must copy turn t−1's subgoal tokens (whatever t−1 decided).
    if (isKeep && t >= 1 && config.keepConsistencyPenalty !== 0) {
      const current = turn.subgoalTokenIds;
      const previous = (turns[t - 1] as HaeTurnIn).subgoalTokenIds;
      const skip = config.keepConsistencyRequiresBoth && (current.length === 0 || previous.length === 0);
      if (!skip && (current.length === 0 || !sameTokens(current, previous))) reward += config.keepConsistencyPenalty;
    }
    return reward;
  });
}

function sameTokens(a: readonly (number | string)[], b: readonly (number | string)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
