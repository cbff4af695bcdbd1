import type { SeededRandom } from "@hiper/core";
import type { WebshopCategory } from "./categories.js";
import { chance, fromQuantiles } from "./sampling.js";
import { PRICE_STATISTICS } from "./tables/price-statistics.js";

/**
 * A raw `pricing` string drawn from the category's real price statistics: `$12.99`, a range
 * `$12.99$24.99`, or undefined (no pricing: the site shows `$100.0`).
 */
export function drawPricing(random: SeededRandom, category: WebshopCategory): string | undefined {
  const statistics = PRICE_STATISTICS[category];
  if (chance(random, statistics.missingShare)) return undefined;
  const low = Math.max(0.5, fromQuantiles(random, statistics.quantiles));
  if (!chance(random, statistics.rangeShare)) return `$${low.toFixed(2)}`;
  const high = low * Math.max(1.05, fromQuantiles(random, statistics.rangeRatios));
  return `$${low.toFixed(2)}$${high.toFixed(2)}`;
}
