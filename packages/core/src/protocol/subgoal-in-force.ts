import { z } from "zod";
import type { PlanExecuteOutput } from "./plan-execute-output.js";

/**
 * Two readings of "the subgoal after this turn". They differ only when the model says KEEP but
 * does not copy the subgoal verbatim, or when the switch cannot be read.
 *
 * - `"parsed"` — **upstream behaviour** (spec §1.2, `SimpleMemory.fetch_options`): the next
 *   prompt's current subgoal is the env-side parsed subgoal of this turn (`parsed.subgoal`),
 *   whatever the switch said and whatever the turn's validity. It may be "", "None" (WebShop,
 *   missing switch) or a fragment of the action (ALFWorld, missing switch). This is the default
 *   of the rollout loop, so prompts match the ones upstream trained on.
 * - `"resolved"` — **the subgoal in force** (spec §1.1, "KEEP means continue the current
 *   subgoal"): see `resolveSubgoal`. Useful for displays, expert policies and analyses that want
 *   the subgoal the agent is actually pursuing, independent of copying mistakes.
 */
export const SubgoalCarry = z.enum(["parsed", "resolved"]);
export type SubgoalCarry = z.infer<typeof SubgoalCarry>;

/**
 * The subgoal in force after a turn: on SWITCH the subgoal the model wrote (possibly "" when the
 * subgoal block is missing); otherwise — KEEP, or a switch that could not be read ("", which the
 * training side also reads as KEEP, spec §2.2) — the `currentSubgoal` the turn started with.
 */
export function resolveSubgoal(parsed: PlanExecuteOutput, currentSubgoal: string): string {
  return parsed.switch === "SWITCH" ? parsed.subgoal : currentSubgoal;
}

/** The current subgoal to show in the next turn's prompt, under the chosen carry rule. */
export function nextCurrentSubgoal(
  parsed: PlanExecuteOutput,
  options: { currentSubgoal: string; carry?: SubgoalCarry },
): string {
  const carry = options.carry ?? "parsed";
  switch (carry) {
    case "parsed":
      return parsed.subgoal;
    case "resolved":
      return resolveSubgoal(parsed, options.currentSubgoal);
    default: {
      const unknown: never = carry;
      return unknown;
    }
  }
}
