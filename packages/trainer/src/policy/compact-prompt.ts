import type { PolicyInput } from "@hiper/core";

/** Past turns shown with their observations; older ones appear as actions only. */
export const COMPACT_PROMPT_OBSERVATIONS = 2;

/**
 * The local model's prompt: the hosted template (spec §1.3) without its instructions, which a
 * small model learns from data instead. Older turns are listed as actions only, so the model
 * remembers where it has been at a few tokens per turn. The most important lines come last, so
 * cutting the prompt from the front (when it does not fit the context) drops the oldest first:
 *
 *   done: go to cabinet 1; close cabinet 1
 *   You arrive at cabinet 2. The cabinet 2 is closed.
 *   > open cabinet 2
 *   You open the cabinet 2. The cabinet 2 is open. In it, you see a plate 1.
 *   > go to countertop 1
 *   now: You arrive at countertop 1. On the countertop 1, you see a mug 1.
 *   task: put a clean mug in coffeemachine.
 *   subgoal: find a mug
 */
export function renderCompactPrompt(input: Pick<PolicyInput, "task" | "observation" | "history" | "currentSubgoal">): string {
  const lines: string[] = [];
  const older = input.history.slice(0, -COMPACT_PROMPT_OBSERVATIONS);
  if (older.length > 0) lines.push(`done: ${older.map((entry) => entry.action).join("; ")}`);
  // Each remembered turn: what was seen, then what was done about it.
  for (const entry of input.history.slice(-COMPACT_PROMPT_OBSERVATIONS)) lines.push(entry.observation, `> ${entry.action}`);
  lines.push(`now: ${input.observation.text}`, `task: ${input.task}`, `subgoal: ${input.currentSubgoal}`, "");
  return lines.join("\n");
}
