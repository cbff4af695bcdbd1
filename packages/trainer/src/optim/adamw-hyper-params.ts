import { z } from "zod";

/** AdamW's hyper-parameters; the input form fills the usual defaults. */
export const AdamWHyperParams = z.object({
  /** Step size; settable later on the optimizer, for schedules. */
  learningRate: z.number().nonnegative(),
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.999),
  epsilon: z.number().positive().default(1e-8),
  /** Decoupled decay rate: each step multiplies a matrix weight by `1 − learningRate·weightDecay`. */
  weightDecay: z.number().nonnegative().default(0.01),
  /** Gradients are rescaled when their global L2 norm exceeds this; `Infinity` disables clipping. */
  maxGradNorm: z.number().positive().or(z.literal(Infinity)).default(1),
});
export type AdamWHyperParams = z.infer<typeof AdamWHyperParams>;
