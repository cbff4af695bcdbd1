/**
 * Development script (not part of the package API): derives the catalogue generator's tables in
 * `tables/` from the real WebShop data, so that generated products and goals follow the real
 * vocabulary and statistics without copying any record.
 *
 *   npx tsx packages/env-webshop/src/catalogue/derive-vocabulary.ts [path/to/shared/data/webshop]
 *
 * Sources: `items_ins_v2_1000.json` (attributes and synthetic-instruction phrasing of the
 * 1000-product set), `react_webshop_traj_output.txt.gz` (real titles, prices and option lists
 * of 983 products seen by a ReAct agent) and `human_goals.json` (how people open a request and
 * name options). Only counts, word lists and quantiles are written.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { WEBSHOP_CATEGORIES, type WebshopCategory } from "./categories.js";

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(process.argv[2] ?? join(here, "../../../../../shared/data/webshop"));
const tablesDir = join(here, "tables");

// The attribute file lists its 1000 ASINs category by category; these are the first index of
// each block (found by reading the instructions: scrubs … refillable containers are beauty,
// meat substitutes … milks grocery, blu-ray players … iphone accessories electronics, men's
// sandals … socks fashion, console tables … beds garden).
const CATEGORY_BLOCKS: ReadonlyArray<readonly [number, WebshopCategory]> = [
  [0, "beauty"],
  [238, "grocery"],
  [355, "electronics"],
  [584, "fashion"],
  [784, "garden"],
];

/** Option values that would shadow a button or break the click syntax (spec §3). */
const RESERVED = new Set(["back to search", "< prev", "next >", "description", "features", "reviews", "attributes", "buy now", "search"]);
const STOP_WORDS = new Set(["a", "an", "and", "the", "of", "for", "with", "to", "in", "on", "or", "by", "from", "at", "is", "as", "&", "+", "-", "|", "x"]);

type Counter<K> = Map<K, number>;
const count = <K>(map: Counter<K>, key: K, by = 1) => map.set(key, (map.get(key) ?? 0) + by);
const top = <K>(map: Counter<K>, limit = Infinity): Array<[K, number]> =>
  [...map.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))).slice(0, limit);
const perCategory = <T>(make: () => T): Record<WebshopCategory, T> =>
  Object.fromEntries(WEBSHOP_CATEGORIES.map((category) => [category, make()])) as Record<WebshopCategory, T>;
const json = (value: unknown) => JSON.stringify(value);
const words = (text: string) => text.toLowerCase().match(/[a-z]+/g) ?? [];

function categoryOfIndex(index: number): WebshopCategory {
  let found: WebshopCategory = "beauty";
  for (const [start, category] of CATEGORY_BLOCKS) if (index >= start) found = category;
  return found;
}

// ---- attribute file: product types, attribute places, attribute pools ----

interface AttributeRecord {
  attributes: string[];
  instruction?: string;
  instruction_attributes?: string[];
}
type Place = "pre" | "with" | "for";

const attributeFile = JSON.parse(readFileSync(join(dataDir, "items_ins_v2_1000.json"), "utf8")) as Record<string, AttributeRecord>;
const records = Object.values(attributeFile);
const productsPerCategory = perCategory(() => 0);
const categoryAttributes = perCategory(() => new Map<string, number>());
const typeTargets = perCategory(() => new Map<string, number>());
const typeAttributes = new Map<string, Counter<string>>();
const places = new Map<string, Counter<Place>>();
const attributesPerProduct = perCategory(() => new Map<number, number>());
const goalAttributeCounts = new Map<number, number>();
const categoryWords = perCategory(() => new Map<string, number>());

records.forEach((record, index) => {
  const category = categoryOfIndex(index);
  productsPerCategory[category] += 1;
  count(attributesPerProduct[category], record.attributes.length);
  for (const attribute of record.attributes) count(categoryAttributes[category], attribute);
  for (const word of words(`${record.attributes.join(" ")} ${record.instruction ?? ""}`)) if (word !== "find" && word !== "me") count(categoryWords[category], word);
  if (!record.instruction || !record.instruction_attributes) return;
  const parsed = parseInstruction(record.instruction, record.instruction_attributes);
  count(typeTargets[category], parsed.query);
  count(goalAttributeCounts, record.instruction_attributes.length);
  const attributes = typeAttributes.get(`${category}\t${parsed.query}`) ?? new Map<string, number>();
  typeAttributes.set(`${category}\t${parsed.query}`, attributes);
  for (const [attribute, place] of parsed.places) {
    count(attributes, attribute);
    const seen = places.get(attribute) ?? new Map<Place, number>();
    places.set(attribute, seen);
    count(seen, place);
  }
});

