import { z } from "zod";
import { Observation } from "../env/environment.js";
import { HistoryEntry } from "../protocol/history.js";
import { PromptStyle } from "../protocol/prompt-style.js";

/** Everything a policy may look at to write one turn. */
export const PolicyInput = z.object({
  envId: z.string(),
  promptStyle: PromptStyle,
  task: z.string(),
  observation: Observation,
  /** Turns already taken in this episode. */
  step: z.number().int().nonnegative(),
  /** The last few turns, oldest first (the history window). */
  history: z.array(HistoryEntry),
  /** The env-side subgoal of the previous turn; "None" on the first turn. */
  currentSubgoal: z.string(),
});
export type PolicyInput = z.infer<typeof PolicyInput>;

/** The token-level view of an output, when the policy has one. */
export const OutputTokens = z.object({
  ids: z.array(z.number().int()),
  /** Per-token text pieces (the decoding of each id on its own). */
  pieces: z.array(z.string()).optional(),
  /** Per-token log-probabilities under the sampling policy, when known. */
  logprobs: z.array(z.number()).nullable(),
});
export type OutputTokens = z.infer<typeof OutputTokens>;

export const TokenUsage = z.object({
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
});
export type TokenUsage = z.infer<typeof TokenUsage>;

export const PolicyOutput = z.object({
  /** The raw model output for this turn. */
  text: z.string(),
  /** The prompt the model saw, as text (for the trajectory record). */
  prompt: z.string(),
  tokens: OutputTokens.optional(),
  usage: TokenUsage.optional(),
  /** Extra data a trainer may need (value read-outs, the sampled switch probability, ...). */
  extra: z.record(z.string(), z.unknown()).optional(),
});
export type PolicyOutput = z.infer<typeof PolicyOutput>;

/**
 * Writes one Plan-Execute turn. A policy that cannot answer (a dead server after its retries)
 * throws a PolicyError; the rollout loop records the episode as failed with that reason.
 */
export interface Policy {
  readonly id: string;
  act(input: PolicyInput, options?: { signal?: AbortSignal }): Promise<PolicyOutput>;
  close?(): Promise<void>;
}
