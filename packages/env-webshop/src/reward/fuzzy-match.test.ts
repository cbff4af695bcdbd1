import { describe, expect, it } from "vitest";
import { fuzzProcess, fuzzRatio, tokenSetRatio, type FuzzyOperand } from "./fuzzy-match.js";
import { pythonRound, pythonStrRepr } from "./python-text.js";
import { sequenceMatcherRatio } from "@hiper/core";

// Expected values computed with CPython 3 difflib and thefuzz 0.19's processing rules.
const REFERENCE: [FuzzyOperand, FuzzyOperand, number][] = [
  ["XL", ["size", "XL"], 100],
  ["grey", ["color", "grey"], 100],
  ["powder snow", "cool powder snow", 100],
  ["essential oil", "essential oils", 96],
  ["tea bag", "tea tree", 60],
  ["3t280", "rl56 | 60 silver mist", 8],
  ["café crème", "cafe creme", 89],
  ["straße", "strasse", 83],
  ["a › b", "a b", 100],
  ["women's", "womens", 77],
  ["", "x", 0],
  ["!!!", "a", 0],
  ["38 | 40 | 41 mm", "teal", 0],
  ["large", ["size", "men's large"], 100],
  ["x", ["it's \"q\"", "v\n"], 0],
  ["a_b", "a b", 67],
  ["of crème", "teal navy", 12],
  ["slim", "z2-pink teal", 12],
  // 100·2/16 = 12.5 rounds half to even
  ["a", "abcdefghijklmno", 12],
];

describe("tokenSetRatio (thefuzz 0.19, difflib)", () => {
  it.each(REFERENCE)("%j vs %j = %d", (a, b, expected) => {
    expect(tokenSetRatio(a, b)).toBe(expected);
  });

  it("applies difflib's autojunk to sequences of 200+ characters", () => {
    // every character is "popular" in b, so no match can start: ratio 0 (CPython agrees)
    const a = "ab ".repeat(90);
    const b = "ba ".repeat(80);
    expect(fuzzRatio(a, b)).toBe(0);
    expect(sequenceMatcherRatio("ab ".repeat(10), "ba ".repeat(10))).toBe(0.5);
  });

  it("processes like thefuzz: drops U+0080–U+00FF, keeps › as a separator, stringifies pairs", () => {
    expect(fuzzProcess("Café-Crème")).toBe("caf crme");
    expect(fuzzProcess("a›b")).toBe("a b");
    expect(fuzzProcess(["size", "XL"])).toBe("size    xl");
  });
});

describe("Python helpers", () => {
  it("rounds halves to even", () => {
    expect([0.5, 1.5, 2.5, 12.5, 37.5, 2.4, 2.6].map(pythonRound)).toEqual([0, 2, 2, 12, 38, 2, 3]);
  });

  it("writes repr like CPython", () => {
    expect(pythonStrRepr("abc")).toBe("'abc'");
    expect(pythonStrRepr("men's")).toBe('"men\'s"');
    expect(pythonStrRepr("it's \"q\"")).toBe("'it\\'s \"q\"'");
    expect(pythonStrRepr("a\nb\t\u0085")).toBe("'a\\nb\\t\\x85'");
  });
});
