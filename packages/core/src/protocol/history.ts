import { z } from "zod";

/** One remembered turn: what was shown and what was executed (spec §1.2). */
export const HistoryEntry = z.object({
  /** 1-based turn number. */
  turn: z.number().int().positive(),
  observation: z.string(),
  action: z.string(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;
