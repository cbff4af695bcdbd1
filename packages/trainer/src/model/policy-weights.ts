import * as tf from "@tensorflow/tfjs-core";
import { type PolicyModelConfig, VALUE_HEADS } from "./policy-model-config.js";

/** The weights of one transformer block. Kernels are `[in, out]`; `qkv` packs q | k | v. */
export interface BlockWeights {
  attentionNormGain: tf.Variable<tf.Rank.R1>;
  attentionNormBias: tf.Variable<tf.Rank.R1>;
  qkvKernel: tf.Variable<tf.Rank.R2>;
  qkvBias: tf.Variable<tf.Rank.R1>;
  attentionOutKernel: tf.Variable<tf.Rank.R2>;
  attentionOutBias: tf.Variable<tf.Rank.R1>;
  mlpNormGain: tf.Variable<tf.Rank.R1>;
  mlpNormBias: tf.Variable<tf.Rank.R1>;
  mlpInKernel: tf.Variable<tf.Rank.R2>;
  mlpInBias: tf.Variable<tf.Rank.R1>;
  mlpOutKernel: tf.Variable<tf.Rank.R2>;
  mlpOutBias: tf.Variable<tf.Rank.R1>;
}

export interface PolicyWeights {
  tokenEmbedding: tf.Variable<tf.Rank.R2>;
  positionEmbedding: tf.Variable<tf.Rank.R2>;
  blocks: BlockWeights[];
  finalNormGain: tf.Variable<tf.Rank.R1>;
  finalNormBias: tf.Variable<tf.Rank.R1>;
  /** `[d, vocab]`, not tied to the token embedding. */
  lmHeadKernel: tf.Variable<tf.Rank.R2>;
  /** `[d, 3]`: the low, high and term value heads. */
  valueKernel: tf.Variable<tf.Rank.R2>;
  valueBias: tf.Variable<tf.Rank.R1>;
}

/** tfjs reads a seed of 0 as "no seed" (it draws from Math.random): shift every seed away from 0. */
function nonZeroSeed(seed: number): number {
  return seed >= 0 ? seed + 1 : seed;
}

/** GPT-2 style initialisation, seeded: normal(0, initScale), residual projections scaled by 1/√(2·layers). */
export function initPolicyWeights(config: PolicyModelConfig, name: string): PolicyWeights {
  const d = config.modelDim;
  const hidden = d * config.mlpRatio;
  let seedOffset = 0;
  const normal = (shape: [number, number], std: number, label: string): tf.Variable<tf.Rank.R2> =>
    tf.variable(tf.tidy(() => tf.randomNormal(shape, 0, std, "float32", nonZeroSeed(config.seed * 7919 + seedOffset++))), true, `${name}/${label}`);
  const constant = (size: number, value: number, label: string): tf.Variable<tf.Rank.R1> =>
    tf.variable(tf.tidy(() => tf.fill([size], value)), true, `${name}/${label}`);
  const residualScale = config.initScale / Math.sqrt(2 * config.layers);
  const blocks = Array.from({ length: config.layers }, (_, layer): BlockWeights => {
    const prefix = `block${layer}`;
    return {
      attentionNormGain: constant(d, 1, `${prefix}/attentionNormGain`),
      attentionNormBias: constant(d, 0, `${prefix}/attentionNormBias`),
      qkvKernel: normal([d, 3 * d], config.initScale, `${prefix}/qkvKernel`),
      qkvBias: constant(3 * d, 0, `${prefix}/qkvBias`),
      attentionOutKernel: normal([d, d], residualScale, `${prefix}/attentionOutKernel`),
      attentionOutBias: constant(d, 0, `${prefix}/attentionOutBias`),
      mlpNormGain: constant(d, 1, `${prefix}/mlpNormGain`),
      mlpNormBias: constant(d, 0, `${prefix}/mlpNormBias`),
      mlpInKernel: normal([d, hidden], config.initScale, `${prefix}/mlpInKernel`),
      mlpInBias: constant(hidden, 0, `${prefix}/mlpInBias`),
      mlpOutKernel: normal([hidden, d], residualScale, `${prefix}/mlpOutKernel`),
      mlpOutBias: constant(d, 0, `${prefix}/mlpOutBias`),
    };
  });
  return {
    tokenEmbedding: normal([config.vocabSize, d], config.initScale, "tokenEmbedding"),
    positionEmbedding: normal([config.contextLength, d], config.initScale, "positionEmbedding"),
    blocks,
    finalNormGain: constant(d, 1, "finalNormGain"),
    finalNormBias: constant(d, 0, "finalNormBias"),
    lmHeadKernel: normal([d, config.vocabSize], config.initScale, "lmHeadKernel"),
    valueKernel: normal([d, VALUE_HEADS.length], config.initScale, "valueKernel"),
    valueBias: constant(VALUE_HEADS.length, 0, "valueBias"),
  };
}

/** Every weight by a stable name (`block0/qkvKernel`, ...), for optimisers and checkpoints. */
export function namedWeights(weights: PolicyWeights): Map<string, tf.Variable> {
  const named = new Map<string, tf.Variable>();
  const { blocks, ...top } = weights;
  for (const [key, variable] of Object.entries(top)) named.set(key, variable);
  blocks.forEach((block, layer) => {
    for (const [key, variable] of Object.entries(block)) named.set(`block${layer}/${key}`, variable);
  });
  return named;
}
