import { InvalidInputError, type SeededRandom } from "@hiper/core";
import type { TokenConstraint } from "./token-constraint.js";

export interface SampledToken {
  token: number;
  /** log p(token) under the constraint at temperature 1: the policy's own probability, as PPO recomputes it. */
  logProb: number;
}

/** The ids a constraint lets through, out of `vocab`. */
function candidates(constraint: TokenConstraint | null, vocab: number): number[] {
  if (constraint?.kind === "allow") return [...new Set(constraint.ids)].sort((a, b) => a - b);
  const denied = new Set(constraint?.ids ?? []);
  const allowed: number[] = [];
  for (let id = 0; id < vocab; id++) if (!denied.has(id)) allowed.push(id);
  return allowed;
}

/** One alternative at a response position: a token and its log-prob under the position's constraint. */
export interface TokenAlternative {
  token: number;
  logProb: number;
}

/** The allowed ids, the likeliest of them (lowest id on ties), and log p under the constraint at temperature 1. */
function constrainedDistribution(logits: Float32Array, constraint: TokenConstraint | null) {
  const ids = candidates(constraint, logits.length);
  if (ids.length === 0) throw new InvalidInputError("the constraint allows no token");
  let max = -Infinity;
  let best = ids[0] as number;
  for (const id of ids) {
    const logit = logits[id] as number;
    if (logit > max) {
      max = logit;
      best = id;
    }
  }
  let total = 0;
  for (const id of ids) total += Math.exp((logits[id] as number) - max);
  const logTotal = Math.log(total);
  return { ids, best, max, logProbOf: (id: number) => (logits[id] as number) - max - logTotal };
}

/** The `k` likeliest allowed tokens, best first (ties: lower id first), with their log-probs at temperature 1. */
export function topTokens(logits: Float32Array, constraint: TokenConstraint | null, k: number): TokenAlternative[] {
  const { ids, logProbOf } = constrainedDistribution(logits, constraint);
  return ids
    .map((token) => ({ token, logProb: logProbOf(token) }))
    .sort((a, b) => b.logProb - a.logProb || a.token - b.token)
    .slice(0, k);
}

/**
 * Draws one token from `logits` (one row) under `constraint`: at `temperature` (0 = greedy,
 * lowest id on ties), with the seeded `random`. Computed in float64 on the host.
 */
export function sampleToken(logits: Float32Array, constraint: TokenConstraint | null, options: { temperature: number; random: SeededRandom }): SampledToken {
  const { ids, best, max, logProbOf } = constrainedDistribution(logits, constraint);
  if (options.temperature <= 0) return { token: best, logProb: logProbOf(best) };
  const weights = ids.map((id) => Math.exp(((logits[id] as number) - max) / options.temperature));
  let remaining = options.random.next() * weights.reduce((sum, weight) => sum + weight, 0);
  for (let index = 0; index < ids.length; index++) {
    remaining -= weights[index] as number;
    if (remaining < 0) return { token: ids[index] as number, logProb: logProbOf(ids[index] as number) };
  }
  const last = ids[ids.length - 1] as number;
  return { token: last, logProb: logProbOf(last) };
}
