import * as tf from "@tensorflow/tfjs-core";

/** What a custom-gradient op returns: its value and how to turn the output's gradient into the inputs'. */
export interface CustomGradientResult<Output extends tf.Tensor> {
  value: Output;
  gradFunc: (dy: Output, saved: tf.Tensor[]) => tf.Tensor[];
}

/**
 * A typed `tf.customGrad`: `forward` gets its tensor inputs as one array and `save`, which keeps
 * tensors for the backward pass (intermediates not saved are disposed when `forward` returns).
 * `gradFunc` returns one gradient per input, in order.
 */
export function customGradient<Inputs extends tf.Tensor[], Output extends tf.Tensor>(
  forward: (inputs: Inputs, save: tf.GradSaveFunc) => CustomGradientResult<Output>,
): (...inputs: Inputs) => Output {
  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    return forward(args as Inputs, save);
  }) as never);
  return (...inputs: Inputs) => op(...inputs) as Output;
}