/** `Find me <pre>, <pre> <query> with <with>, <with> for <for>, <for>`: the query and each attribute's place. */
function parseInstruction(instruction: string, attributes: readonly string[]): { query: string; places: Array<[string, Place]> } {
  const match = /^Find me (.*?)(?: with (.*?))?(?: for (.*))?$/.exec(instruction);
  if (!match) throw new Error(`unexpected instruction shape: ${instruction}`);
  const found: Array<[string, Place]> = [];
  for (const [list, place] of [[match[2], "with"], [match[3], "for"]] as const) {
    for (const attribute of list ? list.split(", ") : []) found.push([attribute, place]);
  }
  // Each instruction attribute is written once: one already placed after with/for is part of the
  // product type (`hair loss products … for hair loss`).
  const unplaced = attributes.filter((attribute) => !found.some(([placed]) => placed === attribute));
  let head = match[1] as string;
  for (;;) {
    const attribute = unplaced.find((candidate) => head.startsWith(`${candidate}, `) || head.startsWith(`${candidate} `));
    if (!attribute) break;
    found.push([attribute, "pre"]);
    head = head.slice(attribute.length + (head.startsWith(`${attribute}, `) ? 2 : 1));
  }
  return { query: head, places: found };
}

// ---- ReAct episodes: titles, prices and options of real products ----

interface SeenProduct {
  title: string;
  price: string;
  options: Array<[string, string[]]> | undefined;
}

const react = gunzipSync(readFileSync(join(dataDir, "react_webshop_traj_output.txt.gz"))).toString("utf8");
const seen = new Map<string, SeenProduct>();
for (const match of react.matchAll(/\n\[([A-Z0-9]{10})\] \n(.*?) \n(\$[^\n]*?) \n/g)) {
  seen.set(match[1] as string, { title: match[2] as string, price: match[3] as string, options: undefined });
}
for (const match of react.matchAll(/Action: click\[([A-Z0-9]{10})\]\nObservation: \n\[Back to Search\] \n\[< Prev\] \n((?:[a-z][^\n]*\n)*?)(.*?) \nPrice: (\$[^\n]*?) \n/g)) {
  const options = (match[2] as string)
    .split("\n")
    .filter((line) => line !== "")
    .map((line): [string, string[]] => {
      const at = line.indexOf(" [");
      return [line.slice(0, at), [...line.slice(at).matchAll(/\[([^\]]*)\]/g)].map((value) => value[1] as string)];
    });
  seen.set(match[1] as string, { title: match[3] as string, price: match[4] as string, options });
}

// A naive-Bayes reading of each real title against the attribute file's per-category words,
// to attribute prices, title words and options to a category.
const vocabularySize = new Set(WEBSHOP_CATEGORIES.flatMap((category) => [...categoryWords[category].keys()])).size;
const totals = perCategory(() => 0);
for (const category of WEBSHOP_CATEGORIES) totals[category] = [...categoryWords[category].values()].reduce((a, b) => a + b, 0);
function classify(text: string): WebshopCategory {
  let best: [number, WebshopCategory] = [-Infinity, "beauty"];
  for (const category of WEBSHOP_CATEGORIES) {
    let score = 0;
    for (const word of words(text)) {
      if (!WEBSHOP_CATEGORIES.some((other) => categoryWords[other].has(word))) continue;
      score += Math.log(((categoryWords[category].get(word) ?? 0) + 0.5) / (totals[category] + 0.5 * vocabularySize));
    }
    if (score > best[0]) best = [score, category];
  }
  return best[1];
}

