import { InvalidInputError, SeededRandom } from "@hiper/core";
import { z } from "zod";
import type { AttributeEntry, AttributeFile, HumanInstruction, HumanInstructionFile, RawProduct } from "../model/index.js";
import { WEBSHOP_CATEGORIES, type WebshopCategory, type Weighted } from "./categories.js";
import { humanInstruction } from "./human-instruction.js";
import { familyOptions, type OptionGroups, productOptions } from "./option-sets.js";
import { drawPricing } from "./price-text.js";
import { CATALOGUE_TYPES, type ProductType } from "./product-type.js";
import { placeOf, writeProductText } from "./product-text.js";
import { between, chance, pickWeighted, sampleWeighted } from "./sampling.js";
import { ATTRIBUTE_COUNTS, ATTRIBUTE_PLACES, CATEGORY_ATTRIBUTES, CATEGORY_PRODUCTS, GOAL_ATTRIBUTE_COUNTS } from "./tables/attribute-vocabulary.js";
import { BRANDS } from "./tables/title-vocabulary.js";

export const GenerateCatalogueOptions = z.object({
  /** Products to generate (default 1000, the setting verl-agent and HiPER use). */
  products: z.number().int().positive().max(2_000_000).default(1000),
  /** Seed of everything random in the catalogue. */
  seed: z.number().int().default(0),
});
export type GenerateCatalogueOptions = z.input<typeof GenerateCatalogueOptions>;

/**
 * A generated catalogue in the upstream raw formats (spec webshop.md §2.1, §1, §2.4), ready for
 * the loader: synthetic goals come from `attributes`, human goals from `humanInstructions`.
 */
export interface GeneratedCatalogue {
  products: RawProduct[];
  attributes: AttributeFile;
  humanInstructions: HumanInstructionFile;
}

/** Share of products that are synthetic-goal targets (415 of 1000 in the real attribute file). */
const TARGET_SHARE = 0.415;
const ASIN_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const PLACE_ORDER = { pre: 0, with: 1, for: 2 } as const;

/** `Find me <pre>, <pre> <query> with <with>, <with> for <for>, <for>` (spec §3). */
export function syntheticInstruction(query: string, attributes: readonly string[]): string {
  const of = (place: "pre" | "with" | "for") => attributes.filter((attribute) => placeOf(attribute) === place);
  const start = of("pre").length > 0 ? `${of("pre").join(", ")} ${query}` : query;
  return `Find me ${start}${of("with").length > 0 ? ` with ${of("with").join(", ")}` : ""}${of("for").length > 0 ? ` for ${of("for").join(", ")}` : ""}`;
}

/** Largest-remainder split of `total` by the real category sizes. */
function categoryQuotas(total: number): Record<WebshopCategory, number> {
  const sum = WEBSHOP_CATEGORIES.reduce((acc, category) => acc + CATEGORY_PRODUCTS[category], 0);
  const exact = WEBSHOP_CATEGORIES.map((category) => (total * CATEGORY_PRODUCTS[category]) / sum);
  const quotas = exact.map(Math.floor);
  const order = exact.map((value, index) => [value - Math.floor(value), index] as const).sort((a, b) => b[0] - a[0]);
  const missing = total - quotas.reduce((a, b) => a + b, 0);
  for (const [, index] of order.slice(0, missing)) quotas[index] = (quotas[index] as number) + 1;
  return Object.fromEntries(WEBSHOP_CATEGORIES.map((category, index) => [category, quotas[index] as number])) as Record<WebshopCategory, number>;
}

/**
 * Generates a WebShop catalogue that follows the real data's vocabulary and statistics
 * (`tables/`, written by `derive-vocabulary.ts`): products in families of one product type
 * (3–7 similar products), each family sharing a pool of attributes and option values, so that
 * its members share some but not all attributes, options and price levels. About 41 % of the
 * products are synthetic-goal targets with an instruction over 2–4 of their attributes; the
 * rest of each family are the distractors. Each target also gets one or two human-worded
 * requests (`humanInstructions`). Deterministic for a seed; products are shuffled, as in the
 * upstream file.
 */
