import { renderPrompt, TRAJECTORY_SCHEMA_VERSION, type EpisodeRecord, type TurnRecord } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { OpenAIChatExample, openAIChatExamples } from "./openai-chat-example.js";

function turn(turnIndex: number, currentSubgoal: string, parsed: TurnRecord["parsed"]): TurnRecord {
  return {
    trajectoryId: "toy/seed-0/r0",
    groupId: "toy/seed-0",
    turnIndex,
    observation: `room ${turnIndex}`,
    admissibleActions: ["look", "open door"],
    currentSubgoal,
    prompt: "",
    output: "",
    parsed,
    executedAction: parsed.action,
    reward: 0,
    done: false,
    truncated: false,
    info: {},
  };
}

// Turns listed out of order on purpose: the record's turnIndex, not the array order, sets the history.
const episode: EpisodeRecord = {
  schemaVersion: TRAJECTORY_SCHEMA_VERSION,
  trajectoryId: "toy/seed-0/r0",
  groupId: "toy/seed-0",
  envId: "toy",
  policyId: "test",
  task: "leave the room",
  status: "done",
  won: true,
  totalReward: 1,
  steps: 3,
  invalidTurns: 1,
  startedAt: "2026-01-01T00:00:00.000Z",
  durationMs: 1,
  turns: [
    turn(1, "find the door", { switch: "KEEP", subgoal: "find door", action: "open door", valid: true, reason: null }),
    turn(0, "None", { switch: "SWITCH", subgoal: "find the door", action: "look", valid: true, reason: null }),
    turn(2, "find door", { switch: "", subgoal: "", action: "open door", valid: false, reason: "missing_switch" }),
  ],
};

describe("openAIChatExamples", () => {
  it("rebuilds each turn's hosted prompt and writes the decision canonically, the subgoal in force on KEEP", () => {
    const examples = [...openAIChatExamples(episode, { promptStyle: "generic", historyLength: 1 })];
    expect(examples).toHaveLength(3);
    expect(examples[2]).toBeNull();
    for (const example of examples) if (example) OpenAIChatExample.parse(example);
    expect(examples[0]?.messages[1].content).toBe("<switch>SWITCH</switch>\n<subgoal>find the door</subgoal>\n<action>look</action>");
    expect(examples[1]?.messages[1].content).toBe("<switch>KEEP</switch>\n<subgoal>find the door</subgoal>\n<action>open door</action>");
    expect(examples[1]?.messages[0].content).toBe(
      renderPrompt({
        envId: "toy",
        promptStyle: "generic",
        task: "leave the room",
        observation: { text: "room 1", task: "leave the room", admissibleActions: ["look", "open door"] },
        step: 1,
        history: [{ turn: 1, observation: "room 0", action: "look" }],
        currentSubgoal: "find the door",
      }),
    );
  });

  it("shows at most the history window, and none for a window of 0", () => {
    const historyLines = (historyLength: number) =>
      [...openAIChatExamples({ ...episode, turns: episode.turns.map((t) => ({ ...t, parsed: { ...t.parsed, valid: true, switch: "SWITCH" as const } })) }, { promptStyle: "generic", historyLength })]
        .map((example) => example?.messages[0].content.match(/\[Observation \d+:/g)?.length ?? 0);
    expect(historyLines(1)).toEqual([0, 1, 1]);
    expect(historyLines(2)).toEqual([0, 1, 2]);
    expect(historyLines(0)).toEqual([0, 0, 0]);
  });
});
