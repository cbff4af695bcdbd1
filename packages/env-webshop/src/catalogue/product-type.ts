import { CATEGORY_ROOTS, type WebshopCategory } from "./categories.js";
import { PRODUCT_TYPES, type ProductTypeStats } from "./tables/product-types.js";

/** What the generator needs to know about one product type (a `query`). */
export interface ProductType extends ProductTypeStats {
  category: WebshopCategory;
  /** `Men's` / `Women's` / `Kids'` when the query names a wearer. */
  wearer: string | undefined;
  /** The nouns a title can use for this type, title-cased: `hair extensions, wigs & accessories` → Hair Extensions, Wigs, Accessories. */
  heads: readonly string[];
  /** The Amazon breadcrumb, ` › ` separated. */
  productCategory: string;
}

const WEARERS: ReadonlyArray<readonly [string, string, string]> = [
  ["men's ", "Men's", "Men"],
  ["women's ", "Women's", "Women"],
  ["children's ", "Kids'", "Kids"],
];

const ACRONYMS = new Set(["av", "bpa", "cd", "dvd", "gmo", "hd", "hdmi", "led", "lte", "tv", "usb", "uv", "vcrs"]);

/** `hair extensions` → `Hair Extensions`; `men's t-shirts` → `Men's T-Shirts`; `hdmi` → `HDMI`; `&` and `and` kept. */
export function titleCase(text: string): string {
  return text
    .split(" ")
    .map((word) => {
      if (word === "and" || word === "&") return word;
      if (ACRONYMS.has(word)) return word.toUpperCase();
      return word.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
    })
    .join(" ");
}

function describe(category: WebshopCategory, stats: ProductTypeStats): ProductType {
  const wearer = WEARERS.find(([prefix]) => stats.query.startsWith(prefix));
  const bare = wearer ? stats.query.slice(wearer[0].length) : stats.query;
  const heads = bare
    .split(/, | & | and /)
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map(titleCase);
  const crumbs = [CATEGORY_ROOTS[category], ...(wearer ? [wearer[2]] : []), titleCase(bare)];
  return { ...stats, category, wearer: wearer?.[1], heads, productCategory: crumbs.join(" › ") };
}

/** Every product type of the real 1000-product set, per category. */
export const CATALOGUE_TYPES: Readonly<Record<WebshopCategory, readonly ProductType[]>> = {
  beauty: PRODUCT_TYPES.beauty.map((stats) => describe("beauty", stats)),
  electronics: PRODUCT_TYPES.electronics.map((stats) => describe("electronics", stats)),
  fashion: PRODUCT_TYPES.fashion.map((stats) => describe("fashion", stats)),
  garden: PRODUCT_TYPES.garden.map((stats) => describe("garden", stats)),
  grocery: PRODUCT_TYPES.grocery.map((stats) => describe("grocery", stats)),
};
