import * as tf from "@tensorflow/tfjs-core";
import { InvalidInputError } from "@hiper/core";
import { hostKernelsAvailable, runHostKernel } from "../../backend/host-kernel.js";
import { customGradient } from "./custom-gradient.js";
import { gatherRowsKernel, scatterAddRowsKernel } from "./row-kernels.js";

/** A lookup whose forward and backward passes are single host kernels (no heap copies on wasm). */
function hostLookup(ids: Int32Array) {
  return customGradient<[tf.Tensor2D], tf.Tensor2D>(([table]) => {
    const rows = table.shape[0];
    return {
      value: runHostKernel(gatherRowsKernel, [table, tf.tensor1d(ids, "int32")])[0] as tf.Tensor2D,
      gradFunc: (dy) => [runHostKernel(scatterAddRowsKernel, [dy, tf.tensor1d(ids, "int32")], { rows })[0] as tf.Tensor2D],
    };
  });
}

/**
 * Rows `ids` of `table` (`[ids.length, width]`), differentiable with respect to the table. On
 * wasm and cpu it runs as host kernels: wasm's gather copies the whole table per call and lacks
 * the gradient kernel, and cpu's gradient kernel loops over every row of the table.
 */
export function hostLookupRows(table: tf.Tensor2D, ids: Int32Array): tf.Tensor2D {
  for (const id of ids) {
    if (id < 0 || id >= table.shape[0]) throw new InvalidInputError(`row ${id} is outside [0, ${table.shape[0]})`);
  }
  if (hostKernelsAvailable()) return hostLookup(ids)(table);
  return tf.gather(table, tf.tensor1d(ids, "int32"));
}
