import { describe, expect, it } from "vitest";
import { renderCompactPrompt } from "./compact-prompt.js";

describe("renderCompactPrompt", () => {
  it("lists old actions, then the last two turns as observation and action, then the state and task last", () => {
    const history = [
      { turn: 1, observation: "You are in the middle of a room.", action: "go to cabinet 1" },
      { turn: 2, observation: "You arrive at cabinet 1. The cabinet 1 is closed.", action: "open cabinet 1" },
      { turn: 3, observation: "You open the cabinet 1. The cabinet 1 is open. In it, you see nothing.", action: "go to countertop 1" },
    ];
    const prompt = renderCompactPrompt({
      task: "put a mug in coffeemachine.",
      observation: { text: "You arrive at countertop 1. On the countertop 1, you see a mug 1.", task: "put a mug in coffeemachine." },
      history,
      currentSubgoal: "find a mug",
    });
    expect(prompt).toBe(
      [
        "done: go to cabinet 1",
        "You arrive at cabinet 1. The cabinet 1 is closed.",
        "> open cabinet 1",
        "You open the cabinet 1. The cabinet 1 is open. In it, you see nothing.",
        "> go to countertop 1",
        "now: You arrive at countertop 1. On the countertop 1, you see a mug 1.",
        "task: put a mug in coffeemachine.",
        "subgoal: find a mug",
        "",
      ].join("\n"),
    );
  });

  it("has no history lines on the first turn", () => {
    expect(renderCompactPrompt({ task: "t", observation: { text: "o", task: "t" }, history: [], currentSubgoal: "None" })).toBe("now: o\ntask: t\nsubgoal: None\n");
  });
});