const firstWords = new Map<string, number>();
const laterWords = new Map<string, number>();
for (const product of seen.values()) {
  const tokens = product.title.split(/\s+/);
  count(firstWords, tokens[0] ?? "");
  for (const token of tokens.slice(1)) count(laterWords, token.toLowerCase());
}
const attributeWords = new Set(records.flatMap((record) => record.attributes.flatMap(words)));
/** A title's first token that reads as a brand: capitalised, never a common word elsewhere. */
const isBrand = (token: string) =>
  /^[A-Z][A-Za-z0-9]{2,14}$/.test(token) && !laterWords.has(token.toLowerCase()) && !attributeWords.has(token.toLowerCase()) && !STOP_WORDS.has(token.toLowerCase());
const brands = top(new Map([...firstWords].filter(([token]) => isBrand(token)))).map(([token]) => token);

const titleWords = perCategory(() => new Map<string, number>());
const titleLengths = perCategory((): number[] => []);
const prices = perCategory((): number[] => []);
const rangeRatios = perCategory((): number[] => []);
const priceKinds = perCategory(() => new Map<"single" | "range" | "missing", number>());
const layouts = perCategory(() => new Map<string, number>());
const optionValues = new Map<string, Counter<string>>();
const brandSet = new Set(brands);
for (const product of seen.values()) {
  const category = classify(`${product.title} ${(product.options ?? []).flatMap(([, values]) => values).join(" ")}`);
  const tokens = product.title.split(/\s+/);
  titleLengths[category].push(tokens.length);
  for (const token of tokens) {
    const word = token.replace(/^[^A-Za-z]+|[^A-Za-z']+$/g, "");
    if (/^[A-Z][a-z']{2,}$/.test(word) && !brandSet.has(word) && !STOP_WORDS.has(word.toLowerCase())) count(titleWords[category], word);
  }
  const numbers = product.price
    .split("to")
    .map((piece) => Number(piece.replace(/[^0-9.]/g, "")))
    .filter(Number.isFinite);
  if (product.price === "$100.0") count(priceKinds[category], "missing");
  else if (numbers.length === 2) {
    count(priceKinds[category], "range");
    prices[category].push(numbers[0] as number);
    const ratio = (numbers[1] as number) / (numbers[0] as number);
    if (ratio > 1) rangeRatios[category].push(ratio);
  } else {
    count(priceKinds[category], "single");
    prices[category].push(numbers[0] as number);
  }
  if (!product.options) continue;
  count(layouts[category], json(product.options.map(([name]) => name)));
  for (const [name, values] of product.options) {
    const key = `${category}\t${name}`;
    const counter = optionValues.get(key) ?? new Map<string, number>();
    optionValues.set(key, counter);
    for (const value of values) {
      const clean = value.trim();
      if (clean === "" || clean.length > 40 || /[[\]\u00a0]/.test(clean) || RESERVED.has(clean) || clean !== clean.toLowerCase()) continue;
      count(counter, clean);
    }
  }
}

/** `steps + 1` evenly spaced quantiles of `values` (sorted), rounded to cents. */
function quantiles(values: number[], steps = 20): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return Array.from({ length: steps + 1 }, (_, i) => {
    const at = (i / steps) * (sorted.length - 1);
    const low = sorted[Math.floor(at)] as number;
    const high = sorted[Math.ceil(at)] as number;
    return Math.round((low + (high - low) * (at - Math.floor(at))) * 100) / 100;
  });
}

// ---- human instructions: openers and option phrasing ----

const humanGoals = JSON.parse(readFileSync(join(dataDir, "human_goals.json"), "utf8")) as string[];
// Openers people use (longest first, so `i am looking for a` wins over `i am looking for`).
const OPENERS = [
  "i am looking for a", "i am looking for", "im looking for a", "im looking for", "i would like a", "i would like some", "i would like to buy a",
  "i need a", "i need some", "i need", "i want a", "i want to buy a", "i want to find a", "i want", "i am interested in a", "i am searching for a",
  "can you find me a", "find me a", "get me a", "get me some", "buy me a", "id like to find a", "im interested in a",
].sort((a, b) => b.length - a.length);
const openers = new Map<string, number>();
for (const goal of humanGoals) {
  const opener = OPENERS.find((candidate) => goal.startsWith(`${candidate} `));
  if (opener) count(openers, opener);
}
const matching = (pattern: RegExp) => humanGoals.filter((goal) => pattern.test(goal)).length;
const inName = matching(/\bin (size|colou?r)\b/);
const inTheName = matching(/\bin the (size|colou?r)\b/);
const inValue = matching(/\bin \w+ colou?r\b/);
const bare = matching(/\b(size|colou?r)\b/) - inName - inTheName;

// ---- writing ----

const HEADER = (what: string) =>
  `// ${what}\n// Written by \`derive-vocabulary.ts\` from the real WebShop data (statistics and word lists only).\n\n`;
const categoryRecord = (render: (category: WebshopCategory) => string) =>
  `{\n${WEBSHOP_CATEGORIES.map((category) => `  ${category}: ${render(category)},`).join("\n")}\n}`;
const weightedLines = (pairs: Array<[unknown, number]>, indent: string) => `[\n${pairs.map((pair) => `${indent}  ${json(pair)},`).join("\n")}\n${indent}]`;

function write(name: string, text: string): void {
  writeFileSync(join(tablesDir, name), text);
  process.stdout.write(`wrote tables/${name}\n`);
}

const placeOf = (attribute: string): Place => (top(places.get(attribute) ?? new Map<Place, number>())[0]?.[0] ?? "with") as Place;

write(
  "product-types.ts",
  HEADER("Product types (the `query` of a product) per category, from the synthetic instructions of items_ins_v2_1000.json.") +
    `import type { WebshopCategory, Weighted } from "../categories.js";\n\n` +
    `export interface ProductTypeStats {\n  /** The Amazon search query the product was scraped with: the instruction's product-type phrase. */\n  query: string;\n  /** Synthetic goal targets of this type in the real file. */\n  targets: number;\n  /** Instruction attributes used for this type, with counts. */\n  attributes: Weighted<string>;\n}\n\n` +
    `export const PRODUCT_TYPES: Readonly<Record<WebshopCategory, readonly ProductTypeStats[]>> = ${categoryRecord(
      (category) =>
        `[\n${top(typeTargets[category])
          .map(([query, targets]) => `    { query: ${json(query)}, targets: ${targets}, attributes: ${json(top(typeAttributes.get(`${category}\t${query}`) ?? new Map()))} },`)
          .join("\n")}\n  ]`,
    )};\n`,
);

const allPlaced = [...places.keys()].sort();
write(
  "attribute-vocabulary.ts",
  HEADER("Attributes of items_ins_v2_1000.json: where instructions place each goal attribute, and each category's attribute pool.") +
    `import type { WebshopCategory, Weighted } from "../categories.js";\n\n` +
    `/** Where a goal attribute stands in a synthetic instruction: before the product type, after \`with\`, or after \`for\`. */\nexport type AttributePlace = "pre" | "with" | "for";\n\n` +
    `export const ATTRIBUTE_PLACES: Readonly<Record<string, AttributePlace>> = {\n${allPlaced.map((attribute) => `  ${json(attribute)}: ${json(placeOf(attribute))},`).join("\n")}\n};\n\n` +
    `/** Every product attribute of the category (goal attributes and others), with counts. */\nexport const CATEGORY_ATTRIBUTES: Readonly<Record<WebshopCategory, Weighted<string>>> = ${categoryRecord((category) =>
      weightedLines(top(categoryAttributes[category], 160), "  "),
    )};\n\n` +
    `/** How many attributes a product has (the file's distribution per category). */\nexport const ATTRIBUTE_COUNTS: Readonly<Record<WebshopCategory, Weighted<number>>> = ${categoryRecord((category) => json(top(attributesPerProduct[category])))};\n\n` +
    `/** How many attributes a synthetic goal has. */\nexport const GOAL_ATTRIBUTE_COUNTS: Weighted<number> = ${json(top(goalAttributeCounts))};\n\n` +
    `/** Products per category in the real 1000-product set. */\nexport const CATEGORY_PRODUCTS: Readonly<Record<WebshopCategory, number>> = ${categoryRecord((category) => String(productsPerCategory[category]))};\n`,
);

write(
  "title-vocabulary.ts",
  HEADER("Title vocabulary of real products (ReAct episodes): brand-like first words, frequent capitalised words, title lengths.") +
    `import type { WebshopCategory, Weighted } from "../categories.js";\n\n` +
    `export const BRANDS: readonly string[] = ${json(brands)};\n\n` +
    `/** Frequent capitalised title words per category (brands and stop words removed). */\nexport const TITLE_WORDS: Readonly<Record<WebshopCategory, Weighted<string>>> = ${categoryRecord((category) =>
      json(top(titleWords[category], 120)),
    )};\n\n` +
    `/** Title length in words: 11 quantiles (0 %, 10 %, … 100 %) per category. */\nexport const TITLE_LENGTHS: Readonly<Record<WebshopCategory, readonly number[]>> = ${categoryRecord((category) =>
      json(quantiles(titleLengths[category], 10).map(Math.round)),
    )};\n`,
);

write(
  "price-statistics.ts",
  HEADER("Price statistics of real products (ReAct episodes), per category.") +
    `import type { WebshopCategory } from "../categories.js";\n\n` +
    `export interface PriceStatistics {\n  /** Share of products shown as \`$lo to $hi\`. */\n  rangeShare: number;\n  /** Share of products without pricing (shown as \`$100.0\`). */\n  missingShare: number;\n  /** 21 quantiles (0 %, 5 %, … 100 %) of the (lower) price. */\n  quantiles: readonly number[];\n  /** 11 quantiles of hi / lo for ranges. */\n  rangeRatios: readonly number[];\n}\n\n` +
    `export const PRICE_STATISTICS: Readonly<Record<WebshopCategory, PriceStatistics>> = ${categoryRecord((category) => {
      const kinds = priceKinds[category];
      const total = [...kinds.values()].reduce((a, b) => a + b, 0);
      const share = (kind: "range" | "missing") => Math.round(((kinds.get(kind) ?? 0) / total) * 1000) / 1000;
      // A category with too few real ranges borrows the ratios of all categories.
      const ratios = rangeRatios[category].length >= 5 ? rangeRatios[category] : WEBSHOP_CATEGORIES.flatMap((other) => rangeRatios[other]);
      return `{ rangeShare: ${share("range")}, missingShare: ${share("missing")}, quantiles: ${json(quantiles(prices[category]))}, rangeRatios: ${json(quantiles(ratios, 10))} }`;
    })};\n`,
);

write(
  "option-vocabulary.ts",
  HEADER("Option groups and values of real products (ReAct item pages), per category; values as shown (normalised).") +
    `import type { WebshopCategory, Weighted } from "../categories.js";\n\n` +
    `/** Which option groups a product has (in page order), with counts; \`[]\` = no options. */\nexport const OPTION_LAYOUTS: Readonly<Record<WebshopCategory, Weighted<readonly string[]>>> = ${categoryRecord((category) =>
      json(top(layouts[category]).map(([layout, n]) => [JSON.parse(layout) as string[], n])),
    )};\n\n` +
    `/** Values per option group, with counts. */\nexport const OPTION_VALUES: Readonly<Record<WebshopCategory, Readonly<Record<string, Weighted<string>>>>> = ${categoryRecord((category) => {
      const groups = [...optionValues.keys()].filter((key) => key.startsWith(`${category}\t`)).sort();
      return `{\n${groups.map((key) => `    ${json(key.split("\t")[1])}: ${json(top(optionValues.get(key) ?? new Map(), 150))},`).join("\n")}\n  }`;
    })};\n`,
);

write(
  "human-phrasing.ts",
  HEADER("How people word WebShop requests (human_goals.json): openers and ways to name an option, with counts.") +
    `import type { Weighted } from "../categories.js";\n\n` +
    `/** The words a request starts with. */\nexport const HUMAN_OPENERS: Weighted<string> = ${json(top(openers))};\n\n` +
    `/** Ways to name an option value: {name} is the option name (size, color), {value} its value. */\nexport const HUMAN_OPTION_PHRASES: Weighted<string> = ${json([
      ["{name} {value}", bare],
      ["in {name} {value}", inName],
      ["in the {name} {value}", inTheName],
      ["in {value}", inValue],
    ])};\n`,
);
