import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/index.js";
import {
  findBlockCharRange,
  parseTrainingResponse,
  parseTrainingText,
  switchTextOf,
  trainingLossMask,
  withActionFallback,
} from "./training-parse.js";

/** Indices where the mask is true, for readable expectations. */
const on = (mask: boolean[]) => mask.flatMap((value, index) => (value ? [index] : []));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// §2.6: the toy tokenizer's 17 pieces, indices 0–16.
const TOY = [
  "<switch>", "KEEP", "</switch>", "\n",
  "<subgoal>", "find", " a", " mug", "</subgoal>", "\n",
  "<action>", "go", " to", " countertop", " 1", "</action>", "<EOS>",
];

describe("parseTrainingResponse: the §2.6 toy example", () => {
  const parse = parseTrainingResponse(TOY, { eosIndex: 16 });

  it("finds the three spans, tags included", () => {
    expect(parse.spans).toEqual({ switch: [0, 2], subgoal: [4, 8], action: [10, 15] });
    expect(parse.actionFallback).toBe(false);
    expect(parse.validLength).toBe(17);
  });

  it("reads V_H and V_T at 0 and V_L at the newline after </subgoal>", () => {
    expect(parse.valueIndex).toEqual({ high: 0, low: 9, term: 0 });
  });

  it("KEEP with t ≥ 1: the loss mask leaves the copied subgoal out", () => {
    expect(parse.switchText).toBe("KEEP");
    expect(parse.isNewSubgoal).toBe(false);
    const mask = trainingLossMask(withActionFallback(parse.spans, parse.validLength), { length: 17, isBoundary: false });
    expect(on(mask)).toEqual([0, 1, 2, ...range(10, 15)]);
  });

  it("SWITCH: the subgoal is trained too; 3, 9 and 16 are always out", () => {
    const switched = parseTrainingResponse(TOY.map((piece) => (piece === "KEEP" ? "SWITCH" : piece)));
    expect(switched.isNewSubgoal).toBe(true);
    const mask = trainingLossMask(withActionFallback(switched.spans, switched.validLength), { length: 17, isBoundary: true });
    expect(on(mask)).toEqual([...range(0, 2), ...range(4, 8), ...range(10, 15)]);
    for (const index of [3, 9, 16]) expect(mask[index]).toBe(false);
  });

  it("merged `</subgoal>\\n`: the subgoal span is still 4–8 and V_L moves to <action>", () => {
    const merged = [...TOY.slice(0, 8), "</subgoal>\n", ...TOY.slice(10)];
    const result = parseTrainingResponse(merged);
    expect(result.spans.subgoal).toEqual([4, 8]);
    expect(merged[9]).toBe("<action>");
    expect(result.valueIndex.low).toBe(9);
  });

  it("no <action> tags: the action span is every token, EOS included", () => {
    const noAction = [...TOY.slice(0, 10), "go", " to", " countertop", " 1", "<EOS>"];
    const result = parseTrainingResponse(noAction, { eosIndex: 14 });
    expect(result.spans.action).toBeNull();
    expect(result.actionFallback).toBe(true);
    expect(withActionFallback(result.spans, result.validLength).action).toEqual([0, 14]);
    const mask = trainingLossMask(withActionFallback(result.spans, result.validLength), { length: 15, isBoundary: false });
    expect(on(mask)).toEqual(range(0, 14));
  });
});

describe("parseTrainingResponse: switch decision (§2.2)", () => {
  const decide = (text: string) => parseTrainingText(text);

  it("missing or empty switch reads as KEEP", () => {
    expect(decide("<subgoal>x</subgoal><action>look</action>")).toMatchObject({ switchText: "KEEP", isNewSubgoal: false });
    expect(decide("<switch>  </switch><action>look</action>")).toMatchObject({ switchText: "KEEP", isNewSubgoal: false });
    expect(decide("<switch>SWITCH")).toMatchObject({ switchText: "KEEP", isNewSubgoal: false });
  });

  it("MAYBE or garbage starts a segment (the env side would call it invalid)", () => {
    expect(decide("<switch>maybe</switch>")).toMatchObject({ switchText: "MAYBE", isNewSubgoal: true });
    expect(decide("<switch> ??? </switch>").isNewSubgoal).toBe(true);
  });

  it("content is trimmed and upper-cased, but tags are case-sensitive", () => {
    expect(switchTextOf("<switch> keep\n</switch>")).toBe("KEEP");
    expect(switchTextOf("<switch>Switch</switch>")).toBe("SWITCH");
    expect(switchTextOf("<SWITCH>SWITCH</SWITCH>")).toBe("KEEP");
  });

  it("the close tag must come after the open tag", () => {
    expect(findBlockCharRange("</action> x <action>go", "action")).toBeNull();
    expect(findBlockCharRange("</action><action>go</action>", "action")).toEqual([9, 28]);
  });
});

