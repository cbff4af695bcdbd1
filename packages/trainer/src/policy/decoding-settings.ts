import { z } from "zod";

/** How the local policy decodes a turn; saved with training runs so rollouts and updates agree. */
export const DecodingSettings = z.object({
  /** Sampling temperature: 1 while training (spec §6.1), lower for evaluation; 0 is greedy. */
  temperature: z.number().nonnegative().default(1),
  /** Decode the action through the admissible list when the environment gives one. */
  constrainActions: z.boolean().default(true),
  /** Most response tokens; also the room kept free in the context. */
  maxNewTokens: z.number().int().positive().default(48),
  maxSubgoalTokens: z.number().int().positive().default(16),
  maxActionTokens: z.number().int().positive().default(24),
});
export type DecodingSettings = z.infer<typeof DecodingSettings>;
