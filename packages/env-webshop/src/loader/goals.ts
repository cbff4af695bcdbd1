import { InvalidInputError } from "@hiper/core";
import type { Goal } from "../model/goal.js";
import type { Product } from "../model/product.js";
import { compareCodePoints } from "../reward/python-text.js";
import { PythonRandom } from "./python-random.js";

/** `price_upper` of goals whose target costs 980 or more: no price limit (spec webshop.md §4.4). */
export const NO_PRICE_LIMIT = 1_000_000;

/** Seed of upstream's goal shuffle (spec §4.5). */
export const GOAL_SHUFFLE_SEED = 233;

/** `[10, 20, …, 990]`. */
const PRICE_RANGE = Array.from({ length: 99 }, (_, i) => 10 * (i + 1));

export interface PriceLimit {
  price_upper: number;
  /** `, and price lower than 50.00 dollars`, or `""` without a limit. */
  price_text: string;
}

/**
 * Price limit of a goal whose target sells at `price` (spec §4.4): of the first four values of
 * `PRICE_RANGE` above the price, the larger of two distinct random picks. `random` gives floats
 * in [0, 1).
 */
export function priceLimit(price: number, random: () => number): PriceLimit {
  const candidates = PRICE_RANGE.filter((value) => value > price).slice(0, 4);
  if (candidates.length < 2) return { price_upper: NO_PRICE_LIMIT, price_text: "" };
  const first = Math.floor(random() * candidates.length);
  let second = Math.floor(random() * (candidates.length - 1));
  if (second >= first) second++;
  const price_upper = candidates[Math.max(first, second)] as number;
  return { price_upper, price_text: `, and price lower than ${price_upper.toFixed(2)} dollars` };
}

function targetFields(product: Product) {
  return {
    asin: product.asin,
    category: product.category,
    query: product.query,
    name: product.name,
    product_category: product.product_category,
  };
}

/** Python `s.strip('.')`. */
function stripPeriods(text: string): string {
  return text.replace(/^\.+|\.+$/g, "");
}

function priceOf(prices: ReadonlyMap<string, number>, asin: string): number {
  const price = prices.get(asin);
  if (price === undefined) throw new InvalidInputError(`no sampled price for product ${asin}`);
  return price;
}

/**
 * Human goals (spec §4.2, WS `goal.get_human_goals`): one per human instruction with non-empty
 * attributes, in product order then instruction order; a price limit drawn per instruction.
 */
export function humanGoals(products: readonly Product[], prices: ReadonlyMap<string, number>, random: () => number): Goal[] {
  const goals: Goal[] = [];
  for (const product of products) {
    for (const instruction of product.instructions ?? []) {
      if (instruction.instruction_attributes.length === 0) continue;
      const { price_upper, price_text } = priceLimit(priceOf(prices, product.asin), random);
      goals.push({
        ...targetFields(product),
        instruction_text: stripPeriods(instruction.instruction) + price_text,
        attributes: instruction.instruction_attributes,
        price_upper,
        goal_options: instruction.instruction_options,
        weight: 1,
      });
    }
  }
  return goals;
}

/** Python `itertools.product(*lists)`: the last list varies fastest. */
function cartesian(lists: readonly (readonly string[])[]): string[][] {
  let combinations: string[][] = [[]];
  for (const list of lists) combinations = combinations.flatMap((prefix) => list.map((value) => [...prefix, value]));
  return combinations;
}

/**
 * Synthetic goals (spec §4.3, WS `goal.get_synthetic_goals`): for every product with an
 * instruction, one goal per combination of its option values (names sorted), sharing one price
 * limit per product; weights from attribute rarity.
 */
export function syntheticGoals(products: readonly Product[], prices: ReadonlyMap<string, number>, random: () => number): Goal[] {
  const goals: Goal[] = [];
  const attributeCounts = new Map<string, number>();
  for (const product of products) {
    if (product.instruction_text === null) continue;
    const attributes = product.instruction_attributes ?? [];
    if (attributes.length === 0) {
      throw new InvalidInputError(`product ${product.asin} has an instruction but no instruction_attributes`);
    }
    const { price_upper, price_text } = priceLimit(priceOf(prices, product.asin), random);
    const groups = [...product.options].sort((x, y) => compareCodePoints(x.name, y.name));
    for (const combination of cartesian(groups.map((group) => group.values))) {
      const goal_options: Record<string, string> = {};
      combination.forEach((value, i) => {
        goal_options[(groups[i] as { name: string }).name] = value;
      });
      const optionText = combination.map((value, i) => `${(groups[i] as { name: string }).name}: ${value}`).join(", and ");
      goals.push({
        ...targetFields(product),
        instruction_text: `${product.instruction_text}${optionText ? ` with ${optionText}` : ""}${price_text}`,
        attributes,
        price_upper,
        goal_options,
        weight: 0,
      });
      for (const attribute of attributes) attributeCounts.set(attribute, (attributeCounts.get(attribute) ?? 0) + 1);
    }
  }
  for (const goal of goals) {
    let sum = 0;
    for (const attribute of goal.attributes) sum += 1 / (attributeCounts.get(attribute) as number);
    goal.weight = sum / goal.attributes.length;
  }
  return goals;
}

/** Upstream's goal order (spec §4.5): `random.seed(233); random.shuffle(goals)`, in place. */
export function shuffleGoals<T>(goals: T[], seed: number = GOAL_SHUFFLE_SEED): T[] {
  return new PythonRandom(seed).shuffle(goals);
}
