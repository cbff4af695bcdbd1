import { InvalidInputError, type EnvironmentRegistration } from "@hiper/core";

/** Where the warm start comes from: an environment policy's rollouts, a trajectory file, or a trained checkpoint. */
export type WarmStartSource = { kind: "policy"; name: string } | { kind: "trajectories"; path: string } | { kind: "checkpoint"; dir: string };

/** `--warm-start explorer` (a policy the environment provides), `ckpt:<dir>`, or a trajectory file path. */
export function parseWarmStart(spec: string, registration: EnvironmentRegistration): WarmStartSource {
  if (spec.startsWith("ckpt:")) {
    const dir = spec.slice("ckpt:".length);
    if (!dir) throw new InvalidInputError("--warm-start ckpt:<dir> needs a directory");
    return { kind: "checkpoint", dir };
  }
  if (registration.policies?.[spec]) return { kind: "policy", name: spec };
  if (/[./\\]/.test(spec)) return { kind: "trajectories", path: spec };
  const known = Object.keys(registration.policies ?? {}).join(", ") || "none";
  throw new InvalidInputError(`--warm-start "${spec}" is neither a trajectory file, ckpt:<dir>, nor a policy of ${registration.id} (${known})`);
}
