import { describe, expect, it } from "vitest";
import { buildWebshopData } from "../loader/index.js";
import { WEBSHOP_CATEGORIES } from "./categories.js";
import { generateCatalogue, syntheticInstruction } from "./generate-catalogue.js";
import { CATALOGUE_TYPES } from "./product-type.js";
import { ATTRIBUTE_PLACES, CATEGORY_ATTRIBUTES } from "./tables/attribute-vocabulary.js";

const BUTTONS = new Set(["back to search", "< prev", "next >", "description", "features", "reviews", "attributes", "buy now", "search"]);
const catalogue = generateCatalogue();
const data = buildWebshopData({ products: catalogue.products, attributes: catalogue.attributes });
const vocabulary = [...new Set([...Object.keys(ATTRIBUTE_PLACES), ...WEBSHOP_CATEGORIES.flatMap((category) => CATEGORY_ATTRIBUTES[category].map(([attribute]) => attribute))])];

describe("generateCatalogue (spec webshop.md §3)", () => {
  it("is deterministic per seed and sized as asked", () => {
    expect(generateCatalogue({ products: 300, seed: 4 })).toEqual(generateCatalogue({ products: 300, seed: 4 }));
    expect(generateCatalogue({ products: 300, seed: 5 }).products[0]).not.toEqual(generateCatalogue({ products: 300, seed: 4 }).products[0]);
    expect(generateCatalogue({ products: 7 }).products).toHaveLength(7);
    expect(catalogue.products).toHaveLength(1000);
    expect(() => generateCatalogue({ products: 0 })).toThrow(/invalid catalogue options/);
  });

  it("loads through the loader without warnings: unique B0 ASINs, the five categories, realistic fields", () => {
    expect(data.warnings).toEqual([]);
    expect(data.products).toHaveLength(1000);
    expect(new Set(data.products.map((product) => product.asin)).size).toBe(1000);
    const counts = Object.fromEntries(WEBSHOP_CATEGORIES.map((category) => [category, data.products.filter((product) => product.category === category).length]));
    expect(counts).toEqual({ beauty: 238, electronics: 229, fashion: 200, garden: 216, grocery: 117 });
    const queries = new Set(WEBSHOP_CATEGORIES.flatMap((category) => CATALOGUE_TYPES[category].map((type) => type.query)));
    for (const product of data.products) {
      expect(product.asin).toMatch(/^B0[0-9A-Z]{8}$/);
      expect(product.BulletPoints.length).toBeGreaterThan(0);
      expect(queries.has(product.query)).toBe(true);
      expect(product.product_category.split(" › ").length).toBeGreaterThanOrEqual(2);
      expect(product.title_nouns?.length).toBeGreaterThan(0);
    }
    const tags = data.products.map((product) => product.Price);
    expect(tags.filter((tag) => tag === "$100.0").length).toBeGreaterThan(30);
    expect(tags.filter((tag) => tag.includes(" to ")).length).toBeGreaterThan(50);
  });

  it("keeps option values clickable: lower case, no brackets, no button labels, unique per product", () => {
    for (const product of data.products) {
      const values = product.options.flatMap((group) => group.values);
      expect(new Set(values).size).toBe(values.length);
      for (const value of values) {
        expect(value).toBe(value.toLowerCase());
        expect(value).not.toMatch(/[[\]]/);
        expect(BUTTONS.has(value)).toBe(false);
      }
    }
  });

  it("mentions every attribute in the bullets and no attribute it lacks in the bullets or description (but its type's name)", () => {
    for (const product of data.products) {
      const bullets = product.BulletPoints.join("\n").toLowerCase();
      for (const attribute of product.Attributes) expect(bullets, product.asin).toContain(attribute);
      const text = `${bullets}\n${product.Description.toLowerCase()}`;
      const stray = vocabulary.filter((attribute) => text.includes(attribute) && !product.Attributes.some((own) => own.includes(attribute)) && !product.query.includes(attribute));
      expect(stray, product.asin).toEqual([]);
    }
  });

  it("makes about 41 % of products goal targets with upstream-shaped instructions, and gives each target distractors", () => {
    const targets = data.products.filter((product) => product.instruction_text !== null);
    expect(targets.length / data.products.length).toBeGreaterThan(0.35);
    expect(targets.length / data.products.length).toBeLessThan(0.5);
    for (const target of targets) {
      const attributes = target.instruction_attributes ?? [];
      expect(attributes.length).toBeGreaterThanOrEqual(2);
      expect(target.instruction_text).toBe(syntheticInstruction(target.query, attributes));
      expect(attributes.every((attribute) => target.Attributes.includes(attribute))).toBe(true);
    }
    // A distractor: same type, but short of a goal attribute, a goal option value or the price.
    let withDistractor = 0;
    for (const target of targets) {
      const attributes = target.instruction_attributes ?? [];
      const values = new Set(target.options.flatMap((group) => group.values));
      const distractor = data.products.find(
        (other) =>
          other !== target &&
          other.query === target.query &&
          (!attributes.every((attribute) => other.Attributes.includes(attribute)) || ![...values].every((value) => other.options.some((group) => group.values.includes(value)))),
      );
      if (distractor) withDistractor += 1;
    }
    expect(withDistractor / targets.length).toBeGreaterThan(0.9);
    expect(data.goals.length).toBeGreaterThan(2000);
    expect(data.goals[0]?.instruction_text).toMatch(/^Find me .+, and price lower than \d+\.00 dollars$|^Find me [^,]+$/);
  });

  it("words one or two human requests per target, loadable as human goals", () => {
    const targets = Object.entries(catalogue.attributes).filter(([, entry]) => entry.instruction);
    expect(Object.keys(catalogue.humanInstructions).sort()).toEqual(targets.map(([asin]) => asin).sort());
    for (const [asin, requests] of Object.entries(catalogue.humanInstructions)) {
      expect(requests.length).toBeGreaterThanOrEqual(1);
      expect(requests.length).toBeLessThanOrEqual(2);
      const product = data.productsByAsin.get(asin);
      for (const request of requests) {
        expect(request.instruction).toMatch(/^(i|im|id|find|get|buy|can) [a-z]/);
        expect(request.instruction).not.toMatch(/['"A-Z]/);
        expect(request.instruction_attributes).toEqual(catalogue.attributes[asin]?.instruction_attributes);
        for (const value of request.instruction_options) expect(product?.options.some((group) => group.values.includes(value))).toBe(true);
      }
    }
    const human = buildWebshopData({ ...catalogue, humanInstructions: catalogue.humanInstructions }, { goalMode: "human" });
    expect(human.goals.length).toBe(Object.values(catalogue.humanInstructions).flat().length);
    expect(human.goals.every((goal) => Array.isArray(goal.goal_options))).toBe(true);
  });

  it("writes instructions as upstream: attributes before the type, then with, then for", () => {
    expect(syntheticInstruction("scrubs & body treatments", ["tea tree", "natural ingredients"])).toBe("Find me scrubs & body treatments with tea tree, natural ingredients");
    expect(syntheticInstruction("refillable containers", ["easy carry", "high quality", "rose gold"])).toBe("Find me easy carry, high quality refillable containers with rose gold");
    expect(syntheticInstruction("cotton balls & swabs", ["eco friendly", "sensitive skin"])).toBe("Find me eco friendly cotton balls & swabs for sensitive skin");
  });
});
