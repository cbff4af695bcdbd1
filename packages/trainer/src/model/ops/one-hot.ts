import * as tf from "@tensorflow/tfjs-core";

/**
 * A float one-hot matrix `[ids.length, depth]`. Built as int32 and cast: the wasm backend's
 * OneHot kernel ignores a float32 dtype and writes int32 bits (tfjs 4.22), so
 * `tf.oneHot(ids, depth, 1, 0, "float32")` reads back as 1.4e-45 there.
 */
export function oneHotFloat(ids: Int32Array, depth: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(tf.tensor1d(ids, "int32"), depth), "float32") as tf.Tensor2D;
}
