/** WebShop's `PRODUCT_WINDOW`: products per results page (spec webshop.md §10.4). */
export const PRODUCT_WINDOW = 10;

/** The hits shown on results page `page` (1-based); pages past the last are empty. */
export function resultsPage<T>(hits: readonly T[], page: number): T[] {
  if (!Number.isInteger(page) || page < 1) return [];
  return hits.slice((page - 1) * PRODUCT_WINDOW, page * PRODUCT_WINDOW);
}