describe("parseTrainingResponse: span overlap rule (§2.3)", () => {
  it("a token that merges a tag with its neighbours belongs to both spans", () => {
    // "</switch>\n<" ends the switch block and opens the subgoal block.
    const pieces = ["<switch>", "SWITCH", "</switch>\n<", "subgoal>", "x", "</subgoal>", "<action>", "a", "</action>"];
    const result = parseTrainingResponse(pieces);
    expect(result.spans).toEqual({ switch: [0, 2], subgoal: [2, 5], action: [6, 8] });
    // The merged token carries both; the union mask has no gaps.
    const mask = trainingLossMask(withActionFallback(result.spans, result.validLength), { length: 9, isBoundary: true });
    expect(on(mask)).toEqual(range(0, 8));
  });

  it("a tag split over tokens spans all of them; a separate newline stays out", () => {
    const pieces = ["<sw", "itch>", "KEEP", "</", "switch", ">", "\n", "<action>", "look", "</action>", "\n"];
    const result = parseTrainingResponse(pieces);
    expect(result.spans.switch).toEqual([0, 5]);
    expect(result.spans.action).toEqual([7, 9]);
    expect(result.spans.subgoal).toBeNull();
  });

  it("text before <switch> and after </action> is outside every span", () => {
    const pieces = ["Sure", "!", "<switch>", "KEEP", "</switch>", "<subgoal>", "g", "</subgoal>", "<action>", "a", "</action>", " done"];
    const result = parseTrainingResponse(pieces);
    const mask = trainingLossMask(withActionFallback(result.spans, result.validLength), { length: 12, isBoundary: true });
    expect(on(mask)).toEqual(range(2, 10));
  });

  it("tokens after the EOS index are padding: outside the text and every span", () => {
    const pieces = ["<action>", "a", "<EOS>", "</action>", "<pad>"];
    const result = parseTrainingResponse(pieces, { eosIndex: 2 });
    expect(result.validLength).toBe(3);
    expect(result.text).toBe("<action>a<EOS>");
    expect(result.spans.action).toBeNull();
    expect(withActionFallback(result.spans, result.validLength).action).toEqual([0, 2]);
    const mask = trainingLossMask(withActionFallback(result.spans, result.validLength), { length: 5, isBoundary: false });
    expect(mask).toEqual([true, true, true, false, false]);
  });

  it("rejects an EOS index outside the pieces", () => {
    expect(() => parseTrainingResponse(["a"], { eosIndex: 1 })).toThrow(InvalidInputError);
    expect(() => parseTrainingResponse(["a"], { eosIndex: 0.5 })).toThrow(InvalidInputError);
  });

  it("an empty response has no spans, no fallback, and reads every value at 0", () => {
    const result = parseTrainingResponse([]);
    expect(result.spans).toEqual({ switch: null, subgoal: null, action: null });
    expect(result.actionFallback).toBe(false);
    expect(result.valueIndex).toEqual({ high: 0, low: 0, term: 0 });
    expect(trainingLossMask(withActionFallback(result.spans, 0), { length: 0, isBoundary: true })).toEqual([]);
  });

  it("zero-length pieces (an EOS decoded as '') keep the offsets straight", () => {
    const pieces = ["<action>", "", "go", "</action>", ""];
    const result = parseTrainingResponse(pieces, { eosIndex: 4 });
    expect(result.spans.action).toEqual([0, 3]);
  });
});

describe("parseTrainingResponse: V_L fallbacks (§2.4)", () => {
  it("no subgoal block: the first token after </switch>", () => {
    const result = parseTrainingResponse(["<switch>", "KEEP", "</switch>", "\n", "<action>", "a", "</action>"]);
    expect(result.valueIndex.low).toBe(3);
  });

  it("nothing after </subgoal>: fall back to </switch>", () => {
    const result = parseTrainingResponse(["<switch>", "KEEP", "</switch>", "<subgoal>", "g", "</subgoal>"]);
    expect(result.valueIndex.low).toBe(3);
  });

  it("neither block, or nothing after either: index 0", () => {
    expect(parseTrainingResponse(["<action>", "a", "</action>"]).valueIndex.low).toBe(0);
    expect(parseTrainingResponse(["<switch>", "KEEP", "</switch>"]).valueIndex.low).toBe(0);
  });

  it("a subgoal close merged with the next token reads at the token after it", () => {
    const result = parseTrainingResponse(["<subgoal>", "g", "</subgoal><act", "ion>", "a", "</action>"]);
    expect(result.spans.subgoal).toEqual([0, 2]);
    expect(result.spans.action).toEqual([2, 5]);
    expect(result.valueIndex.low).toBe(3);
  });
});
