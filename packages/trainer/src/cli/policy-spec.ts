import { InvalidInputError, OpenAIPolicy, RandomPolicy, type EnvironmentRegistration, type PolicySource } from "@hiper/core";
import { selectBackend } from "../backend/select-backend.js";
import type { BackendChoice } from "../backend/backend-choice.js";
import { loadLocalPolicy } from "../policy/load-local-policy.js";

export interface PolicySpecOptions {
  seed: number;
  concurrency: number;
  /** For `ckpt:`: the TensorFlow.js backend and the sampling temperature. */
  backend?: BackendChoice;
  temperature?: number;
  /** Told which backend runs a local policy. */
  onBackend?: (reason: string) => void;
}

/**
 * Turns a `--policy` spec into a policy source:
 * `openai:<model>` (OPENAI_BASE_URL, OPENAI_API_KEY), `ckpt:<dir>` (a trained local policy),
 * `random`, or a policy the environment registers (`expert`, `explorer`, ...).
 */
export async function policyFromSpec(spec: string, registration: EnvironmentRegistration, options: PolicySpecOptions): Promise<PolicySource> {
  if (spec.startsWith("openai:")) {
    const model = spec.slice("openai:".length);
    if (!model) throw new InvalidInputError(`--policy openai:<model> needs a model name`);
    return new OpenAIPolicy({ model, concurrency: options.concurrency });
  }
  if (spec.startsWith("ckpt:")) {
    const dir = spec.slice("ckpt:".length);
    if (!dir) throw new InvalidInputError(`--policy ckpt:<dir> needs a checkpoint directory`);
    const backend = await selectBackend({ backend: options.backend ?? "auto" });
    options.onBackend?.(backend.reason);
    return loadLocalPolicy(dir, { seed: options.seed, ...(options.temperature !== undefined ? { temperature: options.temperature } : {}) });
  }
  if (spec === "random") return new RandomPolicy({ seed: options.seed });
  const provided = registration.policies?.[spec];
  if (provided) {
    let instance = 0;
    return (environment) => provided.create({ environment, seed: options.seed + instance++ });
  }
  const known = ["openai:<model>", "ckpt:<dir>", "random", ...Object.keys(registration.policies ?? {})].join(", ");
  throw new InvalidInputError(`unknown policy "${spec}" for environment "${registration.id}" (known: ${known})`);
}
