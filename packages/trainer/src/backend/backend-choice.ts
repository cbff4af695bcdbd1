import { z } from "zod";

/**
 * Which TensorFlow.js backend to run on. `auto` tries gpu → native → wasm → cpu:
 * - `gpu`: `@tensorflow/tfjs-node-gpu` (libtensorflow with CUDA; install it yourself);
 * - `native`: `@tensorflow/tfjs-node` (libtensorflow on the CPU; install it yourself);
 * - `wasm`: `@tensorflow/tfjs-backend-wasm` (shipped; the fast default without native packages);
 * - `cpu`: `@tensorflow/tfjs-backend-cpu` (shipped; pure JavaScript, slowest).
 */
export const BackendChoice = z.enum(["auto", "gpu", "native", "wasm", "cpu"]);
export type BackendChoice = z.infer<typeof BackendChoice>;

/** A concrete backend (every choice but `auto`), in the order `auto` tries them. */
export const BackendKind = z.enum(["gpu", "native", "wasm", "cpu"]);
export type BackendKind = z.infer<typeof BackendKind>;
