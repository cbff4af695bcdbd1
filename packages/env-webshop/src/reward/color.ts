/**
 * Colour normalisation of option values (spec webshop.md §11.4, WS `engine/normalize.py`).
 * The list order matters: the first entry found wins.
 */
export const COLOR_SET: readonly string[] = [
  "alabaster", "apricot", "aqua", "ash", "asphalt", "azure", "banana", "beige", "black", "blue",
  "blush", "bordeaux", "bronze", "brown", "burgundy", "camel", "camo", "caramel", "champagne",
  "charcoal", "cheetah", "chestnut", "chocolate", "christmas", "coffee", "cognac", "copper",
  "coral", "cranberry", "cream", "crystal", "dark", "denim", "eggplant", "elephant", "espresso",
  "fuchsia", "gold", "granite", "grape", "graphite", "grass", "gray", "green", "grey", "heather",
  "indigo", "ivory", "ivy", "khaki", "lavender", "lemon", "leopard", "light", "lilac", "lime",
  "magenta", "maroon", "mauve", "merlot", "midnight", "mint", "mocha", "multicolor", "mushroom",
  "mustard", "natural", "navy", "nude", "olive", "orange", "peach", "pewter", "pink", "plum",
  "purple", "rainbow", "red", "rose", "royal", "rust", "sand", "sapphire", "seashell", "silver",
  "skull", "slate", "steel", "stone", "stonewash", "sunflower", "tan", "taupe", "teal", "tiger",
  "turquoise", "violet", "walnut", "wheat", "white", "wine", "yellow",
];

/** A purchased or goal option: a value, or a synthetic goal's `(name, value)` pair. */
export type OptionItem = string | readonly [string, string];

/**
 * A string maps to the first colour that is a substring of it (`dark blue` → `blue`,
 * `standard` → `tan`); a pair maps to the first colour equal to its name or value (Python `in`
 * on a tuple); anything else is returned unchanged.
 */
export function normalizeColor(item: OptionItem): OptionItem {
  if (typeof item === "string") return COLOR_SET.find((color) => item.includes(color)) ?? item;
  return COLOR_SET.find((color) => color === item[0] || color === item[1]) ?? item;
}
