import * as tf from "@tensorflow/tfjs-core";
import { InvalidInputError } from "@hiper/core";
import type { z } from "zod";
import "../backend/register-gradients.js";
import { KvCache } from "./kv-cache.js";
import { causalAttention, keysAndValues } from "./ops/causal-attention.js";
import { embed } from "./ops/embedding.js";
import { gelu } from "./ops/gelu.js";
import { layerNorm } from "./ops/layer-norm.js";
import { dense, matMul } from "./ops/matmul.js";
import { hostLookupRows } from "./ops/select-rows.js";
import { PolicyModelConfig } from "./policy-model-config.js";
import { type BlockWeights, initPolicyWeights, namedWeights, type PolicyWeights } from "./policy-weights.js";

/** A batch of equal-length token sequences, row-major, each starting at position 0. */
export interface TokenBatch {
  tokens: Int32Array;
  batch: number;
  length: number;
}

export interface ForwardOptions {
  /** `all` (default): logits at every position; `last`: only at each sequence's last position. */
  logitsAt?: "all" | "last";
  /** Also return each block's keys and values, to start a KV cache. */
  withCache?: boolean;
}

export interface ForwardOutput {
  /** Next-token logits: `[batch·length, vocab]`, or `[batch, vocab]` with `logitsAt: "last"`. */
  logits: tf.Tensor2D;
  /** Value heads (low, high, term) at every position: `[batch·length, 3]`. */
  values: tf.Tensor2D;
  /** Present with `withCache`. */
  cache?: KvCache;
}

export interface StepOutput {
  /** `[batch, vocab]`: logits of the token after the one just fed. */
  logits: tf.Tensor2D;
  /** `[batch, 3]`: value heads at the fed token. */
  values: tf.Tensor2D;
  cache: KvCache;
}

let modelCount = 0;

/**
 * The local policy (DESIGN §4): one causal pre-LN transformer over the compact vocabulary, with
 * the three value heads on the final hidden state. `forward` runs whole sequences (training,
 * prefill); `step` runs one token per sequence against a KV cache (decoding). Tensors returned
 * are the caller's to dispose (or to create inside `tf.tidy`).
 */
export class PolicyModel {
  readonly config: PolicyModelConfig;
  readonly weights: PolicyWeights;

  constructor(config: z.input<typeof PolicyModelConfig>) {
    this.config = PolicyModelConfig.parse(config);
    this.weights = initPolicyWeights(this.config, `policy${modelCount++}`);
  }

  /** Every weight by a stable name, for optimisers and checkpoints. */
  namedWeights(): Map<string, tf.Variable> {
    return namedWeights(this.weights);
  }

  trainableVariables(): tf.Variable[] {
    return [...this.namedWeights().values()];
  }

  parameterCount(): number {
    return this.trainableVariables().reduce((total, variable) => total + variable.size, 0);
  }

  dispose(): void {
    for (const variable of this.trainableVariables()) variable.dispose();
  }

  forward(batch: TokenBatch, options: ForwardOptions = {}): ForwardOutput {
    const { config, weights } = this;
    const mode = config.kernels;
    const { final, layerCaches } = this.trunk(batch, options.withCache === true);
    const values = dense(final, weights.valueKernel, weights.valueBias, mode);
    const atLogits = options.logitsAt === "last" ? lastPositions(final, batch.batch, batch.length) : final;
    const logits = matMul(atLogits, weights.lmHeadKernel, mode);
    if (options.withCache !== true) return { logits, values };
    return { logits, values, cache: KvCache.fromPrefill(layerCaches, batch.batch, batch.length) };
  }

  /**
   * The value heads (low, high, term) at every position, `[batch·length, 3]`, without the
   * language-model head: what a separate critic reads (its vocabulary projection is never used).
   */
  values(batch: TokenBatch): tf.Tensor2D {
    const { weights, config } = this;
    return dense(this.trunk(batch, false).final, weights.valueKernel, weights.valueBias, config.kernels);
  }

