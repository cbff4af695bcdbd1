import { InvalidInputError, parseTrainingResponse } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { SPECIAL_TOKENS, Vocabulary, VocabularyData } from "./vocabulary.js";

const corpus = [
  "Task: put a clean mug in the coffeemachine.\nYou are in the middle of a room. Looking quickly around you, you see a countertop 1.",
  "<switch>SWITCH</switch>\n<subgoal>find a mug</subgoal>\n<action>go to countertop 1</action>",
  "<switch>KEEP</switch>\n<subgoal>find a mug</subgoal>\n<action>take mug 1 from countertop 1</action>",
  "café — naïve 🙂",
];

describe("Vocabulary", () => {
  const vocabulary = Vocabulary.build(corpus);

  it("maps the special tokens to the first ids", () => {
    expect(vocabulary.ids.pad).toBe(0);
    expect(vocabulary.ids.eos).toBe(1);
    expect(vocabulary.ids.unk).toBe(2);
    expect(vocabulary.piece(vocabulary.ids.switchOpen)).toBe("<switch>");
    expect(vocabulary.size).toBeGreaterThan(SPECIAL_TOKENS.length);
  });

  it("round-trips text made of corpus pieces, byte-exact", () => {
    for (const text of corpus) expect(vocabulary.decode(vocabulary.encode(text))).toBe(text);
  });

  it("encodes each tag and switch word as one token", () => {
    const ids = vocabulary.encode("<switch>KEEP</switch>\n<subgoal>find a mug</subgoal>");
    const { switchOpen, keep, switchClose, subgoalOpen, subgoalClose } = vocabulary.ids;
    expect(Array.from(ids.slice(0, 3))).toEqual([switchOpen, keep, switchClose]);
    expect(ids[4]).toBe(subgoalOpen);
    expect(ids[ids.length - 1]).toBe(subgoalClose);
    // "KEEPING" is a word, not the switch token.
    expect(Array.from(vocabulary.encode("KEEPING"))).not.toContain(keep);
  });

  it("gives per-token pieces whose concatenation is the text, for the training-side parser", () => {
    const text = "<switch>KEEP</switch>\n<subgoal>find a mug</subgoal>\n<action>go to countertop 1</action>";
    const ids = [...vocabulary.encode(text), vocabulary.ids.eos];
    const pieces = vocabulary.pieces(ids);
    expect(pieces.slice(0, -1).join("")).toBe(text);
    expect(pieces[pieces.length - 1]).toBe("<eos>");
    const parse = parseTrainingResponse(pieces, { eosIndex: ids.length - 1 });
    expect(parse.switchText).toBe("KEEP");
    expect(parse.spans.switch).toEqual([0, 2]);
    expect(parse.spans.action?.[1]).toBe(ids.length - 2);
  });

  it("encodes unseen pieces as <unk> and drops control tokens when decoding", () => {
    const ids = vocabulary.encode("zebra xylophone");
    expect(Array.from(ids)).toContain(vocabulary.ids.unk);
    expect(vocabulary.decode([vocabulary.ids.pad, ...vocabulary.encode("find a mug"), vocabulary.ids.eos])).toBe("find a mug");
  });

  it("serialises through its zod schema and back", () => {
    const data = JSON.parse(JSON.stringify(vocabulary.toData())) as unknown;
    expect(VocabularyData.parse(data).encoding).toBe("o200k_base");
    const restored = Vocabulary.fromData(data);
    expect(restored.size).toBe(vocabulary.size);
    expect(Array.from(restored.encode(corpus[0] as string))).toEqual(Array.from(vocabulary.encode(corpus[0] as string)));
  });

  it("rejects saved vocabularies it cannot trust", () => {
    const data = vocabulary.toData();
    expect(() => Vocabulary.fromData({ ...data, version: 2 })).toThrow(InvalidInputError);
    expect(() => Vocabulary.fromData({ ...data, specials: ["<pad>"] })).toThrow(/special tokens/);
    expect(() => Vocabulary.fromData({ ...data, tiktokenIds: [5, 3] })).toThrow(/ascending/);
  });

  it("keeps the most frequent pieces within maxSize, on either encoding", () => {
    const small = Vocabulary.build(corpus, { maxSize: SPECIAL_TOKENS.length + 5, encoding: "cl100k_base" });
    expect(small.size).toBe(SPECIAL_TOKENS.length + 5);
    expect(small.decode(small.encode("\n"))).toBe("\n");
    expect(() => small.piece(small.size)).toThrow(InvalidInputError);
  });
});
