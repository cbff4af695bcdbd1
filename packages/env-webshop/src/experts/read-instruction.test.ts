import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hasSharedWebshop, sharedWebshopFile } from "../test-support/shared-data.js";
import { readInstruction } from "./read-instruction.js";
import { readPage } from "./read-page.js";

describe("readInstruction", () => {
  it("reads a synthetic instruction: attributes around the type, options, price", () => {
    expect(
      readInstruction(
        "Find me slim fit, machine wash women's jumpsuits, rompers & overalls with short sleeve, high waist, polyester spandex for daily wear with color: green stripe, and size: large, and price lower than 60.00 dollars",
      ),
    ).toEqual({
      style: "synthetic",
      text: "find me slim fit, machine wash womens jumpsuits, rompers & overalls with short sleeve, high waist, polyester spandex for daily wear with color: green stripe, and size: large",
      request: "slim fit, machine wash women's jumpsuits, rompers & overalls with short sleeve, high waist, polyester spandex for daily wear",
      productType: "women's jumpsuits, rompers & overalls",
      attributes: ["slim fit", "machine wash", "short sleeve", "high waist", "polyester spandex", "daily wear"],
      options: [
        ["color", "green stripe"],
        ["size", "large"],
      ],
      priceUpper: 60,
    });
    expect(readInstruction("Find me hair loss products for hair growth, hair loss")).toMatchObject({
      productType: "hair loss products",
      attributes: ["hair growth", "hair loss"],
      options: [],
      priceUpper: undefined,
    });
    expect(readInstruction("Find me beds with box spring with style: loft bed w |  long desk & bookcase, and price lower than 210.00 dollars")).toMatchObject({
      productType: "beds",
      attributes: ["box spring"],
      options: [["style", "loft bed w |  long desk & bookcase"]],
      priceUpper: 210,
    });
  });

  it("peels known attributes off an unknown type", () => {
    expect(readInstruction("Find me gluten free, non gmo lentil crisps with sea salt")).toMatchObject({
      style: "synthetic",
      productType: "lentil crisps",
      attributes: ["gluten free", "non gmo", "sea salt"],
    });
  });

  it("reads a human request: the known type and attributes it mentions, the price; the text for option values", () => {
    expect(readInstruction("im looking for a machine wash womens shorts with high waist for daily wear, color navy and size 8' round, and price lower than 40.00 dollars")).toEqual({
      style: "human",
      text: "im looking for a machine wash womens shorts with high waist for daily wear, color navy and size 8 round",
      request: "machine wash high waist daily wear womens shorts",
      productType: "women's shorts",
      attributes: ["machine wash", "high waist", "daily wear"],
      options: [],
      priceUpper: 40,
    });
    expect(readInstruction("i need a long lasting 6.76 fl oz bottle of leau dissey")).toMatchObject({ style: "human", request: "i need a long lasting 6.76 fl oz bottle of leau dissey", productType: undefined });
  });

  it.skipIf(!hasSharedWebshop)("reads the type and every attribute of the 415 real synthetic instructions", () => {
    const file = JSON.parse(readFileSync(sharedWebshopFile("items_ins_v2_1000.json"), "utf8")) as Record<string, { instruction?: string; instruction_attributes?: string[] }>;
    const entries = Object.values(file).filter((entry) => entry.instruction);
    expect(entries).toHaveLength(415);
    for (const entry of entries) {
      const read = readInstruction(`${entry.instruction} with color: black, and price lower than 40.00 dollars`);
      expect(new Set(read.attributes), entry.instruction).toEqual(new Set(entry.instruction_attributes));
      expect(read.productType).toBeDefined();
      expect(read.options).toEqual([["color", "black"]]);
    }
  });
});

describe("readPage", () => {
  it("reads results and item pages; option values are the clickable parts", () => {
    const results = readPage(
      "Instruction: [SEP] x [SEP] Back to Search [SEP] Page 2 (Total results: 12) [SEP] < Prev [SEP] Next > [SEP] B078GWRC1J [SEP] Bright Citrus Deodorant [SEP] $10.99 [SEP] B078GTKVXY [SEP] Ginger Fresh [SEP] $10.99 to $12.99",
      new Set(["back to search", "< prev", "next >", "b078gwrc1j", "b078gtkvxy"]),
    );
    expect(results).toEqual({
      kind: "results",
      pageNum: 2,
      total: 12,
      products: [
        { asin: "B078GWRC1J", title: "Bright Citrus Deodorant", prices: [10.99] },
        { asin: "B078GTKVXY", title: "Ginger Fresh", prices: [10.99, 12.99] },
      ],
    });
    const item = readPage(
      "Instruction: [SEP] x [SEP] Back to Search [SEP] < Prev [SEP] scent [SEP] bright citrus [SEP] calming lavender [SEP] size [SEP] 3 ounce [SEP] Deodorant [SEP] Price: $100.0 [SEP] Rating: N.A. [SEP] Description [SEP] Features [SEP] Reviews [SEP] Buy Now",
      new Set(["bright citrus", "calming lavender", "3 ounce"]),
    );
    expect(item).toEqual({
      kind: "item",
      title: "Deodorant",
      prices: [100],
      options: [
        { name: "scent", values: ["bright citrus", "calming lavender"] },
        { name: "size", values: ["3 ounce"] },
      ],
    });
    expect(readPage("Instruction: [SEP] x [SEP] Back to Search [SEP] < Prev [SEP] one [SEP] two", new Set()).kind).toBe("sub");
    expect(readPage("WebShop [SEP] Instruction: [SEP] x [SEP] Search", new Set()).kind).toBe("search");
    expect(readPage("something else", new Set()).kind).toBe("unknown");
  });
});
