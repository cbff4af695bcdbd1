import { z } from "zod";
import { assertAllFinite, assertFinite } from "./finite.js";
import { parseConfig } from "./parse-config.js";
import { whiten } from "./statistics.js";

/**
 * Token-level GAE with the episode reward (spec §5.2): upstream's "PPO" baseline (verl's
 * adv_estimator `gae` fed by the `episode` reward manager). GAE runs inside each turn's
 * response only; nothing is propagated across turns.
 */
export const EpisodeRewardTokenGaeConfig = z.object({
  /** γ: discount per token. */
  gamma: z.number().min(0).max(1).default(1.0),
  /** λ: GAE λ per token. */
  lam: z.number().min(0).max(1).default(1.0),
  /** Whiten over all valid response tokens of the batch: (A − mean) / sqrt(var_unbiased + 1e-8). */
  normAdv: z.boolean().default(true),
});
export type EpisodeRewardTokenGaeConfig = z.infer<typeof EpisodeRewardTokenGaeConfig>;
export type EpisodeRewardTokenGaeConfigInput = z.input<typeof EpisodeRewardTokenGaeConfig>;

/** One turn row: its episode-manager score s_i (§5.1) and the critic's V(j) at each valid response token. */
export interface TokenGaeRow {
  score: number;
  values: readonly number[];
}

/**
 * The token reward is s_i on the last valid token and 0 elsewhere; V(L) := 0. With γ = λ = 1
 * this is A_j = s_i − V(j) on every token. Value targets are A_j + V(j) (= s_i when γ = λ = 1).
 */
export function episodeRewardTokenGae(
  rows: readonly TokenGaeRow[],
  configInput: EpisodeRewardTokenGaeConfigInput = {},
): { advantages: number[][]; returns: number[][] } {
  const { gamma, lam, normAdv } = parseConfig(EpisodeRewardTokenGaeConfig, configInput, "token GAE");
  const advantages: number[][] = [];
  const returns: number[][] = [];
  rows.forEach((row, i) => {
    assertFinite(row.score, `token GAE row ${i} score`);
    assertAllFinite(row.values, `token GAE row ${i} values`);
    const L = row.values.length;
    const rowAdvantages = new Array<number>(L).fill(0);
    let advantageNext = 0;
    for (let j = L - 1; j >= 0; j--) {
      const reward = j === L - 1 ? row.score : 0;
      const valueNext = j + 1 < L ? (row.values[j + 1] as number) : 0;
      const delta = reward + gamma * valueNext - (row.values[j] as number);
      advantageNext = delta + gamma * lam * advantageNext;
      rowAdvantages[j] = advantageNext;
    }
    advantages.push(rowAdvantages);
    returns.push(rowAdvantages.map((advantage, j) => advantage + (row.values[j] as number)));
  });
  if (!normAdv) return { advantages, returns };

  const whitened = whiten(advantages.flat());
  let offset = 0;
  return {
    advantages: advantages.map((row) => {
      const slice = whitened.slice(offset, offset + row.length);
      offset += row.length;
      return slice;
    }),
    returns,
  };
}
