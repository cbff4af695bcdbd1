import { z } from "zod";

/** One remembered turn: what was shown and what was executed (spec §1.2). */
export const HistoryEntry = z.object({
  /** 1-based turn number. */
  turn: z.number().int().positive(),
  observation: z.string(),
  action: z.string(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** The last `length` turns of `history` (none for 0): the window a prompt shows. */
export function historyWindow<T>(history: readonly T[], length: number): T[] {
  return length <= 0 ? [] : history.slice(-length);
}
