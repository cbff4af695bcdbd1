import { describe, expect, it } from "vitest";
import { Vocabulary } from "../model/vocabulary.js";
import { DecodingSettings } from "./decoding-settings.js";
import { turnGrammar } from "./turn-grammar.js";

const vocabulary = Vocabulary.build(["search for a red mug under 30 dollars", "click[buy now]"]);

/** Drives a grammar the longest way: `choice` (SWITCH by default), then text tokens until the grammar closes each block; returns the reply's length. */
function longestReply(decoding: DecodingSettings, choice: "keep" | "switch" = "switch"): number {
  const grammar = turnGrammar({ currentSubgoal: "find a mug" }, vocabulary, decoding);
  const text = vocabulary.encode(" mug")[0] as number;
  let length = 0;
  for (let step = grammar.next(); step.kind !== "done"; step = grammar.next()) {
    const token = step.kind === "force" ? step.token : step.constraint?.kind === "allow" && step.constraint.ids.includes(vocabulary.ids.switch) ? vocabulary.ids[choice] : text;
    grammar.advance(token);
    length += 1;
  }
  return length;
}

describe("turnGrammar", () => {
  it("closes a free action early enough that the longest reply fits in maxNewTokens", () => {
    expect(longestReply(DecodingSettings.parse({}))).toBe(48);
    expect(longestReply(DecodingSettings.parse({ maxNewTokens: 40 }))).toBe(40);
  });

  it("keeps the configured action budget when the reply fits", () => {
    expect(longestReply(DecodingSettings.parse({ maxNewTokens: 64 }))).toBe(10 + 16 + 24);
    // KEEP copies a short subgoal, which leaves the action all of its 24 tokens within 48.
    expect(longestReply(DecodingSettings.parse({}), "keep")).toBe(10 + vocabulary.encode("find a mug").length + 24);
  });
});
