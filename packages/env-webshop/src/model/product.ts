import { z } from "zod";

/**
 * Product records (spec webshop.md §2). Field names follow upstream WebShop exactly, because the
 * same names appear in its data files, its reward code and `reward_cases.json`.
 */

/** One entry of a `customization_options` group in the raw file. */
export const RawOptionValue = z.object({
  value: z.string(),
  image: z.string().nullable().optional(),
});
export type RawOptionValue = z.infer<typeof RawOptionValue>;

/**
 * One raw product of `items_shuffle[_1000].json` (§2.1), as upstream `engine.load_products` reads
 * it. Unknown extra fields (brand, list_price, …) are stripped. `images` may be absent because it
 * only feeds the HTML mode. `title_nouns` is the project's own optional field (§3, §11.2): the
 * lower-cased NOUN/PROPN tokens of `name`, precomputed so the type reward needs no tagger.
 */
export const RawProduct = z.object({
  asin: z.string(),
  name: z.string(),
  full_description: z.string(),
  small_description: z.union([z.string(), z.array(z.string())]),
  pricing: z.string().nullable().optional(),
  customization_options: z.record(z.string(), z.array(RawOptionValue).nullable()).nullable().optional(),
  images: z.array(z.string()).optional(),
  category: z.string(),
  query: z.string(),
  product_category: z.string(),
  title_nouns: z.array(z.string()).optional(),
});
export type RawProduct = z.infer<typeof RawProduct>;

/**
 * One option group after normalisation (§2.2): name lower-cased; values trimmed, `/` → ` | `,
 * lower-cased. Groups are kept as an ordered list, not an object, because a JS object would move
 * integer-like names to the front and break upstream's insertion order.
 */
export const ProductOptionGroup = z.object({
  name: z.string(),
  values: z.array(z.string()),
});
export type ProductOptionGroup = z.infer<typeof ProductOptionGroup>;

/** One human instruction of `items_human_ins.json` (§2.4); extra keys are kept. */
export const HumanInstruction = z.looseObject({
  instruction: z.string(),
  instruction_attributes: z.array(z.string()),
  instruction_options: z.array(z.string()),
});
export type HumanInstruction = z.infer<typeof HumanInstruction>;

/**
 * A normalised product, as the site, the search index and the reward use it (§2.2, §2.3).
 * `Reviews` (always empty) and `Rating` (always `N.A.`) are constants upstream and not stored.
 */
export const Product = z.object({
  asin: z.string(),
  /** Raw `name`; the type reward reads it. Equal to `Title`. */
  name: z.string(),
  Title: z.string(),
  Description: z.string(),
  BulletPoints: z.array(z.string()),
  /** One or two numbers (§2.3); `[100]` when the raw pricing is missing or empty. */
  pricing: z.array(z.number()).min(1).max(2),
  /** Price tag shown on pages: `$10.99`, `$24.49 to $39.99`, `$100.0`. */
  Price: z.string(),
  options: z.array(ProductOptionGroup),
  /** From the attribute file, or `["DUMMY_ATTR"]` when it has no entry for the ASIN. */
  Attributes: z.array(z.string()),
  MainImage: z.string().nullable(),
  category: z.string(),
  /** Lower-cased and trimmed. */
  query: z.string(),
  product_category: z.string(),
  /** Synthetic-goal instruction from the attribute file, if any. */
  instruction_text: z.string().nullable(),
  instruction_attributes: z.array(z.string()).nullable(),
  /** Human instructions for this ASIN (human-goal mode), if any. */
  instructions: z.array(HumanInstruction).nullable(),
  /** Precomputed lower-cased NOUN/PROPN tokens of `name` (§11.2), if the file had them. */
  title_nouns: z.array(z.string()).nullable(),
});
export type Product = z.infer<typeof Product>;
