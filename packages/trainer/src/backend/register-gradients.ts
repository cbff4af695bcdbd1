/**
 * Registers every gradient of TensorFlow.js. The Node build of `@tensorflow/tfjs-core` ships
 * none (its `register_all_gradients` is ESM that Node cannot load); the Node build of the
 * umbrella `@tensorflow/tfjs` registers them all into the shared global registry.
 */
import "@tensorflow/tfjs";
