import type { Product } from "../model/index.js";
import type { SubPageName } from "./page-state.js";
import { pythonStrip } from "@hiper/core";
import { flaskToJson, pythonFloat } from "./python-text.js";

/** Joins the visible text nodes of a page (spec webshop.md §7.1). */
export const SEP = " [SEP] ";

/** Products per results page (upstream `PRODUCT_WINDOW`). */
export const PRODUCTS_PER_PAGE = 10;

/**
 * The segments one data-driven text node gives (§7.1): none for `""` or whitespace with a
 * newline (BeautifulSoup drops `"\n"` nodes), one empty segment for other whitespace, else the
 * Python-stripped text.
 */
export function textSegments(text: string): string[] {
  if (text === "") return [];
  if (pythonStrip(text) === "") return text.includes("\n") ? [] : [""];
  return [pythonStrip(text)];
}

const head = (instruction: string): string[] => ["Instruction:", ...textSegments(instruction), "Back to Search"];

/** The search page: `WebShop [SEP] Instruction: [SEP] {I} [SEP] Search`. */
export function searchPageText(instruction: string): string {
  return ["WebShop", "Instruction:", ...textSegments(instruction), "Search"].join(SEP);
}

/** A results page: the hits `(pageNum-1)·10 … pageNum·10-1`; `Next >` always, `< Prev` from page 2. */
export function resultsPageText(instruction: string, pageNum: number, hits: readonly string[], productOf: (asin: string) => Product): string {
  const parts = [...head(instruction), `Page ${pageNum} (Total results: ${hits.length})`];
  if (pageNum > 1) parts.push("< Prev");
  parts.push("Next >");
  for (const asin of pageHits(hits, pageNum)) {
    const product = productOf(asin);
    parts.push(asin, ...textSegments(product.Title), ...textSegments(product.Price));
  }
  return parts.join(SEP);
}

/** The ASINs shown on results page `pageNum` (empty past the last page). */
export function pageHits(hits: readonly string[], pageNum: number): readonly string[] {
  return hits.slice((pageNum - 1) * PRODUCTS_PER_PAGE, pageNum * PRODUCTS_PER_PAGE);
}

/** An item page; the chosen options are not marked in text mode. */
export function itemPageText(instruction: string, product: Product, showAttributes: boolean): string {
  const parts = [...head(instruction), "< Prev"];
  for (const group of product.options) {
    parts.push(...textSegments(group.name));
    for (const value of group.values) parts.push(...textSegments(value));
  }
  parts.push(...textSegments(product.Title), `Price: ${product.Price}`, "Rating: N.A.", "Description", "Features", "Reviews");
  if (showAttributes) parts.push("Attributes");
  parts.push("Buy Now");
  return parts.join(SEP);
}

/** A sub-page of an item: Description, Features (one segment per bullet), Reviews (always empty), Attributes. */
export function subPageText(instruction: string, product: Product, sub: SubPageName): string {
  const parts = [...head(instruction), "< Prev"];
  switch (sub) {
    case "Description":
      parts.push(...textSegments(product.Description));
      break;
    case "Features":
      for (const bullet of product.BulletPoints) parts.push(...textSegments(bullet));
      break;
    case "Reviews":
      break;
    case "Attributes":
      for (const attribute of product.Attributes) parts.push(...textSegments(attribute));
      parts.push(...textSegments(product.category), ...textSegments(product.query), ...textSegments(product.product_category));
      break;
  }
  return parts.join(SEP);
}

/** The text environment's done page: goal fields empty or `None`, `instuction` misspelled as upstream. */
export function donePageText(asin: string, options: Iterable<readonly [string, string]>, reward: number): string {
  return [
    "Thank you for shopping with us!",
    "Your code:",
    "None",
    "(Paste it in your MTurk interface.)",
    "Purchased",
    "asin",
    ...textSegments(asin),
    "options",
    flaskToJson(options),
    "attrs",
    "None",
    "category",
    "None",
    "query",
    "None",
    "product category",
    "None",
    "Target",
    "asin",
    "options",
    "attrs",
    "price upper",
    "instuction text",
    "category",
    "product category",
    "query",
    "Goal",
    "None",
    "Reward",
    "Your score (min 0.0, max 1.0)",
    pythonFloat(reward),
    "Reward Details",
    "None",
  ].join(SEP);
}
