import { InvalidInputError, SeededRandom } from "@hiper/core";
import type { z } from "zod";
import { AttributeEntry } from "../model/attribute-file.js";
import type { Goal, GoalMode } from "../model/goal.js";
import { HumanInstruction, type Product, RawProduct } from "../model/product.js";
import { humanGoals, shuffleGoals, syntheticGoals } from "./goals.js";
import { asinSkipReason, type NormalizeContext, normalizeOptions, normalizeProduct, type SkipReason } from "./normalize-product.js";
import { PricingError, samplePrice } from "./pricing.js";

/** Default seed of the price draws (spec webshop.md §2.3, §4.4: upstream does not seed them). */
export const DEFAULT_PRICE_SEED = 0;

export interface WebshopDataOptions {
  /** Goal source (default `synthetic`, the verl-agent / HiPER setting). */
  goalMode?: GoalMode;
  /** Consider only the first N raw product entries (before skipping); null = all. */
  numProducts?: number | null;
  /** Seed of the sampled prices and goal price limits. */
  seed?: number;
  /** Put goals in upstream's order (seed-233 shuffle, default true); false keeps build order. */
  shuffle?: boolean;
}

/** An entry that upstream's loader skips (or partly skips), recorded instead of thrown. */
export interface LoadWarning {
  file: string;
  /** Index of the raw entry in the product file. */
  entry: number;
  asin: string;
  reason: SkipReason;
  /** The option group name, for `null_option_group`. */
  detail?: string;
}

export interface WebshopData {
  /** Normalised products in file order. */
  products: Product[];
  productsByAsin: ReadonlyMap<string, Product>;
  /** Sampled price per ASIN (spec §2.3). */
  prices: ReadonlyMap<string, number>;
  /** Goals in goal-index order (spec §4.5). */
  goals: Goal[];
  warnings: LoadWarning[];
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return error.message;
  const where = issue.path.length > 0 ? `field "${issue.path.join(".")}": ` : "";
  return `${where}${issue.message}`;
}

/** Validates the attribute file's entries (`items_ins_v2*.json`, spec §1). */
export function readAttributeEntries(file: string, entries: Iterable<[string, unknown]>): Record<string, AttributeEntry> {
  const attributes: Record<string, AttributeEntry> = {};
  for (const [asin, value] of entries) {
    const parsed = AttributeEntry.safeParse(value);
    if (!parsed.success) throw new InvalidInputError(`${file}: ASIN ${asin}: ${describeIssue(parsed.error)}`);
    attributes[asin] = parsed.data;
  }
  return attributes;
}

/** Validates the human instruction file's entries (`items_human_ins.json`, spec §2.4). */
export function readHumanInstructionEntries(
  file: string,
  entries: Iterable<[string, unknown]>,
): Record<string, HumanInstruction[]> {
  const instructions: Record<string, HumanInstruction[]> = {};
  for (const [asin, value] of entries) {
    const parsed = HumanInstruction.array().safeParse(value);
    if (!parsed.success) throw new InvalidInputError(`${file}: ASIN ${asin}: ${describeIssue(parsed.error)}`);
    instructions[asin] = parsed.data;
  }
  return instructions;
}

/**
 * Turns raw product entries into normalised products one at a time, applying upstream's skip
 * rules (spec §2.1, §2.5): `nan` and over-long ASINs and later duplicates are skipped with a
 * warning; any other malformed entry is an `InvalidInputError` naming the file and entry.
 */
export class ProductCollector {
  readonly products: Product[] = [];
  readonly warnings: LoadWarning[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly context: NormalizeContext,
  ) {}

