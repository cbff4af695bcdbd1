import { Option } from "commander";
import { BackendChoice } from "../backend/backend-choice.js";

/** `--backend`: which TensorFlow.js backend runs a local policy (auto tries gpu → native → wasm → cpu). */
export function backendOption(): Option {
  return new Option("--backend <name>", "TensorFlow.js backend for local policies").choices(BackendChoice.options).default("auto");
}
