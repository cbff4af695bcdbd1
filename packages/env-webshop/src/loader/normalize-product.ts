import type { AttributeEntry } from "../model/attribute-file.js";
import type { GoalMode } from "../model/goal.js";
import type { HumanInstruction, Product, ProductOptionGroup, RawProduct } from "../model/product.js";
import { pythonStrip } from "@hiper/core";
import { parsePricing } from "./pricing.js";

/** Attributes of products missing from the attribute file (spec webshop.md §2.2). */
export const DUMMY_ATTRIBUTE = "DUMMY_ATTR";

/** Why upstream's loader would skip an entry or a part of it (recorded, not thrown). */
export type SkipReason = "nan_asin" | "long_asin" | "duplicate_asin" | "null_option_group";

/** Upstream skips these ASINs (spec §2.1); returns the reason or null. */
export function asinSkipReason(asin: string): SkipReason | null {
  if (asin === "nan") return "nan_asin";
  if (asin.length > 10) return "long_asin";
  return null;
}

/** Option name lower-cased; values trimmed, `/` → ` | `, lower-cased (§2.2). */
export function normalizeOptionValue(value: string): string {
  return pythonStrip(value).replaceAll("/", " | ").toLowerCase();
}

/**
 * `customization_options` → ordered option groups. Like a Python dict, a repeated name (after
 * lower-casing) keeps its first position and takes the later values. Returns the names of null
 * groups, which are skipped.
 */
export function normalizeOptions(raw: RawProduct["customization_options"]): {
  options: ProductOptionGroup[];
  nullGroups: string[];
} {
  const options: ProductOptionGroup[] = [];
  const nullGroups: string[] = [];
  for (const [rawName, contents] of Object.entries(raw ?? {})) {
    if (contents === null) {
      nullGroups.push(rawName);
      continue;
    }
    const name = rawName.toLowerCase();
    const values = contents.map((content) => normalizeOptionValue(content.value));
    const existing = options.find((group) => group.name === name);
    if (existing) existing.values = values;
    else options.push({ name, values });
  }
  return { options, nullGroups };
}

export interface NormalizeContext {
  attributes: Readonly<Record<string, AttributeEntry>>;
  humanInstructions?: Readonly<Record<string, HumanInstruction[]>> | undefined;
  goalMode: GoalMode;
}

/**
 * A raw product → the normalised product (spec §2.2, §2.3). Throws `PricingError` for a bad
 * `pricing` string.
 */
export function normalizeProduct(raw: RawProduct, context: NormalizeContext): Product {
  const { pricing, Price } = parsePricing(raw.pricing);
  const entry = Object.hasOwn(context.attributes, raw.asin) ? context.attributes[raw.asin] : undefined;
  const synthetic = context.goalMode === "synthetic";
  const human = context.humanInstructions;
  return {
    asin: raw.asin,
    name: raw.name,
    Title: raw.name,
    Description: raw.full_description,
    BulletPoints: typeof raw.small_description === "string" ? [raw.small_description] : raw.small_description,
    pricing,
    Price,
    options: normalizeOptions(raw.customization_options).options,
    Attributes: entry?.attributes ?? [DUMMY_ATTRIBUTE],
    MainImage: raw.images?.[0] ?? null,
    category: raw.category,
    query: pythonStrip(raw.query.toLowerCase()),
    product_category: raw.product_category,
    instruction_text: synthetic ? (entry?.instruction ?? null) : null,
    instruction_attributes: synthetic ? (entry?.instruction_attributes ?? null) : null,
    instructions: !synthetic && human && Object.hasOwn(human, raw.asin) ? (human[raw.asin] ?? null) : null,
    title_nouns: raw.title_nouns ?? null,
  };
}
