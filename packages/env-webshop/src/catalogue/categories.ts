/** The five upstream WebShop categories (spec webshop.md §2.1), in alphabetical order. */
export const WEBSHOP_CATEGORIES = ["beauty", "electronics", "fashion", "garden", "grocery"] as const;
export type WebshopCategory = (typeof WEBSHOP_CATEGORIES)[number];

/** `[item, weight]` pairs for weighted sampling, most frequent first. */
export type Weighted<T> = ReadonlyArray<readonly [T, number]>;

/** The root of each category's Amazon breadcrumb (`product_category`). */
export const CATEGORY_ROOTS: Readonly<Record<WebshopCategory, string>> = {
  beauty: "Beauty & Personal Care",
  electronics: "Electronics",
  fashion: "Clothing, Shoes & Jewelry",
  garden: "Home & Kitchen",
  grocery: "Grocery & Gourmet Food",
};
