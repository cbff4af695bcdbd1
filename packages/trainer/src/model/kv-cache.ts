import * as tf from "@tensorflow/tfjs-core";
import { MASKED_SCORE } from "./ops/causal-attention.js";

/** Keys and values of one block: `[batch, heads, length, headDim]` each. */
export interface LayerCache {
  keys: tf.Tensor4D;
  values: tf.Tensor4D;
}

/**
 * The keys and values of every fed token, per block, for a batch of sequences decoded in lock
 * step. Sequences of different prompt lengths are left-padded; `keyMask` (`[batch, 1, length]`,
 * 0 or MASKED_SCORE) hides the padding from attention. Immutable: `extend` starts the cache of
 * the next step. Owns its tensors (`dispose`).
 */
export class KvCache {
  constructor(
    readonly layers: LayerCache[],
    readonly keyMask: tf.Tensor3D,
    readonly batch: number,
    readonly length: number,
  ) {}

  /** The cache of a prefill over equal-length sequences (no padding). */
  static fromPrefill(layers: LayerCache[], batch: number, length: number): KvCache {
    return new KvCache(layers, tf.zeros([batch, 1, length]), batch, length);
  }

  /** Stacks single-sequence caches into one batch, left-padding the shorter ones. */
  static stack(caches: readonly KvCache[]): KvCache {
    const length = Math.max(...caches.map((cache) => cache.length));
    const layerCount = caches[0]?.layers.length ?? 0;
    const padded = (tensor: tf.Tensor4D, cacheLength: number): tf.Tensor4D => {
      if (cacheLength === length) return tensor;
      const [batch, heads, , headDim] = tensor.shape;
      return tf.concat([tf.zeros([batch, heads, length - cacheLength, headDim]), tensor], 2);
    };
    const layers = Array.from({ length: layerCount }, (_, layer): LayerCache => ({
      keys: tf.concat(caches.map((cache) => padded(cache.layers[layer]!.keys, cache.length)), 0),
      values: tf.concat(caches.map((cache) => padded(cache.layers[layer]!.values, cache.length)), 0),
    }));
    const mask = new Float32Array(caches.length * length);
    caches.forEach((cache, row) => mask.fill(MASKED_SCORE, row * length, row * length + length - cache.length));
    return new KvCache(layers, tf.tensor3d(mask, [caches.length, 1, length]), caches.length, length);
  }

  /**
   * A new cache holding only the given batch rows (sequences still decoding), in that order.
   * Copied as runs of consecutive rows (slice + concat): wasm's `gather` is 7× slower here.
   */
  select(rows: readonly number[]): KvCache {
    const runs = consecutiveRuns(rows);
    const pick = <T extends tf.Tensor>(tensor: T): T => {
      const pieces = runs.map(([start, size]) => tf.slice(tensor, [start], [size]));
      if (pieces.length === 1) return pieces[0] as T;
      const joined = tf.concat(pieces, 0) as T;
      for (const piece of pieces) piece.dispose();
      return joined;
    };
    const layers = this.layers.map((layer) => ({ keys: pick(layer.keys), values: pick(layer.values) }));
    return new KvCache(layers, pick(this.keyMask), rows.length, this.length);
  }

  /** The next step's cache: one more (unmasked) key slot, filled by `append` for each block. */
  extend(): PendingKvCache {
    return new PendingKvCache(this);
  }

  /** Keeps the cache's tensors out of the enclosing `tf.tidy`. */
  keep(): this {
    for (const layer of this.layers) {
      tf.keep(layer.keys);
      tf.keep(layer.values);
    }
    tf.keep(this.keyMask);
    return this;
  }

  dispose(): void {
    for (const layer of this.layers) {
      layer.keys.dispose();
      layer.values.dispose();
    }
    this.keyMask.dispose();
  }
}

/** A cache one token longer than `previous`, filled block by block during a decoding step. */
export class PendingKvCache {
  readonly keyMask: tf.Tensor3D;
  private readonly layers: LayerCache[] = [];

  constructor(private readonly previous: KvCache) {
    this.keyMask = tf.concat([previous.keyMask, tf.zeros([previous.batch, 1, 1])], 2);
  }

  /** Appends this step's key and value (`[batch, heads, headDim]`) of `layer`; returns the block's full cache. */
  append(layer: number, key: tf.Tensor3D, value: tf.Tensor3D): LayerCache {
    const before = this.previous.layers[layer];
    const keys = before === undefined ? tf.expandDims(key, 2) : tf.concat([before.keys, tf.expandDims(key, 2)], 2);
    const values = before === undefined ? tf.expandDims(value, 2) : tf.concat([before.values, tf.expandDims(value, 2)], 2);
    const full = { keys: keys as tf.Tensor4D, values: values as tf.Tensor4D };
    this.layers[layer] = full;
    return full;
  }

  /** The finished cache, once every block has appended. */
  finish(): KvCache {
    return new KvCache(this.layers, this.keyMask, this.previous.batch, this.previous.length + 1);
  }
}

/** `[start, size]` of each run of consecutive ascending rows: [0, 1, 2, 5, 6] → [[0, 3], [5, 2]]. */
function consecutiveRuns(rows: readonly number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const row of rows) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[0] + last[1] === row) last[1] += 1;
    else runs.push([row, 1]);
  }
  return runs;
}
