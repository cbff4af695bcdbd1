import { describe, expect, it } from "vitest";
import { Vocabulary } from "../model/vocabulary.js";
import type { LocalTurn } from "../policy/local-policy.js";
import { alignDeltas, completionChoice } from "./completion-choice.js";

const vocabulary = Vocabulary.build(["<switch>KEEP</switch>\n<subgoal>find a mug</subgoal>\n<action>go to desk 1</action>"]);

function turnOf(text: string, finished = true): LocalTurn {
  const ids = [...vocabulary.encode(text)];
  return {
    text,
    promptIds: [1, 2, 3],
    ids,
    pieces: vocabulary.pieces(Int32Array.from(ids)),
    logprobs: ids.map((_, index) => -0.1 * index),
    sources: ids.map(() => "sampled" as const),
    finished,
  };
}

describe("completionChoice", () => {
  const text = "<switch>KEEP</switch>\n<subgoal>find a mug</subgoal>\n<action>go to desk 1</action>";

  it("returns the whole turn with one delta and one logprob entry per token", () => {
    const choice = completionChoice(turnOf(text), vocabulary, { stop: [], logprobs: true, topLogprobs: 0 });
    expect(choice.content).toBe(text);
    expect(choice.finishReason).toBe("stop");
    expect(choice.deltas.join("")).toBe(text);
    expect(choice.tokenIds).toHaveLength(choice.deltas.length);
    expect(choice.logprobs?.map((entry) => entry.token).join("")).toBe(text);
    expect(choice.logprobs?.[2]?.logprob).toBeCloseTo(-0.2);
  });

  it("cuts before the earliest stop sequence and drops the tokens from there on", () => {
    const choice = completionChoice(turnOf(text), vocabulary, { stop: ["</action>", "</subgoal>"], logprobs: false, topLogprobs: 0 });
    expect(choice.content).toBe("<switch>KEEP</switch>\n<subgoal>find a mug");
    expect(choice.finishReason).toBe("stop");
    expect(choice.deltas.join("")).toBe(choice.content);
    expect(vocabulary.decode(choice.tokenIds)).toBe(choice.content);
    expect(choice.logprobs).toBeNull();
  });

  it("keeps the text before a stop that falls inside a token, without that token", () => {
    const choice = completionChoice(turnOf(text), vocabulary, { stop: ["mu"], logprobs: false, topLogprobs: 0 });
    expect(choice.content).toBe("<switch>KEEP</switch>\n<subgoal>find a ");
    expect(choice.deltas.join("")).toBe(choice.content);
    expect(vocabulary.decode(choice.tokenIds).length).toBeLessThanOrEqual(choice.content.length);
  });

  it("says length when the token limit cut the turn", () => {
    expect(completionChoice(turnOf("<switch>KEEP", false), vocabulary, { stop: [], logprobs: false, topLogprobs: 0 }).finishReason).toBe("length");
  });
});

describe("alignDeltas", () => {
  it("gives the rest of the text to the last token where pieces and text part ways", () => {
    expect(alignDeltas("take pen 1", ["take", " ", "1", "<eos>"])).toEqual(["take", " ", "", "pen 1"]);
    expect(alignDeltas("ab", [])).toEqual(["ab"]);
    expect(alignDeltas("ab", ["a", "b", "<eos>"])).toEqual(["a", "b", ""]);
  });
});
