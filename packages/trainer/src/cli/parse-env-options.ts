import { InvalidInputError, type EnvironmentOptions } from "@hiper/core";

/** `-o key=value` pairs; numbers and booleans are converted, everything else stays a string. */
export function parseEnvOptions(pairs: readonly string[]): EnvironmentOptions {
  const options: EnvironmentOptions = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new InvalidInputError(`environment option "${pair}" must look like key=value`);
    const key = pair.slice(0, at);
    const raw = pair.slice(at + 1);
    options[key] = raw === "true" ? true : raw === "false" ? false : raw !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return options;
}
