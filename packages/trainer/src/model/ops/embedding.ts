import * as tf from "@tensorflow/tfjs-core";
import type { KernelMode } from "./kernel-mode.js";
import { matMul } from "./matmul.js";
import { oneHotFloat } from "./one-hot.js";
import { hostLookupRows } from "./select-rows.js";

/**
 * How token ids become vectors. `gather` reads rows (tuned: host kernels; naive: `tf.gather`,
 * whose gradient needs the segment-sum kernel that `registerWasmKernels` adds to wasm); `one-hot`
 * multiplies a one-hot matrix by the table: no special kernel, but 2·ids·rows·d FLOPs each way.
 */
export type EmbeddingMethod = "gather" | "one-hot";

/** Rows `ids` of `table`: `[ids.length, d]`. */
export function embed(table: tf.Tensor2D, ids: Int32Array, method: EmbeddingMethod, mode: KernelMode): tf.Tensor2D {
  if (method === "one-hot") return matMul(oneHotFloat(ids, table.shape[0]), table, mode);
  if (mode === "tuned") return hostLookupRows(table, ids);
  return tf.gather(table, tf.tensor1d(ids, "int32"));
}
