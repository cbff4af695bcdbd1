import type { PolicyInput } from "@hiper/core";

/** Past turns shown with their observations; older ones appear as actions only. */
export const COMPACT_PROMPT_OBSERVATIONS = 2;

/**
 * The local model's prompt: the hosted template (spec §1.3) without its instructions, which a
 * small model learns from data instead. Older turns are listed as actions only, so the model
 * remembers where it has been at a few tokens per turn. The most important lines come last, so
 * cutting the prompt from the front (when it does not fit the context) drops the oldest first:
 *
 *   done: go to cabinet 1; open cabinet 1
 *   > go to cabinet 2
 *   You arrive at cabinet 2. The cabinet 2 is closed.
 *   now: You open the cabinet 2. …
 *   task: put a clean mug in coffeemachine.
 *   subgoal: find a mug
 */
export function renderCompactPrompt(input: Pick<PolicyInput, "task" | "observation" | "history" | "currentSubgoal">): string {
  const lines: string[] = [];
  const older = input.history.slice(0, -COMPACT_PROMPT_OBSERVATIONS);
  if (older.length > 0) lines.push(`done: ${older.map((entry) => entry.action).join("; ")}`);
  for (const entry of input.history.slice(-COMPACT_PROMPT_OBSERVATIONS)) lines.push(`> ${entry.action}`, entry.observation);
  lines.push(`now: ${input.observation.text}`, `task: ${input.task}`, `subgoal: ${input.currentSubgoal}`, "");
  return lines.join("\n");
}