  add(index: number, value: unknown): void {
    const where = `${this.file}: entry ${index}`;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new InvalidInputError(`${where}: expected a product object`);
    }
    const asin = (value as { asin?: unknown }).asin;
    if (typeof asin !== "string") throw new InvalidInputError(`${where}: field "asin": expected a string`);
    const skip = asinSkipReason(asin) ?? (this.seen.has(asin) ? "duplicate_asin" : null);
    if (skip) {
      this.warnings.push({ file: this.file, entry: index, asin, reason: skip });
      return;
    }
    this.seen.add(asin);
    const parsed = RawProduct.safeParse(value);
    if (!parsed.success) throw new InvalidInputError(`${where} (ASIN ${asin}): ${describeIssue(parsed.error)}`);
    for (const group of normalizeOptions(parsed.data.customization_options).nullGroups) {
      this.warnings.push({ file: this.file, entry: index, asin, reason: "null_option_group", detail: group });
    }
    try {
      this.products.push(normalizeProduct(parsed.data, this.context));
    } catch (error) {
      if (error instanceof PricingError) throw new InvalidInputError(`${where} (ASIN ${asin}): field "pricing": ${error.message}`);
      throw error;
    }
  }
}

/**
 * Sampled prices, goals and goal order for loaded products (spec §2.3, §4). One seeded
 * generator draws the prices (product order) and then the goal price limits.
 */
export function finishWebshopData(
  products: Product[],
  warnings: LoadWarning[],
  options: WebshopDataOptions = {},
): WebshopData {
  const rng = new SeededRandom(options.seed ?? DEFAULT_PRICE_SEED);
  const random = () => rng.next();
  const prices = new Map<string, number>();
  for (const product of products) prices.set(product.asin, samplePrice(product.pricing, random));
  const mode = options.goalMode ?? "synthetic";
  const goals = mode === "human" ? humanGoals(products, prices, random) : syntheticGoals(products, prices, random);
  if (options.shuffle ?? true) shuffleGoals(goals);
  return {
    products,
    productsByAsin: new Map(products.map((product) => [product.asin, product])),
    prices,
    goals,
    warnings,
  };
}

export interface WebshopSources {
  /** Raw product entries in the format of `items_shuffle*.json` (spec §2.1). */
  products: readonly unknown[];
  /** The attribute file's object (`items_ins_v2*.json`). */
  attributes: unknown;
  /** The human instruction file's object (`items_human_ins.json`), for human goals. */
  humanInstructions?: unknown;
  /** Names used in error messages. */
  names?: { products?: string; attributes?: string; humanInstructions?: string };
}

function objectEntries(file: string, value: unknown): [string, unknown][] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidInputError(`${file}: expected a JSON object keyed by ASIN`);
  }
  return Object.entries(value);
}

/** Builds the WebShop data from parsed files already in memory (e.g. a shipped catalogue). */
export function buildWebshopData(sources: WebshopSources, options: WebshopDataOptions = {}): WebshopData {
  const names = {
    products: sources.names?.products ?? "products",
    attributes: sources.names?.attributes ?? "attributes",
    humanInstructions: sources.names?.humanInstructions ?? "human instructions",
  };
  if (!Array.isArray(sources.products)) throw new InvalidInputError(`${names.products}: expected a JSON array of products`);
  const goalMode = options.goalMode ?? "synthetic";
  const attributes = readAttributeEntries(names.attributes, objectEntries(names.attributes, sources.attributes));
  const humanInstructions =
    goalMode === "human"
      ? readHumanInstructionEntries(
          names.humanInstructions,
          objectEntries(names.humanInstructions, requireHuman(sources.humanInstructions, names.humanInstructions)),
        )
      : undefined;
  const collector = new ProductCollector(names.products, { attributes, humanInstructions, goalMode });
  const limit = checkLimit(options.numProducts, sources.products.length);
  for (let index = 0; index < limit; index++) collector.add(index, sources.products[index]);
  return finishWebshopData(collector.products, collector.warnings, options);
}

function requireHuman(value: unknown, name: string): unknown {
  if (value === undefined) throw new InvalidInputError(`human goals need the human instruction file (${name})`);
  return value;
}

/** The number of raw entries to read: `numProducts` (a non-negative integer) or all of them. */
export function checkLimit(numProducts: number | null | undefined, available: number): number {
  if (numProducts === null || numProducts === undefined) return available;
  if (!Number.isInteger(numProducts) || numProducts < 0) {
    throw new InvalidInputError(`numProducts must be a non-negative integer or null, got ${numProducts}`);
  }
  return Math.min(numProducts, available);
}
