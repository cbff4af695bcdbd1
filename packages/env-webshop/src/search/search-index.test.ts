import { describe, expect, it } from "vitest";
import type { ProductOptionGroup } from "../model/product.js";
import { decodeLength, encodeLength, quantizeLength } from "./lucene-length-norm.js";
import { resultsPage } from "./pagination.js";
import { searchDocumentText, type SearchableProduct } from "./search-document.js";
import { SearchIndex } from "./search-index.js";
import { specialKeywordSearch } from "./special-keywords.js";

function doc(asin: string, title: string, options: ProductOptionGroup[] = []): SearchableProduct {
  return { asin, Title: title, Description: "", BulletPoints: [""], options };
}

/** Textbook Lucene BM25 in doubles, for checking the float32 implementation. */
function bm25(tf: number, df: number, n: number, dl: number, avgdl: number, k1 = 0.9, b = 0.4): number {
  const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
  return (idf * tf) / (tf + k1 * (1 - b + (b * dl) / avgdl));
}

describe("searchDocumentText", () => {
  it("joins title, description, first bullet and options, lower-cased", () => {
    const product: SearchableProduct = {
      asin: "B000000001",
      Title: "Bright Citrus Deodorant",
      Description: "Natural.",
      BulletPoints: ["First bullet", "Second bullet"],
      options: [
        { name: "scent", values: ["bright citrus", "lavender"] },
        { name: "size", values: ["3 ounce"] },
      ],
    };
    expect(searchDocumentText(product)).toBe(
      "bright citrus deodorant natural. first bullet scent: bright citrus, lavender, and size: 3 ounce",
    );
  });
});

describe("SearchIndex (Lucene BM25, k1 0.9, b 0.4)", () => {
  const products = [
    doc("B000000003", "red shoe"),
    doc("B000000002", "red shoe"),
    doc("B000000001", "blue shoe shoe lace"),
    doc("B000000004", "green hat"),
  ];
  const index = new SearchIndex(products);
  const avgdl = (2 + 2 + 4 + 2) / 4;

  it("scores with idf and length normalisation", () => {
    const [first] = index.scored("hat");
    expect(first?.asin).toBe("B000000004");
    expect(first?.score).toBeCloseTo(bm25(1, 1, 4, 2, avgdl), 5);
    const shoe = index.scored("shoe");
    const lace = shoe.find((hit) => hit.asin === "B000000001");
    expect(lace?.score).toBeCloseTo(bm25(2, 3, 4, 4, avgdl), 5);
    expect(shoe.find((hit) => hit.asin === "B000000002")?.score).toBeCloseTo(bm25(1, 3, 4, 2, avgdl), 5);
  });

  it("breaks exact score ties by ASIN ascending", () => {
    expect(index.search("red")).toEqual(["B000000002", "B000000003"]);
  });

  it("weights a repeated query term by its count", () => {
    const once = index.scored("red hat");
    const twice = index.scored("red red hat");
    expect(once[0]?.asin).toBe("B000000004");
    expect(twice[0]?.asin).toBe("B000000002");
    expect(twice[0]?.score).toBeCloseTo(2 * bm25(1, 2, 4, 2, avgdl), 5);
  });

  it("returns no hits for a stop-word-only or unknown query", () => {
    expect(index.search("the of and")).toEqual([]);
    expect(index.search("zebra")).toEqual([]);
  });

  it("returns at most 50 hits, 10 per page", () => {
    const many = Array.from({ length: 120 }, (_, i) => doc(`B${String(i).padStart(9, "0")}`, `widget ${"x ".repeat(i % 7)}`));
    const hits = new SearchIndex(many).search("widget");
    expect(hits).toHaveLength(50);
    expect(resultsPage(hits, 1)).toHaveLength(10);
    expect(resultsPage(hits, 5)).toEqual(hits.slice(40, 50));
    expect(resultsPage(hits, 6)).toEqual([]);
    // shortest documents score highest; ties go by ASIN
    expect(hits[0]).toBe("B000000000");
    expect(hits[1]).toBe("B000000007");
  });

  it("matches stemmed and possessive forms", () => {
    const idx = new SearchIndex([doc("B1", "Women's Running Shoes"), doc("B2", "garden hose")]);
    expect(idx.search("woman")).toEqual([]);
    expect(idx.search("women runs shoe")).toEqual(["B1"]);
  });
});

describe("Lucene length norm", () => {
  it("is exact below 24 and keeps 4 significant bits above", () => {
    expect([0, 1, 23, 24, 40, 41, 47, 100, 1000].map(quantizeLength)).toEqual([0, 1, 23, 24, 40, 40, 46, 96, 984]);
    expect(encodeLength(23)).toBe(23);
    expect(decodeLength(255)).toBeGreaterThan(1_000_000_000);
  });

  it("changes scores only when asked", () => {
    const long = doc("B1", `shoe ${"word ".repeat(40)}`);
    const short = doc("B2", "shoe word");
    const exact = new SearchIndex([long, short], { quantizeLengths: false }).scored("shoe");
    const lossy = new SearchIndex([long, short]).scored("shoe");
    expect(lossy.map((hit) => hit.asin)).toEqual(["B2", "B1"]);
    expect(lossy[1]?.score).not.toBe(exact[1]?.score);
  });
});

describe("specialKeywordSearch", () => {
  const products = [
    { asin: "A1", category: "beauty", query: "deodorant", Attributes: ["sensitive skin"] },
    { asin: "A2", category: "garden", query: "hoses", Attributes: [] },
    { asin: "A3", category: "beauty", query: "face care", Attributes: ["sensitive skin"] },
  ];
  it("handles <c>, <q>, <a>, <r> and ignores ordinary queries", () => {
    const random = () => 0;
    expect(specialKeywordSearch("<c> beauty extra", products, random)).toEqual(["A1", "A3"]);
    expect(specialKeywordSearch("<q> face care", products, random)).toEqual(["A3"]);
    expect(specialKeywordSearch("<a> sensitive skin", products, random)).toEqual(["A1", "A3"]);
    expect(specialKeywordSearch("<r>", products, random)?.slice().sort()).toEqual(["A1", "A2", "A3"]);
    expect(specialKeywordSearch("red <r>", products, random)).toBeNull();
  });
});
