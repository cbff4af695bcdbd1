import { describe, expect, it } from "vitest";
import { parseTrainingResponse, withActionFallback } from "../protocol/training-parse.js";
import { haeTokenAdvantages } from "./hae-tokens.js";

const TOY = [
  "<switch>", "SWITCH", "</switch>", "\n",
  "<subgoal>", "find", " a", " mug", "</subgoal>", "\n",
  "<action>", "go", " to", " countertop", " 1", "</action>", "<EOS>",
];
const spansOf = (pieces: string[]) => {
  const parse = parseTrainingResponse(pieces);
  return withActionFallback(parse.spans, parse.validLength);
};

describe("haeTokenAdvantages (§3.7)", () => {
  const advantages = { aLow: 1, aHigh: 10, aTerm: 100 };

  it("boundary turn: A^T on switch, A^H on subgoal, A^L on action, 0 between blocks and on EOS", () => {
    const { tokenAdvantages, lossMask } = haeTokenAdvantages({ ...advantages, isBoundary: true }, spansOf(TOY), 17);
    expect(tokenAdvantages).toEqual([100, 100, 100, 0, 10, 10, 10, 10, 10, 0, 1, 1, 1, 1, 1, 1, 0]);
    expect(lossMask.map(Number)).toEqual([1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0]);
  });

  it("KEEP turn: no A^H on the copied subgoal, and it is out of the loss", () => {
    const { tokenAdvantages, lossMask } = haeTokenAdvantages({ aLow: 1, aHigh: null, aTerm: 100, isBoundary: false }, spansOf(TOY), 17);
    expect(tokenAdvantages.slice(4, 9)).toEqual([0, 0, 0, 0, 0]);
    expect(lossMask.slice(4, 9).some(Boolean)).toBe(false);
  });

  it("overlapping spans add up on the shared token", () => {
    // "</switch>\n<" closes the switch block and opens the subgoal block.
    const pieces = ["<switch>", "SWITCH", "</switch>\n<", "subgoal>", "x", "</subgoal>", "<action>", "a", "</action>"];
    const { tokenAdvantages } = haeTokenAdvantages({ ...advantages, isBoundary: true }, spansOf(pieces), 9);
    expect(tokenAdvantages).toEqual([100, 100, 110, 10, 10, 10, 1, 1, 1]);
  });

  it("action fallback: A^L on every token, EOS included, on top of the other blocks", () => {
    const pieces = ["<switch>", "KEEP", "</switch>", "go", "<EOS>"];
    const { tokenAdvantages, lossMask } = haeTokenAdvantages({ aLow: 1, aHigh: null, aTerm: 100, isBoundary: false }, spansOf(pieces), 5);
    expect(tokenAdvantages).toEqual([101, 101, 101, 1, 1]);
    expect(lossMask.every(Boolean)).toBe(true);
  });
});
