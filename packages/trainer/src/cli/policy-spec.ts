import { InvalidInputError, OpenAIPolicy, RandomPolicy, type EnvironmentRegistration, type PolicySource } from "@hiper/core";

/**
 * Turns a `--policy` spec into a policy source:
 * `openai:<model>` (OPENAI_BASE_URL, OPENAI_API_KEY), `random`, or a policy the environment
 * registers (`expert`, `explorer`, ...).
 */
export function policyFromSpec(spec: string, registration: EnvironmentRegistration, options: { seed: number; concurrency: number }): PolicySource {
  if (spec.startsWith("openai:")) {
    const model = spec.slice("openai:".length);
    if (!model) throw new InvalidInputError(`--policy openai:<model> needs a model name`);
    return new OpenAIPolicy({ model, concurrency: options.concurrency });
  }
  if (spec === "random") return new RandomPolicy({ seed: options.seed });
  const provided = registration.policies?.[spec];
  if (provided) {
    let instance = 0;
    return (environment) => provided.create({ environment, seed: options.seed + instance++ });
  }
  const known = ["openai:<model>", "random", ...Object.keys(registration.policies ?? {})].join(", ");
  throw new InvalidInputError(`unknown policy "${spec}" for environment "${registration.id}" (known: ${known})`);
}
