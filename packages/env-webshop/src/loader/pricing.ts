import { pythonFloat } from "../site/python-text.js";

/** Price given to products without pricing (spec webshop.md §2.3). */
export const DEFAULT_PRICE = 100.0;

export interface ParsedPricing {
  /** One or two numbers. */
  pricing: number[];
  /** `$10.99`, `$24.49 to $39.99`, or `$100.0` without pricing. */
  Price: string;
}

/** Thrown by `parsePricing` for a piece that is not a number; the loader adds the location. */
export class PricingError extends Error {}

/**
 * The raw `pricing` string → numbers and price tag (spec §2.3, WS `engine.load_products`):
 * split on `$`, drop the first piece, keep only digits and `.` in each piece, parse, keep two.
 */
export function parsePricing(raw: string | null | undefined): ParsedPricing {
  if (!raw) return { pricing: [DEFAULT_PRICE], Price: `$${pythonFloat(DEFAULT_PRICE)}` };
  const numbers = raw
    .split("$")
    .slice(1)
    .map((piece) => {
      const digits = piece.replace(/[^\d.]/g, "");
      // Python's Decimal accepts "12", "12.5", ".5", "5."; anything else raises
      if (!/^(\d+\.?\d*|\.\d+)$/.test(digits)) throw new PricingError(`unparsable price piece "$${piece}" in "${raw}"`);
      return Number(digits);
    });
  if (numbers.length === 0) throw new PricingError(`no "$" price in "${raw}"`);
  const pricing = numbers.slice(0, 2);
  const [low, high] = pricing as [number, number?];
  const Price = high === undefined ? `$${pythonFloat(low)}` : `$${pythonFloat(low)} to $${pythonFloat(high)}`;
  return { pricing, Price };
}

/**
 * The price a product is sold at for rewards and goal limits (spec §2.3): the single price, a
 * uniform draw in `[lo, hi]` for a range. `random` gives floats in [0, 1).
 */
export function samplePrice(pricing: readonly number[], random: () => number): number {
  const [low, high] = pricing;
  if (low === undefined) return DEFAULT_PRICE;
  if (high === undefined) return low;
  return low + (high - low) * random();
}
