import { describe, expect, it } from "vitest";
import { analyzeEnglish } from "./english-analyzer.js";
import { standardTokenize } from "./standard-tokenizer.js";

describe("standardTokenize (UAX #29 subset)", () => {
  it.each([
    ["3-ounce x-large", ["3", "ounce", "x", "large"]],
    ["2.7 lbs, 1,000 pcs", ["2.7", "lbs", "1,000", "pcs"]],
    ["12oz B078GWRC1J", ["12oz", "B078GWRC1J"]],
    ["L'eau d'Issey women's", ["L'eau", "d'Issey", "women's"]],
    ["L\u2019eau", ["L\u2019eau"]],
    ["salt & pepper #2 (pack) | red/blue", ["salt", "pepper", "2", "pack", "red", "blue"]],
    ["D.O.N. Issue", ["D.O.N", "Issue"]],
    ["a.1 1.a 1. .5", ["a", "1", "1", "a", "1", "5"]],
    ["size:large foo_bar ___", ["size:large", "foo_bar"]],
    ["1.5oz", ["1.5oz"]],
    ["café naïve", ["café", "naïve"]],
    ["e\u0301t\u00e9", ["e\u0301t\u00e9"]],
    ["日本語 text", ["日", "本", "語", "text"]],
  ])("%j", (text, tokens) => {
    expect(standardTokenize(text)).toEqual(tokens);
  });

  it("deliberately drops emoji (Lucene >= 7 emits them as tokens)", () => {
    expect(standardTokenize("love 😀 it")).toEqual(["love", "it"]);
  });

  it("cuts tokens longer than 255 characters", () => {
    const tokens = standardTokenize("x".repeat(600));
    expect(tokens.map((token) => token.length)).toEqual([255, 255, 90]);
  });
});

describe("analyzeEnglish", () => {
  it("removes possessives, lower-cases, drops stop words and Porter-stems", () => {
    expect(analyzeEnglish("The Women's Running Shoes for Kids' parties")).toEqual(["women", "run", "shoe", "kid", "parti"]);
  });

  it("keeps the reference Porter rules (bli → ble, logi → log)", () => {
    expect(analyzeEnglish("possibly archaeology generalization relational")).toEqual(["possibl", "archaeolog", "gener", "relat"]);
  });

  it("returns nothing for stop words and symbols only", () => {
    expect(analyzeEnglish("the and of | & -")).toEqual([]);
  });
});
