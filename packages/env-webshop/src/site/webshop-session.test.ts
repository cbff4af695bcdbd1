import { describe, expect, it } from "vitest";
import type { Goal, Product } from "../model/index.js";
import { testGoal, testProduct } from "../test-support/test-product.js";
import { parseAction } from "./parse-action.js";
import { flaskToJson, pythonFloat } from "./python-text.js";
import { type ShopBackend, WebshopSession } from "./webshop-session.js";

const I = "i would like a 3 ounce bottle of bright citrus deodorant for sensitive skin, and price lower than 50.00 dollars";

const deodorant = testProduct({
  asin: "B078GWRC1J",
  Title: "Bright Citrus Deodorant by Earth Mama | Natural and Safe for Sensitive Skin, Pregnancy and Breastfeeding, Contains Organic Calendula 3-Ounce",
  Price: "$10.99",
  options: [
    { name: "scent", values: ["assorted scents", "bright citrus", "calming lavender"] },
    { name: "size", values: ["travel set (4-pack)", "3 ounce (pack of 1)"] },
  ],
  BulletPoints: ["Feature one.", "Feature two."],
});
const ginger = testProduct({ asin: "B078GTKVXY", Title: "Ginger Fresh Deodorant by Earth Mama", Price: "$10.99 to $12.99" });
const fillers = Array.from({ length: 10 }, (_, i) => testProduct({ asin: `B0FILLER${String(i).padStart(2, "0")}`, Title: `Filler ${i}` }));
const products = new Map<string, Product>([deodorant, ginger, ...fillers].map((product) => [product.asin, product]));

/** Searches give 12 hits (10 fillers, then the two deodorants) unless nothing matches. */
function backend(purchases: Array<{ asin: string; options: Record<string, string> }> = []): ShopBackend {
  return {
    product: (asin) => products.get(asin),
    search: (keywords) => (keywords.join(" ").trim() === "" ? [] : [...fillers.map((p) => p.asin), deodorant.asin, ginger.asin]),
    purchase: (_goal: Goal, product, options) => {
      purchases.push({ asin: product.asin, options: Object.fromEntries(options) });
      return { reward: product.asin === deodorant.asin ? 0.75 : 0, details: { r_type: 1 } };
    },
  };
}

const session = (purchases?: Array<{ asin: string; options: Record<string, string> }>) =>
  new WebshopSession(backend(purchases), testGoal({ asin: deodorant.asin, instruction_text: I }));

