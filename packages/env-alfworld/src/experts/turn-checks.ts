import { parsePlanExecute, type EpisodeRecord } from "@hiper/core";

// Test helper (not exported from the package): protocol checks on an expert's episode.

/** Every turn is valid Plan-Execute output; KEEP copies the current subgoal; a segment starts with SWITCH. */
export function checkTurns(episode: EpisodeRecord): string[] {
  const problems: string[] = [];
  for (const turn of episode.turns) {
    const parsed = parsePlanExecute(turn.output, { style: "alfworld" });
    if (!parsed.valid) problems.push(`turn ${turn.turnIndex}: ${parsed.reason}`);
    if (parsed.switch === "KEEP" && parsed.subgoal !== turn.currentSubgoal) problems.push(`turn ${turn.turnIndex}: KEEP changed the subgoal`);
    if (turn.turnIndex === 0 && parsed.switch !== "SWITCH") problems.push("turn 0 is not a SWITCH");
    if (turn.info.valid !== true) problems.push(`turn ${turn.turnIndex}: "${parsed.action}" was not admissible`);
  }
  return problems;
}
