import { readFileSync } from "node:fs";
import { DomUtils, parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { htmlAvailableActions, htmlToText } from "../test-support/html-page.js";
import { hasSharedWebshop, sharedWebshopFile } from "../test-support/shared-data.js";
import { testProduct } from "../test-support/test-product.js";
import { itemPageText, resultsPageText, subPageText } from "./page-text.js";

// The page strings against real rendered WebShop pages (spec webshop.md §7.4, §17 golden test 1):
// the mocks converted with the §7.1 rule must give the spec's strings, and our renderer, fed with
// the data the mock shows, must give the same strings.

const mock = (name: string) => readFileSync(sharedWebshopFile(`mocks/${name}`), "utf8");
const INSTRUCTION = "i want an xx-small sized slim fit button down shirt with long sleeves. pick something in white, and price lower than 50.00 dollars";

type Node = ReturnType<typeof parseDocument>["children"][number];
/** The own text (first text child) of every element with this class; the mocks leave tags unclosed. */
const byClass = (html: string, name: string): string[] =>
  DomUtils.findAll((element) => (element.attribs.class ?? "").split(/\s+/).includes(name), parseDocument(html).children as Node[]).map((element) =>
    DomUtils.textContent(element.children.find((child) => child.type === "text") ?? []),
  );

describe.skipIf(!hasSharedWebshop)("page strings against the real mock pages", () => {
  it("results page: the spec's string and clickables, and our renderer", () => {
    const html = mock("mock_parse_results_ws.html");
    const text = htmlToText(html);
    expect(text).toBe(
      `Instruction: [SEP] ${INSTRUCTION}` +
        " [SEP] Back to Search [SEP] Page 1 (Total results: 50) [SEP] Next > [SEP] B09GKFNQWT" +
        " [SEP] BinGoDug Men's Basketball Shoes, Men's Fashion Sneakers, Air Basketball Shoes for Men, Womens Basketball Shoes, Mens Basketball Shoes, Boys Basketball Shoes, Youth Basketball Shoes Men Women" +
        " [SEP] $24.49 to $39.99 [SEP] B09BFY2R3R" +
        " [SEP] RQWEIN Comfortable Mesh Sneakers Men's Roading Running Shoes Tennis Shoes Casual Fashion Sneakers Outdoor Non Slip Gym Athletic Sport Shoes" +
        " [SEP] $1.89 to $7.58 [SEP] B09P87V3LZ" +
        " [SEP] PMUYBHF Womens Fashion Flat Shoes Comfortable Running Shoes Sneakers Tennis Athletic Shoe Casual Walking Shoes [SEP] $100.0" +
        " [SEP] B09N6SNKC1" +
        " [SEP] PMUYBHF Fashion Travel Shoes Jogging Walking Sneakers Air Cushion Platform Loafers Air Cushion Mesh Shoes Walking Dance Shoes" +
        " [SEP] $100.0 [SEP] B09N6X5S74" +
        " [SEP] PMUYBHF Women's Ballet Flats Walking Flats Shoes Dressy Work Low Wedge Arch Suport Flats Shoes Slip On Dress Shoes [SEP] $100.0" +
        " [SEP] B09MDB9V5W [SEP] PWKSELW High-top Men's Basketball Shoes Outdoor Sports Shoes Cushioning Training Shoes Casual Running Shoes" +
        " [SEP] $100.0 [SEP] B09N6PDFRF" +
        " [SEP] Women's Flat Shoes Classic Round Toe Slip Office Black Ballet Flats Walking Flats Shoes Casual Ballet Flats [SEP] $100.0" +
        " [SEP] B09N8ZHFNM" +
        " [SEP] Women's Mid-Calf Boots Wide Calf Boots for Women Fashion Zipper Womens Shoes Pu Leather Casual Boots Womens Slip-On Womens Flat Shoes Med Heel Womens' Boots Winter Snow Boot Comfy Boots(,5.5)" +
        " [SEP] $100.0 [SEP] B09P87DWGR [SEP] PMUYBHF Womens Leisure Fitness Running Sport Warm Sneakers Shoes Slip-On Mule Sneakers Womens Mules" +
        " [SEP] $100.0 [SEP] B09R9MMTKR" +
        " [SEP] Men Dress Shoes Leather Modern Classic Business Shoes Lace Up Classic Office Shoes Business Formal Shoes for Men [SEP] $100.0",
    );
    const actions = htmlAvailableActions(html);
    expect(actions).toEqual({
      hasSearchBar: false,
      clickables: ["back to search", "next >", "b09gkfnqwt", "b09bfy2r3r", "b09p87v3lz", "b09n6snkc1", "b09n6x5s74", "b09mdb9v5w", "b09n6pdfrf", "b09n8zhfnm", "b09p87dwgr", "b09r9mmtkr"],
    });

    const asins = byClass(html, "product-link");
    const titles = byClass(html, "product-title");
    const prices = byClass(html, "product-price");
    const products = new Map(asins.map((asin, i) => [asin, testProduct({ asin, Title: titles[i] as string, Price: prices[i] as string })]));
    // the page says 50 hits; the 40 on later pages are not shown
    const hits = [...asins, ...Array.from({ length: 40 }, (_, i) => `B0HIDDEN${String(i).padStart(2, "0")}`)];
    expect(resultsPageText(INSTRUCTION, 1, hits, (asin) => products.get(asin) ?? testProduct({ asin }))).toBe(text);
  });

  it("item page: the spec's string and clickables, and our renderer", () => {
    const html = mock("mock_parse_item_page_ws.html");
    const expected =
      `Instruction: [SEP] ${INSTRUCTION} [SEP] Back to Search [SEP] < Prev [SEP] color [SEP] black [SEP] purple [SEP] red [SEP] size [SEP] 6.5 [SEP] 7.5 [SEP] 8 [SEP] 8.5 [SEP] 9 ` +
      "[SEP] PMUYBHF Womens Fashion Flat Shoes Comfortable Running Shoes Sneakers Tennis Athletic Shoe Casual Walking Shoes [SEP] Price: $100.0 [SEP] Rating: N.A. [SEP] Description [SEP] Features [SEP] Reviews [SEP] Buy Now";
    expect(htmlToText(html)).toBe(expected);
    expect(htmlAvailableActions(html)).toEqual({
      hasSearchBar: false,
      clickables: ["back to search", "< prev", "description", "features", "reviews", "buy now", "black", "purple", "red", "6.5", "7.5", "8", "8.5", "9"],
    });
    const product = testProduct({
      asin: "B09P87V3LZ",
      Title: "PMUYBHF Womens Fashion Flat Shoes Comfortable Running Shoes Sneakers Tennis Athletic Shoe Casual Walking Shoes",
      Price: "$100.0",
      options: [
        { name: "color", values: ["black", "purple", "red"] },
        { name: "size", values: ["6.5", "7.5", "8", "8.5", "9"] },
      ],
    });
    expect(itemPageText(INSTRUCTION, product, false)).toBe(expected);
  });

  it("features and description sub-pages: our renderer gives the converted mock", () => {
    const features = mock("mock_parse_item_page_ws_feat.html");
    const featureText = htmlToText(features);
    expect(featureText.startsWith(`Instruction: [SEP] ${INSTRUCTION} [SEP] Back to Search [SEP] < Prev [SEP] Pure Running Shoe [SEP] Comfort Flat Sneakers [SEP] [FEATURES]: Soles`)).toBe(true);
    expect(htmlAvailableActions(features)).toEqual({ hasSearchBar: false, clickables: ["back to search", "< prev"] });
    const bullets = byClass(features, "product-info");
    expect(bullets).toHaveLength(8);
    expect(subPageText(INSTRUCTION, testProduct({ asin: "B09P87V3LZ", BulletPoints: bullets }), "Features")).toBe(featureText);

    const description = mock("mock_parse_item_page_ws_desc.html");
    const [text = ""] = byClass(description, "product-info");
    expect(text).toContain("STORE INTRODUCTION:>>>>");
    expect(subPageText(INSTRUCTION, testProduct({ asin: "B09P87V3LZ", Description: text }), "Description")).toBe(htmlToText(description));
  });
});
