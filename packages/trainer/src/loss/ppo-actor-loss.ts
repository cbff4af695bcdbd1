import * as tf from "@tensorflow/tfjs-core";
import { ACTOR_LOSS_DEFAULTS, type ActorLoss, type ActorLossConfig, InvalidInputError } from "@hiper/core";

/** Per-token inputs of one micro-batch, flattened to length n. */
export interface ActorLossInputs {
  /** log π(token) under the current policy; differentiable. */
  logProbs: tf.Tensor1D;
  /** log π_old(token), recomputed after the rollout. */
  oldLogProbs: Float32Array;
  /** log π_ref(token); null: no KL term, kl reported 0. */
  refLogProbs: Float32Array | null;
  advantages: Float32Array;
  /** Entropy of the current policy per token; differentiable. null: no entropy term, entropy reported 0. */
  entropy: tf.Tensor1D | null;
  /** Loss mask, 1 or 0 per token. Masked-out positions may hold anything, even NaN or ±Infinity. */
  mask: Float32Array;
}

/** Core's {@link ActorLoss} as scalars: `loss` is the one to differentiate, the rest are read-outs. */
export type ActorLossTensors = { [K in keyof ActorLoss]: tf.Scalar };

// verl clamps the log-ratio to ±20 before exp: the dual clip already bounds the loss there, and a
// finite ρ keeps the gradient (0 · exp(x)) from turning into NaN.
const LOG_RATIO_LIMIT = 20;
// k3 is saturated at its ±10 clamp outside about [−11, 2.6], so clamping its argument to ±20
// changes no value and keeps exp finite for the same reason.
const KL_ARGUMENT_LIMIT = 20;

/**
 * The PPO actor loss of spec §3.10 as a differentiable TensorFlow.js function; the same numbers as
 * core's `ppoActorLoss`:
 *
 *   ρ      = exp(logπ − logπ_old)
 *   ℓ_clip = max(−A·ρ, −A·clip(ρ, 1 − ε, 1 + ε))
 *   ℓ_pg   = A < 0 ? min(ℓ_clip, −c·A) : ℓ_clip
 *   kl     = clamp(exp(logπ_ref − logπ) − (logπ_ref − logπ) − 1, −10, 10)
 *   loss   = tokenMean(ℓ_pg) − entropyCoef·tokenMean(entropy) + klCoef·tokenMean(kl)
 *
 * Masked-out positions are replaced by zeros before any arithmetic, so they get exactly 0 gradient
 * and cannot produce NaN. With an all-zero mask every output is 0 (gradients 0); with no tokens at
 * all the outputs are constant zeros, since the wasm backend's sum of an empty tensor is garbage.
 *
 * Inside `tf.variableGrads` the forward pass is tidied: `tf.keep` the read-outs you log afterwards.
 */
