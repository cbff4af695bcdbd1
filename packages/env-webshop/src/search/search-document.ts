import type { Product } from "../model/product.js";

/** The product fields the search index reads. */
export type SearchableProduct = Pick<Product, "asin" | "Title" | "Description" | "BulletPoints" | "options">;

/**
 * The indexed `contents` of a product (spec webshop.md §10.1, WS
 * `convert_product_file_format.py`): title, description, the first bullet point only, and the
 * options as `name: v1, v2, and name2: …`, lower-cased.
 */
export function searchDocumentText(product: SearchableProduct): string {
  const optionText = product.options.map((group) => `${group.name}: ${group.values.join(", ")}`).join(", and ");
  return [product.Title, product.Description, product.BulletPoints[0] ?? "", optionText].join(" ").toLowerCase();
}
