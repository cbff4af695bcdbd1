import { z } from "zod";
import { InvalidInputError } from "../errors/index.js";
import { assertAllFinite } from "./finite.js";
import { parseConfig } from "./parse-config.js";
import { whiten } from "./statistics.js";

/** Flat turn-level GAE (`turn_gae`, spec §5.3): the HAE comparator. */
export const TurnGaeConfig = z.object({
  /** γ: discount per turn. */
  gamma: z.number().min(0).max(1).default(1.0),
  /** λ: GAE λ across turns. */
  lam: z.number().min(0).max(1).default(1.0),
  /** Whiten A over all turns of the batch: (A − mean) / sqrt(var_unbiased + 1e-8). */
  normAdv: z.boolean().default(true),
});
export type TurnGaeConfig = z.infer<typeof TurnGaeConfig>;
export type TurnGaeConfigInput = z.input<typeof TurnGaeConfig>;

/** One trajectory's turns in order: per-turn reward (`multi_turn` manager), V(t) at index 0, done. */
export interface TurnGaeTrajectory {
  rewards: readonly number[];
  values: readonly number[];
  dones: readonly boolean[];
}

/**
 * GAE over the turns of one trajectory, raw (not whitened). V(T) := 0: there is no truncation
 * bootstrap, and the recursion resets at done.
 *
 *   δ_t = r_t + γ·(1 − d_t)·V(t+1) − V(t)
 *   A_t = δ_t + γ·λ·(1 − d_t)·A_{t+1}
 */
export function turnGae(trajectory: TurnGaeTrajectory, configInput: TurnGaeConfigInput = {}): { advantages: number[]; returns: number[] } {
  return turnGaeParsed(trajectory, parseConfig(TurnGaeConfig, configInput, "turn_gae"));
}

function turnGaeParsed(trajectory: TurnGaeTrajectory, { gamma, lam }: TurnGaeConfig): { advantages: number[]; returns: number[] } {
  const { rewards, values, dones } = trajectory;
  const T = rewards.length;
  if (values.length !== T || dones.length !== T) {
    throw new InvalidInputError(`turn_gae: rewards, values and dones must have one entry per turn (${T}, ${values.length}, ${dones.length})`);
  }
  assertAllFinite(rewards, "turn_gae rewards");
  assertAllFinite(values, "turn_gae values");

  const advantages = new Array<number>(T).fill(0);
  let advantageNext = 0;
  for (let t = T - 1; t >= 0; t--) {
    const notDone = dones[t] ? 0 : 1;
    const valueNext = t + 1 < T ? (values[t + 1] as number) : 0; // V(T) := 0
    const delta = (rewards[t] as number) + gamma * notDone * valueNext - (values[t] as number);
    advantageNext = delta + gamma * lam * notDone * advantageNext;
    advantages[t] = advantageNext;
  }
  // Value target A_t + V(t), from the raw advantage, placed at response index 0.
  const returns = advantages.map((advantage, t) => advantage + (values[t] as number));
  return { advantages, returns };
}

/** {@link turnGae} over a batch of trajectories, then whitening over all turns when `normAdv`. */
export function turnGaeBatch(
  trajectories: readonly TurnGaeTrajectory[],
  configInput: TurnGaeConfigInput = {},
): { advantages: number[][]; returns: number[][] } {
  const config = parseConfig(TurnGaeConfig, configInput, "turn_gae");
  const raw = trajectories.map((trajectory) => turnGaeParsed(trajectory, config));
  if (!config.normAdv) return { advantages: raw.map((r) => r.advantages), returns: raw.map((r) => r.returns) };
  const flat = whiten(raw.flatMap((r) => r.advantages));
  let offset = 0;
  const advantages = raw.map((r) => {
    const slice = flat.slice(offset, offset + r.advantages.length);
    offset += r.advantages.length;
    return slice;
  });
  return { advantages, returns: raw.map((r) => r.returns) };
}
