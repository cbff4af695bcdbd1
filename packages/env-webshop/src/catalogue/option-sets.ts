import type { SeededRandom } from "@hiper/core";
import type { WebshopCategory, Weighted } from "./categories.js";
import { between, pickWeighted, sampleWeighted } from "./sampling.js";
import { OPTION_LAYOUTS, OPTION_VALUES } from "./tables/option-vocabulary.js";

/** Option groups as the site shows them: name and values, normalised (lower case, `/` → ` | `). */
export type OptionGroups = ReadonlyArray<{ name: string; values: readonly string[] }>;

/** Sizes and counts come in kinds that do not mix within one product: `small`/`x-large`, `8`/`9.5`, the rest. */
function kindOf(value: string): "letter" | "number" | "other" {
  if (/^\d+(\.\d+)?$/.test(value)) return "number";
  if (/^(x{0,3}-?(small|large)|medium|one size|\d?x-?large)$/.test(value)) return "letter";
  return "other";
}

/** Values of one group for a family of similar products: 5–10 values of one kind. */
function familyValues(random: SeededRandom, pool: Weighted<string>, taken: ReadonlySet<string>): string[] {
  const free = pool.filter(([value]) => !taken.has(value));
  if (free.length === 0) return [];
  const kind = kindOf(random.pick(free)[0]);
  const values = sampleWeighted(
    random,
    free.filter(([value]) => kindOf(value) === kind),
    between(random, 5, 10),
  );
  // Sizes read best in their natural order.
  return kind === "number" ? values.sort((a, b) => Number(a) - Number(b)) : values;
}

/**
 * The option groups a family of products of one type shares: a real layout of the category
 * (`color`, `size`, `flavor name`, …) and a value pool per group. Groups with fewer than two real
 * values are dropped; values never repeat across groups.
 */
export function familyOptions(random: SeededRandom, category: WebshopCategory): OptionGroups {
  const layout = pickWeighted(random, OPTION_LAYOUTS[category]);
  const taken = new Set<string>();
  const groups: Array<{ name: string; values: string[] }> = [];
  for (const name of layout) {
    const values = familyValues(random, OPTION_VALUES[category][name] ?? [], taken);
    if (values.length < 2) continue;
    for (const value of values) taken.add(value);
    groups.push({ name, values });
  }
  return groups;
}

/** One product's options: each family group with 2 or more of its values, in family order. */
export function productOptions(random: SeededRandom, family: OptionGroups): OptionGroups {
  return family.map(({ name, values }) => {
    const keep = new Set(random.shuffle([...values]).slice(0, between(random, 2, values.length)));
    return { name, values: values.filter((value) => keep.has(value)) };
  });
}
