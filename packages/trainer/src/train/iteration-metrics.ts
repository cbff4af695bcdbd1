import { z } from "zod";

/** One line of `metrics.jsonl`: what an RL iteration did and measured. */
export const IterationMetrics = z.object({
  iteration: z.number().int().positive(),
  algo: z.string(),
  /** Environment steps taken in RL rollouts, cumulative. */
  env_steps: z.number().int().nonnegative(),
  episodes: z.number().int().nonnegative(),
  success_rate: z.number(),
  mean_reward: z.number(),
  mean_steps: z.number(),
  turns_trained: z.number().int().nonnegative(),
  /** SWITCH turns over turns after the first (absent in runs written before it was logged). */
  switch_rate: z.number().optional(),
  /** Turns whose output failed the environment's parse, over all turns (absent likewise). */
  invalid_rate: z.number().optional(),
  loss: z.number(),
  policy_loss: z.number(),
  critic_loss: z.number(),
  entropy: z.number(),
  kl: z.number(),
  clip_fraction: z.number(),
  grad_norm: z.number(),
  /** A separate critic's gradient norm (absent with value heads on the policy's trunk). */
  critic_grad_norm: z.number().optional(),
  /** Environment steps per second of the rollout phase. */
  steps_per_second: z.number(),
  /** Tokens decoded per second in rollouts (prompt prefill and response). */
  decode_tokens_per_second: z.number(),
  /** Tokens per second through the update's forward and backward passes. */
  train_tokens_per_second: z.number(),
  seconds: z.number(),
});
export type IterationMetrics = z.infer<typeof IterationMetrics>;
