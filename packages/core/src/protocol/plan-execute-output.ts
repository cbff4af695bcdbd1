import { z } from "zod";

/** Why a turn's output is invalid, the first check that failed (spec §1.4). */
export const InvalidReason = z.enum(["missing_action", "missing_switch", "bad_switch", "missing_subgoal", "cjk"]);
export type InvalidReason = z.infer<typeof InvalidReason>;

/**
 * The environment-side parse of one model output. `switch` is "" when it could not be read
 * (WebShop's bad-switch quirk gives "KEEP"). `action` is executed even when `valid` is false.
 */
export const PlanExecuteOutput = z.object({
  switch: z.enum(["KEEP", "SWITCH", ""]),
  subgoal: z.string(),
  action: z.string(),
  valid: z.boolean(),
  reason: InvalidReason.nullable(),
});
export type PlanExecuteOutput = z.infer<typeof PlanExecuteOutput>;

/** A token range [start, end] (inclusive) of one block in the response, tags included. */
export const TokenSpan = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
export type TokenSpan = z.infer<typeof TokenSpan>;

/** Training-side parse of a tokenized response (spec §2.2–2.4). */
export const BlockSpans = z.object({
  switch: TokenSpan.nullable(),
  subgoal: TokenSpan.nullable(),
  action: TokenSpan.nullable(),
});
export type BlockSpans = z.infer<typeof BlockSpans>;