  /** The final normalised hidden state `[batch·length, d]`, and each block's keys and values when asked. */
  private trunk({ tokens, batch, length }: TokenBatch, withCache: boolean) {
    const { config, weights } = this;
    if (tokens.length !== batch * length) throw new InvalidInputError(`expected ${batch}×${length} tokens, got ${tokens.length}`);
    if (length > config.contextLength) throw new InvalidInputError(`sequence of ${length} tokens exceeds the context length ${config.contextLength}`);
    const mode = config.kernels;
    const d = config.modelDim;
    const tokenVectors = embed(weights.tokenEmbedding, this.checkedIds(tokens), config.embedding, mode);
    const positions = tf.slice(weights.positionEmbedding, [0, 0], [length, d]);
    let x = tf.reshape(tf.add(tf.reshape(tokenVectors, [batch, length, d]), positions), [batch * length, d]) as tf.Tensor2D;
    const layerCaches: Array<{ keys: tf.Tensor4D; values: tf.Tensor4D }> = [];
    for (const block of weights.blocks) {
      const normed = layerNorm(x, block.attentionNormGain, block.attentionNormBias, mode);
      const qkv = dense(normed, block.qkvKernel, block.qkvBias, mode);
      const shape = { batch, length, heads: config.heads };
      if (withCache) layerCaches.push(keysAndValues(qkv, shape));
      x = tf.add(x, dense(causalAttention(qkv, shape, mode), block.attentionOutKernel, block.attentionOutBias, mode));
      x = tf.add(x, this.mlp(x, block));
    }
    return { final: layerNorm(x, weights.finalNormGain, weights.finalNormBias, mode), layerCaches };
  }

  /**
   * Feeds one token per sequence at the given positions and appends its keys and values to
   * `cache` (which is left untouched; the returned cache is new).
   */
  step(tokens: Int32Array, positions: Int32Array, cache: KvCache): StepOutput {
    const { config, weights } = this;
    const batch = tokens.length;
    if (positions.length !== batch || cache.batch !== batch) throw new InvalidInputError("tokens, positions and cache disagree on the batch size");
    const mode = config.kernels;
    const d = config.modelDim;
    const headDim = d / config.heads;
    for (const position of positions) {
      if (position >= config.contextLength) throw new InvalidInputError(`position ${position} exceeds the context length ${config.contextLength}`);
    }
    let x = tf.add(
      embed(weights.tokenEmbedding, this.checkedIds(tokens), "gather", mode),
      hostLookupRows(weights.positionEmbedding, positions),
    ) as tf.Tensor2D;
    const next = cache.extend();
    weights.blocks.forEach((block, layer) => {
      const normed = layerNorm(x, block.attentionNormGain, block.attentionNormBias, mode);
      const qkv = tf.reshape(dense(normed, block.qkvKernel, block.qkvBias, mode), [batch, 3, config.heads, headDim]);
      const [query, key, value] = tf.unstack(qkv, 1) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
      const { keys, values } = next.append(layer, key, value);
      // One query per sequence: products and sums are cheaper than batched matMul on wasm.
      const scores = tf.add(tf.mul(tf.sum(tf.mul(tf.expandDims(query, 2), keys), -1), 1 / Math.sqrt(headDim)), next.keyMask);
      const attended = tf.sum(tf.mul(tf.expandDims(tf.softmax(scores), -1), values), 2);
      x = tf.add(x, dense(tf.reshape(attended, [batch, d]), block.attentionOutKernel, block.attentionOutBias, mode));
      x = tf.add(x, this.mlp(x, block));
    });
    const final = layerNorm(x, weights.finalNormGain, weights.finalNormBias, mode);
    return {
      logits: matMul(final, weights.lmHeadKernel, mode),
      values: dense(final, weights.valueKernel, weights.valueBias, mode),
      cache: next.finish(),
    };
  }

  private mlp(x: tf.Tensor2D, block: BlockWeights): tf.Tensor2D {
    const mode = this.config.kernels;
    const normed = layerNorm(x, block.mlpNormGain, block.mlpNormBias, mode);
    const hidden =
      this.config.activation === "relu"
        ? dense(normed, block.mlpInKernel, block.mlpInBias, mode, "relu")
        : gelu(dense(normed, block.mlpInKernel, block.mlpInBias, mode), mode);
    return dense(hidden, block.mlpOutKernel, block.mlpOutBias, mode);
  }

  private checkedIds(tokens: Int32Array): Int32Array {
    const vocab = this.config.vocabSize;
    for (const id of tokens) {
      if (id < 0 || id >= vocab) throw new InvalidInputError(`token id ${id} is outside the vocabulary [0, ${vocab})`);
    }
    return tokens;
  }
}

/** Row `length − 1` of each sequence. */
function lastPositions(hidden: tf.Tensor2D, batch: number, length: number): tf.Tensor2D {
  const d = hidden.shape[1];
  return tf.reshape(tf.slice(tf.reshape(hidden, [batch, length, d]), [0, length - 1, 0], [batch, 1, d]), [batch, d]);
}
