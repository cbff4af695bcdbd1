import { z } from "zod";

/**
 * Which implementation of the model's ops runs. `tuned` is engineered for the wasm backend
 * (explicit-transpose matmul gradients, attention as a loop of 2-D matmuls, fused layer norm and
 * loss); `naive` uses TensorFlow.js defaults everywhere and exists to measure the difference.
 * Both compute the same function.
 */
export const KernelMode = z.enum(["tuned", "naive"]);
export type KernelMode = z.infer<typeof KernelMode>;
