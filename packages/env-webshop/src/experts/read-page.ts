/** A results-page entry. */
export interface ListedProduct {
  asin: string;
  title: string;
  /** The price tag numbers: one, or the two ends of a range. */
  prices: number[];
}

/** One option group of an item page. */
export interface PageOptionGroup {
  name: string;
  values: string[];
}

/** A WebShop text page as the expert reads it (spec webshop.md §7.3). */
export type ReadPage =
  | { kind: "search" }
  | { kind: "results"; pageNum: number; total: number; products: ListedProduct[] }
  | { kind: "item"; title: string; prices: number[]; options: PageOptionGroup[] }
  | { kind: "sub"; text: string }
  | { kind: "done" }
  | { kind: "unknown" };

const SEP = " [SEP] ";
const ASIN = /^[A-Z0-9]{10}$/;

/** `$10.99` → [10.99]; `$10.99 to $12.99` → [10.99, 12.99]. */
export function readPriceTag(tag: string): number[] {
  return tag
    .split(" to ")
    .map((piece) => Number(piece.replace(/[^0-9.]/g, "")))
    .filter((value) => Number.isFinite(value));
}

/**
 * Reads a page from its text and its clickables (the `click[…]` arguments, lower case). Option
 * values are told from group names by being clickable.
 */
export function readPage(text: string, clickables: ReadonlySet<string>): ReadPage {
  const parts = text.split(SEP);
  if (parts[0] === "WebShop") return { kind: "search" };
  if (parts[0] === "Thank you for shopping with us!") return { kind: "done" };
  const header = parts.findIndex((part) => /^Page \d+ \(Total results: \d+\)$/.test(part));
  if (header !== -1) {
    const [, pageNum = "1", total = "0"] = /^Page (\d+) \(Total results: (\d+)\)$/.exec(parts[header] as string) ?? [];
    const products: ListedProduct[] = [];
    for (let i = parts.indexOf("Next >", header) + 1; i > 0 && i < parts.length; i += 1) {
      const asin = parts[i] as string;
      if (!ASIN.test(asin) || !clickables.has(asin.toLowerCase())) continue;
      products.push({ asin, title: parts[i + 1] ?? "", prices: readPriceTag(parts[i + 2] ?? "") });
      i += 2;
    }
    return { kind: "results", pageNum: Number(pageNum), total: Number(total), products };
  }
  const prev = parts.indexOf("< Prev");
  if (parts[parts.length - 1] === "Buy Now" && prev !== -1) {
    const price = parts.findIndex((part, i) => i > prev && part.startsWith("Price: "));
    if (price === -1) return { kind: "unknown" };
    const options: PageOptionGroup[] = [];
    for (const part of parts.slice(prev + 1, price - 1)) {
      if (clickables.has(part)) options[options.length - 1]?.values.push(part);
      else options.push({ name: part, values: [] });
    }
    return { kind: "item", title: parts[price - 1] ?? "", prices: readPriceTag((parts[price] ?? "").slice("Price: ".length)), options };
  }
  if (prev !== -1) return { kind: "sub", text: parts.slice(prev + 1).join("\n") };
  return { kind: "unknown" };
}