describe("parseAction (spec §9)", () => {
  it("splits like Python's re.match('(.+)\\[(.+)\\]'): greedy groups, start anchor only, lower-cased argument", () => {
    expect(parseAction("click[Buy Now]")).toEqual({ name: "click", argument: "buy now" });
    expect(parseAction("click[buy now] please")).toEqual({ name: "click", argument: "buy now" });
    expect(parseAction("click[x]]")).toEqual({ name: "click", argument: "x]" });
    expect(parseAction("search[a] [b]")).toEqual({ name: "search[a] ", argument: "b" });
    expect(parseAction("search[ ]")).toEqual({ name: "search", argument: " " });
    expect(parseAction("search[]")).toEqual({ name: "search[]", argument: null });
    expect(parseAction("[x]")).toEqual({ name: "[x]", argument: null });
    expect(parseAction("a[b]\nc[d]")).toEqual({ name: "a", argument: "b" });
    expect(parseAction("look")).toEqual({ name: "look", argument: null });
    expect(parseAction(" Click[X]")).toEqual({ name: " Click", argument: "x" });
  });

  it("stays linear on pathological input", () => {
    const started = performance.now();
    parseAction(`a${"[".repeat(200_000)}`);
    parseAction(`a${"[x".repeat(100_000)}`);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("Python text helpers", () => {
  it("formats floats like Python repr", () => {
    expect([1, 0.75, 2 / 3, 0, 100, 24.49, 1e-5, 1e16, 123456789012345.6].map(pythonFloat)).toEqual([
      "1.0",
      "0.75",
      "0.6666666666666666",
      "0.0",
      "100.0",
      "24.49",
      "1e-05",
      "1e+16",
      "123456789012345.6",
    ]);
  });

  it("writes options like Flask's tojson", () => {
    expect(flaskToJson([])).toBe("{}");
    expect(flaskToJson([["color", "black & white"], ["a", "é"]])).toBe('{"a": "\\u00e9", "color": "black \\u0026 white"}');
    expect(flaskToJson([["size", "<3'"]])).toBe('{"size": "\\u003c3\\u0027"}');
  });
});

describe("WebshopSession (spec §6–§9, §17)", () => {
  it("renders the §17 pages and clickables through a purchase", () => {
    const purchases: Array<{ asin: string; options: Record<string, string> }> = [];
    const shop = session(purchases);
    expect(shop.observation()).toBe(`WebShop [SEP] Instruction: [SEP] ${I} [SEP] Search`);
    expect(shop.availableActions()).toEqual({ hasSearchBar: true, clickables: ["search"] });
    expect(shop.instructionText()).toBe(`Instruction: ${I}`);

    const results = shop.step("search[bright citrus deodorant]");
    expect(results).toMatchObject({ valid: true, done: false, reward: 0 });
    expect(results.observation.startsWith(`Instruction: [SEP] ${I} [SEP] Back to Search [SEP] Page 1 (Total results: 12) [SEP] Next > [SEP] B0FILLER00 [SEP] Filler 0 [SEP] $10.0`)).toBe(true);
    expect(shop.availableActions().clickables.slice(0, 3)).toEqual(["back to search", "next >", "b0filler00"]);
    expect(shop.instructionText()).toBe(`Instruction:${I}`);

    const page2 = shop.step("click[Next >]");
    expect(page2.observation).toBe(
      `Instruction: [SEP] ${I} [SEP] Back to Search [SEP] Page 2 (Total results: 12) [SEP] < Prev [SEP] Next > [SEP] B078GWRC1J [SEP] ${deodorant.Title} [SEP] $10.99 [SEP] B078GTKVXY [SEP] Ginger Fresh Deodorant by Earth Mama [SEP] $10.99 to $12.99`,
    );
    expect(shop.availableActions()).toEqual({ hasSearchBar: false, clickables: ["back to search", "< prev", "next >", "b078gwrc1j", "b078gtkvxy"] });

    const item = shop.step("click[B078GWRC1J]");
    const itemText =
      `Instruction: [SEP] ${I} [SEP] Back to Search [SEP] < Prev [SEP] scent [SEP] assorted scents [SEP] bright citrus [SEP] calming lavender [SEP] size [SEP] travel set (4-pack) [SEP] 3 ounce (pack of 1) ` +
      `[SEP] ${deodorant.Title} [SEP] Price: $10.99 [SEP] Rating: N.A. [SEP] Description [SEP] Features [SEP] Reviews [SEP] Buy Now`;
    expect(item.observation).toBe(itemText);
    expect(shop.availableActions().clickables).toEqual([
      "back to search",
      "< prev",
      "description",
      "features",
      "reviews",
      "buy now",
      "assorted scents",
      "bright citrus",
      "calming lavender",
      "travel set (4-pack)",
      "3 ounce (pack of 1)",
    ]);
    expect(shop.visited).toEqual(new Set(["B078GWRC1J"]));

    expect(shop.step("click[bright citrus]")).toMatchObject({ observation: itemText, valid: true });
    expect(shop.step("click[features]").observation).toBe(`Instruction: [SEP] ${I} [SEP] Back to Search [SEP] < Prev [SEP] Feature one. [SEP] Feature two.`);
    expect(shop.availableActions().clickables).toEqual(["back to search", "< prev"]);
    expect(shop.step("click[< prev]").observation).toBe(itemText);
    expect(shop.options).toEqual(new Map([["scent", "bright citrus"]]));

    const done = shop.step("click[Buy Now]");
    expect(done).toMatchObject({ valid: true, done: true, reward: 0.75, rewardDetails: { r_type: 1 } });
    expect(done.observation).toBe(
      'Thank you for shopping with us! [SEP] Your code: [SEP] None [SEP] (Paste it in your MTurk interface.) [SEP] Purchased [SEP] asin [SEP] B078GWRC1J [SEP] options [SEP] {"scent": "bright citrus"} [SEP] attrs [SEP] None [SEP] category [SEP] None [SEP] query [SEP] None [SEP] product category [SEP] None [SEP] Target [SEP] asin [SEP] options [SEP] attrs [SEP] price upper [SEP] instuction text [SEP] category [SEP] product category [SEP] query [SEP] Goal [SEP] None [SEP] Reward [SEP] Your score (min 0.0, max 1.0) [SEP] 0.75 [SEP] Reward Details [SEP] None',
    );
    expect(purchases).toEqual([{ asin: "B078GWRC1J", options: { scent: "bright citrus" } }]);
    expect(shop.availableActions()).toEqual({ hasSearchBar: false, clickables: [] });
    expect(shop.instructionText()).toBeUndefined();
    expect(() => shop.step("search[more]")).toThrow(/over/);
  });

  it("< prev from an item resets the options; next > runs past the last page; back to search clears visits", () => {
    const shop = session();
    shop.step("search[deodorant]");
    shop.step("click[next >]");
    shop.step("click[b078gwrc1j]");
    shop.step("click[3 ounce (pack of 1)]");
    expect(shop.options.size).toBe(1);
    expect(shop.step("click[< prev]").observation).toContain("Page 2 (Total results: 12) [SEP] < Prev [SEP] Next > [SEP] B078GWRC1J");
    expect(shop.options.size).toBe(0);
    expect(shop.step("click[next >]").observation).toBe(`Instruction: [SEP] ${I} [SEP] Back to Search [SEP] Page 3 (Total results: 12) [SEP] < Prev [SEP] Next >`);
    expect(shop.step("click[next >]").observation).toContain("Page 4 (Total results: 12)");
    expect(shop.step("click[back to search]").observation).toBe(`WebShop [SEP] Instruction: [SEP] ${I} [SEP] Search`);
    expect(shop.visited.size).toBe(0);
  });

  it("search works from any page, a sub-page included; an empty or blank search finds nothing", () => {
    const shop = session();
    shop.step("search[deodorant]");
    shop.step("click[next >]");
    shop.step("click[b078gwrc1j]");
    shop.step("click[bright citrus]");
    shop.step("click[description]");
    const again = shop.step("search[ginger]");
    expect(again.valid).toBe(true);
    expect(again.observation).toContain("Page 1 (Total results: 12)");
    expect(shop.options.size).toBe(0);
    expect(shop.step("search[ ]").observation).toBe(`Instruction: [SEP] ${I} [SEP] Back to Search [SEP] Page 1 (Total results: 0) [SEP] Next >`);
  });

  it("invalid actions are no-ops: unknown clicks, click[search], empty search, wrong case of the name", () => {
    const shop = session();
    const start = shop.observation();
    for (const action of ["click[search]", "search[]", "Search[x]", " search[x]", "click[nothing]", "", "buy", "click[< Back to Search]"]) {
      expect(shop.step(action), action).toEqual({ observation: start, valid: false, done: false, reward: 0 });
    }
    shop.step("search[deodorant]");
    const results = shop.observation();
    expect(shop.step("click[< prev]")).toMatchObject({ observation: results, valid: false });
    expect(shop.step("click[b078gwrc1j]")).toMatchObject({ observation: results, valid: false }); // on page 2, not page 1
    expect(shop.step("click[buy now]")).toMatchObject({ observation: results, valid: false });
  });

  it("reproduces dict semantics of clickables: a shared value selects the later group, a value can shadow a button", () => {
    const odd = testProduct({
      asin: "B0ODD00001",
      options: [
        { name: "color", values: ["reviews", "red"] },
        { name: "finish", values: ["red"] },
      ],
    });
    const shop = new WebshopSession(
      { product: (asin) => (asin === odd.asin ? odd : undefined), search: () => [odd.asin], purchase: () => ({ reward: 0 }) },
      testGoal({ asin: odd.asin }),
      { showAttributes: true },
    );
    shop.step("search[odd]");
    shop.step("click[b0odd00001]");
    expect(shop.availableActions().clickables).toEqual(["back to search", "< prev", "description", "features", "reviews", "attributes", "buy now", "red"]);
    expect(shop.observation()).toContain("[SEP] Reviews [SEP] Attributes [SEP] Buy Now");
    shop.step("click[red]");
    shop.step("click[reviews]");
    expect(shop.options).toEqual(new Map([["finish", "red"], ["color", "reviews"]]));
    expect(shop.state.kind).toBe("item");
    expect(shop.step("click[attributes]").observation).toBe(
      `Instruction: [SEP] ${testGoal({ asin: odd.asin }).instruction_text} [SEP] Back to Search [SEP] < Prev [SEP] beauty [SEP] deodorant [SEP] Beauty & Personal Care › Personal Care › Deodorants & Antiperspirants`,
    );
  });

  it("applies the visible-text rule to data: empty bullets, whitespace, surrounding spaces", () => {
    const messy = testProduct({ asin: "B0MESSY001", Title: "  Spaced Title \n", BulletPoints: ["one", " ", "\n ", "", "two"], Description: "" });
    const shop = new WebshopSession({ product: () => messy, search: () => [messy.asin], purchase: () => ({ reward: 0 }) }, testGoal({ asin: messy.asin, instruction_text: "x" }));
    shop.step("search[messy]");
    expect(shop.observation()).toBe("Instruction: [SEP] x [SEP] Back to Search [SEP] Page 1 (Total results: 1) [SEP] Next > [SEP] B0MESSY001 [SEP] Spaced Title [SEP] $10.0");
    shop.step("click[b0messy001]");
    expect(shop.step("click[features]").observation).toBe("Instruction: [SEP] x [SEP] Back to Search [SEP] < Prev [SEP] one [SEP]  [SEP] two");
    shop.step("click[< prev]");
    expect(shop.step("click[description]").observation).toBe("Instruction: [SEP] x [SEP] Back to Search [SEP] < Prev");
  });
});