export function generateCatalogue(input: GenerateCatalogueOptions = {}): GeneratedCatalogue {
  const parsed = GenerateCatalogueOptions.safeParse(input);
  if (!parsed.success) throw new InvalidInputError(`invalid catalogue options: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  const { products: total, seed } = parsed.data;
  const random = new SeededRandom(seed);
  const asins = new Set<string>();
  const newAsin = (): string => {
    for (;;) {
      let asin = "B0";
      for (let i = 0; i < 8; i += 1) asin += ASIN_CHARACTERS[random.int(ASIN_CHARACTERS.length)];
      if (!asins.has(asin)) {
        asins.add(asin);
        return asin;
      }
    }
  };

  const products: RawProduct[] = [];
  const attributes: AttributeFile = {};
  const humanInstructions: HumanInstructionFile = {};
  const quotas = categoryQuotas(total);
  for (const category of WEBSHOP_CATEGORIES) {
    const types: Weighted<ProductType> = CATALOGUE_TYPES[category].map((type) => [type, type.targets + 1] as const);
    let made = 0;
    while (made < quotas[category]) {
      const size = Math.min(between(random, 3, 7), quotas[category] - made);
      for (const item of generateFamily(random, pickWeighted(random, types), size)) {
        const asin = newAsin();
        products.push({ asin, ...item.product });
        attributes[asin] = item.attributes;
        if (item.human.length > 0) humanInstructions[asin] = item.human;
      }
      made += size;
    }
  }
  return { products: random.shuffle(products), attributes, humanInstructions };
}

interface FamilyMember {
  product: Omit<RawProduct, "asin">;
  attributes: AttributeEntry;
  /** Human-worded requests for a goal target (one or two), else none. */
  human: HumanInstruction[];
}

/** One family: `size` products of one type; the first ones (about 41 %, at least one) are goal targets. */
function generateFamily(random: SeededRandom, type: ProductType, size: number): FamilyMember[] {
  const category = type.category;
  // Goal attributes: the type's own, topped up from the category's attributes that instructions use.
  const placed = CATEGORY_ATTRIBUTES[category].filter(([attribute]) => attribute in ATTRIBUTE_PLACES);
  const candidates = new Map<string, number>(placed.map(([attribute, count]) => [attribute, count / 20]));
  for (const [attribute, count] of type.attributes) candidates.set(attribute, (candidates.get(attribute) ?? 0) + count);
  const typePool = sampleWeighted(random, [...candidates], between(random, 5, 8));
  const extraPool = CATEGORY_ATTRIBUTES[category].filter(([attribute]) => !typePool.includes(attribute));
  const options = familyOptions(random, category);
  const targets = Math.max(1, Math.round(size * TARGET_SHARE));
  return Array.from({ length: size }, (_, index) => {
    const target = index < targets;
    const goalCount = target ? Math.min(4, Math.max(2, pickWeighted(random, GOAL_ATTRIBUTE_COUNTS))) : 0;
    const goalAttributes = sampleWeighted(
      random,
      typePool.map((attribute) => [attribute, 1] as const),
      goalCount,
    ).sort((a, b) => PLACE_ORDER[placeOf(a)] - PLACE_ORDER[placeOf(b)]);
    const own = target ? goalAttributes : sampleWeighted(random, typePool.map((attribute) => [attribute, 1] as const), between(random, 1, Math.min(4, typePool.length)));
    const extraCount = Math.max(0, Math.min(3, pickWeighted(random, ATTRIBUTE_COUNTS[category]) - own.length));
    const productAttributes = [...own, ...sampleWeighted(random, extraPool, chance(random, 0.5) ? extraCount : 0)];
    return member(random, type, productAttributes, productOptions(random, options), target ? goalAttributes : undefined);
  });
}

function member(random: SeededRandom, type: ProductType, attributes: string[], options: OptionGroups, goalAttributes: string[] | undefined): FamilyMember {
  const text = writeProductText(random, type, random.pick(BRANDS), attributes);
  const pricing = drawPricing(random, type.category);
  const product: Omit<RawProduct, "asin"> = {
    name: text.title,
    full_description: text.description,
    small_description: text.bullets,
    ...(pricing ? { pricing } : {}),
    customization_options: options.length > 0 ? Object.fromEntries(options.map(({ name, values }) => [name, values.map((value) => ({ value: value.replaceAll(" | ", "/") }))])) : null,
    category: type.category,
    query: type.query,
    product_category: type.productCategory,
    title_nouns: text.titleNouns,
  };
  const entry: AttributeEntry = goalAttributes ? { attributes, instruction: syntheticInstruction(type.query, goalAttributes), instruction_attributes: goalAttributes } : { attributes };
  const human = goalAttributes ? Array.from({ length: chance(random, 0.5) ? 2 : 1 }, () => humanInstruction(random, type.query, goalAttributes, options)) : [];
  return { product, attributes: entry, human };
}