export function ppoActorLossTensor(inputs: ActorLossInputs, config: ActorLossConfig = ACTOR_LOSS_DEFAULTS): ActorLossTensors {
  const inMask = checkActorInputs(inputs);
  const count = inMask.reduce((sum, keep) => sum + (keep ? 1 : 0), 0);
  if (inMask.length === 0) {
    const zero = () => tf.scalar(0);
    return { loss: zero(), policyLoss: zero(), entropy: zero(), kl: zero(), clipFraction: zero() };
  }
  const masked = (values: Float32Array) => tf.tensor1d(values.map((value, j) => (inMask[j] ? value : 0)));
  return tf.tidy(() => {
    const mask = tf.tensor1d(inputs.mask);
    const keep = tf.cast(mask, "bool");
    const maskedTensor = (values: tf.Tensor1D) => tf.where(keep, values, tf.zerosLike(values));
    // Masked entries are already 0; multiplying by the mask keeps tokenMean honest on its own.
    const tokenMean = (values: tf.Tensor) => tf.div(tf.sum(tf.mul(values, mask)), Math.max(count, 1)) as tf.Scalar;

    const logProb = maskedTensor(inputs.logProbs);
    const A = masked(inputs.advantages);
    const negA = tf.neg(A);

    const ratio = tf.exp(tf.clipByValue(tf.sub(logProb, masked(inputs.oldLogProbs)), -LOG_RATIO_LIMIT, LOG_RATIO_LIMIT));
    const ratioClipped = tf.clipByValue(ratio, 1 - config.clipRatio, 1 + config.clipRatio);
    const lossUnclipped = tf.mul(negA, ratio);
    const lossClipped = tf.mul(negA, ratioClipped);
    // Ties (ρ inside the clip range) send the gradient to −A·ρ, which equals −A·clip(ρ)'s there.
    const lossClip = tf.maximum(lossUnclipped, lossClipped);
    const lossPolicy = tf.where(tf.less(A, 0), tf.minimum(lossClip, tf.mul(-config.dualClip, A)), lossClip);

    const policyLoss = tokenMean(lossPolicy);
    const clipFraction = tokenMean(tf.cast(tf.greater(lossClipped, lossUnclipped), "float32"));
    const entropy = inputs.entropy === null ? tf.scalar(0) : tokenMean(maskedTensor(inputs.entropy));
    let kl: tf.Scalar = tf.scalar(0);
    if (inputs.refLogProbs !== null) {
      const logRatioRef = tf.clipByValue(tf.sub(masked(inputs.refLogProbs), logProb), -KL_ARGUMENT_LIMIT, KL_ARGUMENT_LIMIT);
      kl = tokenMean(tf.clipByValue(tf.sub(tf.sub(tf.exp(logRatioRef), logRatioRef), 1), -10, 10));
    }
    const loss = tf.addN([policyLoss, tf.mul(-config.entropyCoef, entropy), tf.mul(config.klCoef, kl)]) as tf.Scalar;
    return { loss, policyLoss, entropy, kl, clipFraction };
  });
}

/** Reads the scalars into core's plain-number {@link ActorLoss} (one device read). */
export function readActorLoss(tensors: ActorLossTensors): ActorLoss {
  const values = tf.tidy(() => tf.stack([tensors.loss, tensors.policyLoss, tensors.entropy, tensors.kl, tensors.clipFraction]).dataSync());
  const at = (index: number) => values[index] as number;
  return { loss: at(0), policyLoss: at(1), entropy: at(2), kl: at(3), clipFraction: at(4) };
}

/** Validates shapes, the 0/1 mask and finiteness of the kept positions; returns the mask as booleans. */
function checkActorInputs(inputs: ActorLossInputs): boolean[] {
  const n = inputs.mask.length;
  const sizes: [string, number | undefined][] = [
    ["logProbs", inputs.logProbs.size],
    ["oldLogProbs", inputs.oldLogProbs.length],
    ["refLogProbs", inputs.refLogProbs?.length],
    ["advantages", inputs.advantages.length],
    ["entropy", inputs.entropy?.size],
  ];
  for (const [name, size] of sizes) {
    if (size !== undefined && size !== n) throw new InvalidInputError(`ppoActorLossTensor: ${name} must have one entry per token (${n}), got ${size}`);
  }
  if (inputs.logProbs.rank !== 1 || (inputs.entropy !== null && inputs.entropy.rank !== 1)) {
    throw new InvalidInputError("ppoActorLossTensor: logProbs and entropy must be 1-D");
  }
  const inMask = Array.from(inputs.mask, (value, j) => {
    if (value !== 0 && value !== 1) throw new InvalidInputError(`ppoActorLossTensor: mask[${j}] must be 0 or 1, got ${value}`);
    return value === 1;
  });
  const arrays = { oldLogProbs: inputs.oldLogProbs, refLogProbs: inputs.refLogProbs, advantages: inputs.advantages };
  for (const [name, values] of Object.entries(arrays)) {
    values?.forEach((value, j) => {
      if (inMask[j] && !Number.isFinite(value)) throw new InvalidInputError(`ppoActorLossTensor: ${name}[${j}] must be finite, got ${value}`);
    });
  }
  return inMask;
}
