import { describe, expect, it } from "vitest";
import { sequenceMatcherRatio } from "./sequence-matcher.js";

describe("sequenceMatcherRatio: CPython difflib's SequenceMatcher(None, a, b).ratio()", () => {
  it("small cases by hand", () => {
    // "bcd" matches: 2·3 / 8
    expect(sequenceMatcherRatio("abcd", "bcde")).toBe(0.75);
    expect(sequenceMatcherRatio("", "")).toBe(1);
    expect(sequenceMatcherRatio("abc", "")).toBe(0);
    expect(sequenceMatcherRatio("same", "same")).toBe(1);
    // "abxcd" vs "abcd": blocks "ab" and "cd", 2·4 / 9
    expect(sequenceMatcherRatio("abxcd", "abcd")).toBe(8 / 9);
  });

  // Values printed by CPython 3.11's difflib for the same inputs.
  it("agrees with CPython, code points included", () => {
    expect(sequenceMatcherRatio("You are in the middle of a room.", "You are in the middle of a room!")).toBe(0.96875);
    expect(sequenceMatcherRatio("private Thread currentThread;", "private volatile Thread currentThread;")).toBe(0.8656716417910447);
    expect(sequenceMatcherRatio("naïve café ☕", "naive cafe ☕")).toBe(0.8333333333333334);
  });

  it("applies the autojunk heuristic when b has ≥ 200 elements, like CPython", () => {
    const a =
      "You arrive at loc 12. On the countertop 1, you see a apple 1, a bread 1, a butterknife 2, a cup 1, a dishsponge 1, a egg 2, a fork 1, a knife 1, a lettuce 1, a mug 2, a pan 1, a peppershaker 1, a plate 2, a potato 1, a saltshaker 1, a spatula 1, a spoon 2, and a tomato 1.";
    const b = a.replace("a mug 2", "a mug 3").replace("loc 12", "loc 14");
    expect(sequenceMatcherRatio(a, b)).toBe(0.9926470588235294);
    // Reversed: without autojunk most characters would match; CPython finds one.
    expect(sequenceMatcherRatio(a, [...a].reverse().join(""))).toBe(0.003676470588235294);
    expect(sequenceMatcherRatio(`${"x".repeat(300)}abc`, `y${"x".repeat(250)}abd`)).toBe(0.9048473967684022);
  });
});
