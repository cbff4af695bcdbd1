// Price statistics of real products (ReAct episodes), per category.
// Written by `derive-vocabulary.ts` from the real WebShop data (statistics and word lists only).

import type { WebshopCategory } from "../categories.js";

export interface PriceStatistics {
  /** Share of products shown as `$lo to $hi`. */
  rangeShare: number;
  /** Share of products without pricing (shown as `$100.0`). */
  missingShare: number;
  /** 21 quantiles (0 %, 5 %, … 100 %) of the (lower) price. */
  quantiles: readonly number[];
  /** 11 quantiles of hi / lo for ranges. */
  rangeRatios: readonly number[];
}

export const PRICE_STATISTICS: Readonly<Record<WebshopCategory, PriceStatistics>> = {
  beauty: { rangeShare: 0.009, missingShare: 0.075, quantiles: [0.29,3.99,5.98,6.98,7.63,8.49,9.63,9.99,11.54,12.96,12.99,13.99,14.99,16.39,18.9,22.23,28,31.03,39.34,50.38,223.35], rangeRatios: [1,1.08,1.17,1.27,1.52,1.76,2,2.28,2.82,5.03,51.84] },
  electronics: { rangeShare: 0, missingShare: 0.056, quantiles: [3.69,6.99,7.99,9.64,10.99,11.92,12.99,14.86,17.35,19.99,23.49,25.99,32.26,38.19,48.94,64.47,86.76,169.47,278.09,702.85,2699], rangeRatios: [1,1.08,1.17,1.27,1.52,1.76,2,2.28,2.82,5.03,51.84] },
  fashion: { rangeShare: 0.542, missingShare: 0.124, quantiles: [0.13,1.97,5.94,8.07,9.99,12.29,13.99,15.99,16.19,16.99,19.38,19.99,22.99,24.99,28.34,34.96,39.99,51.43,58.39,74.22,737.98], rangeRatios: [1,1.07,1.16,1.25,1.44,1.66,1.84,2.1,2.47,4.01,51.84] },
  garden: { rangeShare: 0.009, missingShare: 0.085, quantiles: [4.49,11.98,15.79,17.99,21.38,25.99,33.88,40.39,49.61,65.99,75.99,92.99,111.48,145.52,170.51,200.65,221.81,280.79,347.2,497.93,28253.29], rangeRatios: [1,1.08,1.17,1.27,1.52,1.76,2,2.28,2.82,5.03,51.84] },
  grocery: { rangeShare: 0.069, missingShare: 0.105, quantiles: [1.84,4.99,6.99,7.99,8.99,9.99,10.99,12.99,14.25,14.99,17.55,19.5,21.3,25.04,29.62,32.76,37.99,42.99,47.88,75.99,1749], rangeRatios: [1.05,1.18,1.76,2,2.4,2.79,3.01,3.98,4.33,5.77,6.65] },
};
