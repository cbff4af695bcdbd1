import { InvalidInputError } from "../errors/index.js";
import { assertAllFinite } from "./finite.js";

/** PPO actor loss settings (spec §3.10), shared by HAE and the PPO-family baselines. */
export interface ActorLossConfig {
  /** ε: the ratio is clipped to [1 − ε, 1 + ε]. */
  clipRatio: number;
  /** c: dual clip; for A < 0 the loss is at most −c·A. */
  dualClip: number;
  /** Entropy bonus coefficient. */
  entropyCoef: number;
  /** KL loss coefficient (k3, "low_var_kl", against the reference policy). */
  klCoef: number;
}

export const ACTOR_LOSS_DEFAULTS: ActorLossConfig = { clipRatio: 0.2, dualClip: 3, entropyCoef: 0.001, klCoef: 0.01 };

/** Per-token inputs of one micro-batch, flattened; `mask` is the loss mask (§2.5 for HAE). */
export interface ActorLossBatch {
  logProbs: readonly number[];
  oldLogProbs: readonly number[];
  refLogProbs: readonly number[];
  advantages: readonly number[];
  entropies: readonly number[];
  mask: readonly boolean[];
}

export interface ActorLoss {
  loss: number;
  policyLoss: number;
  entropy: number;
  kl: number;
  /** Fraction of masked tokens where the clipped term won (verl's pg_clipfrac). */
  clipFraction: number;
}

/**
 * On plain numbers (the trainer ports it to tensors):
 *
 *   ρ      = exp(logπ − logπ_old)
 *   ℓ_clip = max(−A·ρ, −A·clip(ρ, 1 − ε, 1 + ε))
 *   ℓ_pg   = A < 0 ? min(ℓ_clip, −c·A) : ℓ_clip
 *   kl     = clamp(exp(logπ_ref − logπ) − (logπ_ref − logπ) − 1, −10, 10)
 *   loss   = tokenMean(ℓ_pg) − entropyCoef·tokenMean(entropy) + klCoef·tokenMean(kl)
 *
 * tokenMean averages over the masked tokens; with none, every mean is 0.
 */
export function ppoActorLoss(batch: ActorLossBatch, config: ActorLossConfig = ACTOR_LOSS_DEFAULTS): ActorLoss {
  const n = batch.logProbs.length;
  for (const key of ["oldLogProbs", "refLogProbs", "advantages", "entropies", "mask"] as const) {
    if (batch[key].length !== n) throw new InvalidInputError(`ppoActorLoss: ${key} must have one entry per token (${n})`);
  }
  assertAllFinite(batch.logProbs, "logProbs");
  assertAllFinite(batch.oldLogProbs, "oldLogProbs");
  assertAllFinite(batch.refLogProbs, "refLogProbs");
  assertAllFinite(batch.advantages, "advantages");
  assertAllFinite(batch.entropies, "entropies");

  let [policySum, entropySum, klSum, clipped, count] = [0, 0, 0, 0, 0];
  for (let j = 0; j < n; j++) {
    if (!batch.mask[j]) continue;
    const A = batch.advantages[j] as number;
    const logProb = batch.logProbs[j] as number;
    // policy loss
    const ratio = Math.exp(logProb - (batch.oldLogProbs[j] as number));
    const ratioClipped = Math.min(Math.max(ratio, 1 - config.clipRatio), 1 + config.clipRatio);
    const lossClip = Math.max(-A * ratio, -A * ratioClipped);
    const lossPolicy = A < 0 ? Math.min(lossClip, -config.dualClip * A) : lossClip;
    // KL to the reference (k3)
    const logRatioRef = (batch.refLogProbs[j] as number) - logProb;
    const kl = Math.min(Math.max(Math.exp(logRatioRef) - logRatioRef - 1, -10), 10);

    policySum += lossPolicy;
    entropySum += batch.entropies[j] as number;
    klSum += kl;
    if (-A * ratioClipped > -A * ratio) clipped++;
    count++;
  }
  if (count === 0) return { loss: 0, policyLoss: 0, entropy: 0, kl: 0, clipFraction: 0 };
  const [policyLoss, entropy, kl] = [policySum / count, entropySum / count, klSum / count];
  return { loss: policyLoss - config.entropyCoef * entropy + config.klCoef * kl, policyLoss, entropy, kl, clipFraction: clipped / count };
}
