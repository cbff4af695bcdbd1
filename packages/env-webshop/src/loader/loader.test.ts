import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HiperError } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { priceLimit, NO_PRICE_LIMIT } from "./goals.js";
import { readJsonArray, readJsonObject } from "./json-stream.js";
import { loadWebshopFiles } from "./load-webshop-files.js";
import { normalizeOptionValue } from "./normalize-product.js";
import { parsePricing, samplePrice } from "./pricing.js";
import { goalSplitIndices, goalSplitRange } from "./splits.js";
import { buildWebshopData } from "./webshop-data.js";

const fixture = (name: string) => join(import.meta.dirname, "fixtures", name);
const files = {
  products: fixture("items_shuffle_fixture.json"),
  attributes: fixture("items_ins_v2_fixture.json"),
  humanInstructions: fixture("items_human_ins_fixture.json"),
};

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "webshop-loader-")), name);
  writeFileSync(path, text);
  return path;
}

async function loadError(promise: Promise<unknown>): Promise<HiperError> {
  try {
    await promise;
  } catch (error) {
    if (HiperError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected an error");
}

describe("prices (spec §2.3)", () => {
  it("parses pricing strings and formats tags like Python floats", () => {
    expect(parsePricing("$10.99")).toEqual({ pricing: [10.99], Price: "$10.99" });
    expect(parsePricing("$24.49$39.99")).toEqual({ pricing: [24.49, 39.99], Price: "$24.49 to $39.99" });
    expect(parsePricing("$1,299.00")).toEqual({ pricing: [1299], Price: "$1299.0" });
    expect(parsePricing("$5$6$7")).toEqual({ pricing: [5, 6], Price: "$5.0 to $6.0" });
    expect(parsePricing("")).toEqual({ pricing: [100], Price: "$100.0" });
    expect(parsePricing(undefined)).toEqual({ pricing: [100], Price: "$100.0" });
    expect(() => parsePricing("$")).toThrow(/unparsable/);
    expect(() => parsePricing("$1.2.3")).toThrow(/unparsable/);
    expect(() => parsePricing("10.99")).toThrow(/no "\$"/);
  });

  it("samples a single price, a uniform draw in a range, 100 without pricing", () => {
    expect(samplePrice([10.99], () => 0.5)).toBe(10.99);
    expect(samplePrice([10, 20], () => 0.25)).toBe(12.5);
    expect(samplePrice([], () => 0.5)).toBe(100);
  });
});

describe("price limit (spec §4.4)", () => {
  it("takes the larger of two distinct picks among the next four steps", () => {
    const seen = new Set<number>();
    let state = 0;
    const random = () => ((state = (state * 9301 + 49297) % 233280) / 233280);
    for (let i = 0; i < 2000; i++) seen.add(priceLimit(17.92, random).price_upper);
    expect([...seen].sort((a, b) => a - b)).toEqual([30, 40, 50]);
    expect(priceLimit(17.92, () => 0.99)).toEqual({ price_upper: 50, price_text: ", and price lower than 50.00 dollars" });
    expect(priceLimit(975, () => 0.5)).toEqual({ price_upper: 990, price_text: ", and price lower than 990.00 dollars" });
    expect(priceLimit(980, () => 0.5)).toEqual({ price_upper: NO_PRICE_LIMIT, price_text: "" });
    expect(priceLimit(10, () => 0).price_upper).toBe(30);
  });
});

describe("loadWebshopFiles on fixtures in the upstream format", () => {
  it("normalises products and records upstream's skips", async () => {
    const data = await loadWebshopFiles(files, { shuffle: false });
    expect(data.products.map((p) => p.asin)).toEqual(["B078GWRC1J", "B078GTKVXY", "B07XC7GVRK", "B09LYLKLVX"]);
    expect(data.warnings.map((w) => [w.entry, w.reason, w.detail])).toEqual([
      [1, "null_option_group", "Color"],
      [2, "nan_asin", undefined],
      [4, "duplicate_asin", undefined],
      [6, "long_asin", undefined],
    ]);
    const first = data.productsByAsin.get("B078GWRC1J");
    expect(first).toMatchObject({
      Title: first?.name,
      BulletPoints: ["Feature one.", "Feature two."],
      pricing: [10.99],
      Price: "$10.99",
      options: [
        { name: "scent", values: ["assorted scents", "bright citrus", "calming lavender"] },
        { name: "size", values: ["travel set (4-pack)", "3 ounce (pack of 1)"] },
      ],
      Attributes: ["sensitive skin", "natural ingredients"],
      MainImage: "https://m.media-amazon.com/images/I/41A.jpg",
      query: "deodorant",
      instruction_text: "Find me natural ingredients deodorant for sensitive skin",
      instruction_attributes: ["natural ingredients", "sensitive skin"],
      instructions: null,
      title_nouns: null,
    });
    expect(first).not.toHaveProperty("brand");
    const second = data.productsByAsin.get("B078GTKVXY");
    expect(second).toMatchObject({
      BulletPoints: ["Aluminum free."],
      Price: "$10.99 to $12.99",
      options: [{ name: "size", values: ["2.5 fl oz  |  74 ml"] }],
      Attributes: [],
      instruction_text: null,
    });
    expect(data.productsByAsin.get("B07XC7GVRK")).toMatchObject({ Price: "$1299.0", Attributes: ["DUMMY_ATTR"] });
    expect(data.productsByAsin.get("B09LYLKLVX")).toMatchObject({ pricing: [100], Price: "$100.0" });
    const ranged = data.prices.get("B078GTKVXY") as number;
    expect(ranged).toBeGreaterThanOrEqual(10.99);
    expect(ranged).toBeLessThanOrEqual(12.99);
    expect(data.prices.get("B09LYLKLVX")).toBe(100);
  });

  it("builds synthetic goals: sorted option names, Cartesian product, shared price, weights", async () => {
    const data = await loadWebshopFiles(files, { shuffle: false, seed: 7 });
    expect(data.goals).toHaveLength(6 + 4);
    const deodorant = data.goals.slice(0, 6);
    expect(deodorant.map((g) => g.goal_options)).toEqual([
      { scent: "assorted scents", size: "travel set (4-pack)" },
      { scent: "assorted scents", size: "3 ounce (pack of 1)" },
      { scent: "bright citrus", size: "travel set (4-pack)" },
      { scent: "bright citrus", size: "3 ounce (pack of 1)" },
      { scent: "calming lavender", size: "travel set (4-pack)" },
      { scent: "calming lavender", size: "3 ounce (pack of 1)" },
    ]);
    const limit = deodorant[0]?.price_upper as number;
    expect([30, 40, 50]).toContain(limit);
    expect(new Set(deodorant.map((g) => g.price_upper))).toEqual(new Set([limit]));
    expect(deodorant[3]).toMatchObject({
      asin: "B078GWRC1J",
      query: "deodorant",
      instruction_text: `Find me natural ingredients deodorant for sensitive skin with scent: bright citrus, and size: 3 ounce (pack of 1), and price lower than ${limit.toFixed(2)} dollars`,
      attributes: ["natural ingredients", "sensitive skin"],
      weight: 1 / 6,
    });
    expect(data.goals[6]).toMatchObject({ goal_options: { color: "black", size: "small" }, weight: 1 / 4 });
  });

  it("orders goals by the seed-233 shuffle", async () => {
    const ordered = await loadWebshopFiles(files, { shuffle: false, seed: 7 });
    const shuffled = await loadWebshopFiles(files, { seed: 7 });
    // CPython: random.seed(233); random.shuffle(list(range(10)))
    expect(shuffled.goals).toEqual([5, 9, 0, 1, 4, 7, 6, 3, 8, 2].map((i) => ordered.goals[i]));
  });

  it("is reproducible for a seed", async () => {
    const a = await loadWebshopFiles(files, { seed: 3 });
    const b = await loadWebshopFiles(files, { seed: 3 });
    expect(a.goals).toEqual(b.goals);
    expect([...a.prices]).toEqual([...b.prices]);
  });

  it("builds human goals: non-empty attributes only, stripped periods, per-instruction price", async () => {
    const data = await loadWebshopFiles(files, { goalMode: "human", shuffle: false });
    expect(data.goals).toHaveLength(2);
    const [deodorant, laptop] = data.goals;
    expect(deodorant?.instruction_text).toMatch(
      /^i would like a 3 ounce bottle of bright citrus deodorant for sensitive skin, and price lower than (30|40|50)\.00 dollars$/,
    );
    expect(deodorant).toMatchObject({ attributes: ["sensitive skin"], goal_options: ["bright citrus", "3 ounce (pack of 1)"], weight: 1 });
    expect(laptop).toMatchObject({
      instruction_text: "i need a lenovo chromebook with intel core i3-8130u",
      price_upper: NO_PRICE_LIMIT,
      name: "Lenovo Chromebook C340 Laptop, 15.6\" FHD Display, Intel Core i3-8130U Processor, Mineral Grey",
    });
    expect(data.productsByAsin.get("B078GWRC1J")?.instructions).toHaveLength(2);
    expect(data.productsByAsin.get("B078GWRC1J")?.instruction_text).toBeNull();
  });

  it("reads only the first numProducts raw entries", async () => {
    const data = await loadWebshopFiles(files, { numProducts: 3, shuffle: false });
    expect(data.products.map((p) => p.asin)).toEqual(["B078GWRC1J", "B078GTKVXY"]);
    expect((await loadWebshopFiles(files, { numProducts: 0 })).products).toEqual([]);
  });

  it("gives the same result from memory (buildWebshopData)", async () => {
    const { readFileSync } = await import("node:fs");
    const fromFiles = await loadWebshopFiles(files, { seed: 5 });
    const fromMemory = buildWebshopData(
      {
        products: JSON.parse(readFileSync(files.products, "utf8")),
        attributes: JSON.parse(readFileSync(files.attributes, "utf8")),
      },
      { seed: 5 },
    );
    expect(fromMemory.goals).toEqual(fromFiles.goals);
    expect(fromMemory.products).toEqual(fromFiles.products);
  });
});

describe("malformed files", () => {
  const attributes = files.attributes;

  it.each([
    ["not an array", '{"a": 1}', /expected a JSON array at the top level/],
    ["truncated", '[{"asin": "B1"', /ends before the top-level array is closed/],
    ["closed with a brace", '[{"asin": "B1"}}', /closed with the wrong bracket/],
    ["bad JSON", '[{"asin": "B1",}]', /entry 0: invalid JSON/],
    ["trailing comma", '[{"asin": "nan"},]', /entry 1: invalid JSON/],
    ["missing field", '[{"asin": "B000000001", "name": "x"}]', /entry 0 \(ASIN B000000001\): field "full_description"/],
    ["wrong asin", '[{"asin": 5}]', /entry 0: field "asin": expected a string/],
    ["not an object", "[1]", /entry 0: expected a product object/],
    [
      "bad pricing",
      '[{"asin": "B000000001", "name": "x", "full_description": "", "small_description": "", "pricing": "$1.2.3", "category": "beauty", "query": "q", "product_category": "a"}]',
      /field "pricing": unparsable price piece/,
    ],
  ])("%s → InvalidInputError naming the file", async (_, text, message) => {
    const products = tempFile("items_shuffle_bad.json", text);
    const error = await loadError(loadWebshopFiles({ products, attributes }));
    expect(error.code).toBe("invalid_input");
    expect(error.message).toContain("items_shuffle_bad.json");
    expect(error.message).toMatch(message);
  });

  it("rejects a malformed attribute file and a missing human file", async () => {
    const bad = tempFile("items_ins_bad.json", '{"B1": {"attributes": "tea"}}');
    const error = await loadError(loadWebshopFiles({ products: files.products, attributes: bad }));
    expect(error.message).toMatch(/items_ins_bad\.json: ASIN B1: field "attributes"/);
    const missing = await loadError(loadWebshopFiles({ products: files.products, attributes }, { goalMode: "human" }));
    expect(missing.message).toMatch(/human instruction file/);
    const absent = await loadError(loadWebshopFiles({ products: "/nonexistent/items.json", attributes }));
    expect(absent.message).toMatch(/\/nonexistent\/items\.json: cannot read/);
  });
});

describe("JSON streaming", () => {
  it("reads members split across chunk boundaries, with strings containing brackets", async () => {
    const values = Array.from({ length: 3000 }, (_, i) => ({ asin: `B${i}`, text: `a "quoted" ] } , [ { \\ value ${"x".repeat(i % 50)}` }));
    const path = tempFile("big.json", JSON.stringify(values, null, 1));
    const read: unknown[] = [];
    for await (const { value } of readJsonArray(path)) read.push(value);
    expect(read).toEqual(values);
    const objectPath = tempFile("obj.json", JSON.stringify({ a: [1, { b: "}" }], "c\"d": null }));
    const entries: [string, unknown][] = [];
    for await (const entry of readJsonObject(objectPath)) entries.push(entry);
    expect(entries).toEqual([["a", [1, { b: "}" }]], ['c"d', null]]);
    const empty: unknown[] = [];
    for await (const member of readJsonArray(tempFile("empty.json", " [ ] "))) empty.push(member);
    expect(empty).toEqual([]);
  });
});

describe("normalisation and splits", () => {
  it("normalises option values", () => {
    expect(normalizeOptionValue("  Navy/White ")).toBe("navy | white");
  });

  it("gives canonical split ranges", () => {
    expect(goalSplitRange("test", 12087)).toEqual({ start: 0, end: 500 });
    expect(goalSplitRange("eval", 12087)).toEqual({ start: 500, end: 1500 });
    expect(goalSplitRange("train", 12087)).toEqual({ start: 1500, end: 12087 });
    expect(goalSplitRange("train", 1200, "verl-agent")).toEqual({ start: 500, end: 1200 });
    expect(goalSplitRange("eval", 300)).toEqual({ start: 300, end: 300 });
    expect(goalSplitIndices("test", 3)).toEqual([0, 1, 2]);
    expect(() => goalSplitRange("eval", 10, "verl-agent")).toThrow(/no eval split/);
  });
});
