import type { Product } from "../model/product.js";
import { SEARCH_RETURN_N } from "./search-index.js";

/** The product fields the special keywords read. */
export type KeywordProduct = Pick<Product, "asin" | "category" | "query" | "Attributes">;

/**
 * Upstream's debugging keywords (spec webshop.md §10.5), recognised only as the first keyword:
 * `<r>` = 50 random products; `<c> x` = products of category `x` (only the second keyword is
 * read); `<q> rest` = products whose query equals `rest`; `<a> rest` = products having the
 * attribute `rest` (upstream's text environment raises here). The last three can return more
 * than 50 products, in product order. Returns null when the query is an ordinary one.
 * `random` gives floats in [0, 1).
 */
export function specialKeywordSearch(
  query: string,
  products: readonly KeywordProduct[],
  random: () => number,
): string[] | null {
  const keywords = query.split(" ");
  const rest = keywords.slice(1).join(" ").trim();
  switch (keywords[0]) {
    case "<r>": {
      const pool = products.map((product) => product.asin);
      const count = Math.min(SEARCH_RETURN_N, pool.length);
      // partial Fisher–Yates: the first `count` slots become the sample
      for (let i = 0; i < count; i++) {
        const j = i + Math.floor(random() * (pool.length - i));
        [pool[i], pool[j]] = [pool[j] as string, pool[i] as string];
      }
      return pool.slice(0, count);
    }
    case "<c>": {
      const category = (keywords[1] ?? "").trim();
      return products.filter((product) => product.category === category).map((product) => product.asin);
    }
    case "<q>":
      return products.filter((product) => product.query === rest).map((product) => product.asin);
    case "<a>":
      return products.filter((product) => product.Attributes.includes(rest)).map((product) => product.asin);
    default:
      return null;
  }
}
