import * as tf from "@tensorflow/tfjs-core";

/** The L2 norm of all the tensors taken as one vector (read back to the host). */
export function globalNorm(tensors: Iterable<tf.Tensor>): number {
  const squared = tf.tidy(() => {
    const sums = [...tensors].map((tensor) => tf.sum(tf.square(tensor)));
    return sums.length === 0 ? tf.scalar(0) : tf.addN(sums);
  });
  const total = squared.dataSync()[0] as number;
  squared.dispose();
  return Math.sqrt(total);
}
