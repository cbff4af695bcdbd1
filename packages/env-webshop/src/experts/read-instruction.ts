import { WEBSHOP_CATEGORIES } from "../catalogue/categories.js";
import { CATALOGUE_TYPES } from "../catalogue/product-type.js";
import { ATTRIBUTE_PLACES, CATEGORY_ATTRIBUTES } from "../catalogue/tables/attribute-vocabulary.js";

/** What an instruction asks for, as read from its text. */
export interface ReadInstruction {
  /** `synthetic`: upstream's `Find me …` shape; `human`: free wording. */
  style: "synthetic" | "human";
  /** The instruction without the price text, lower case, without quotes (option values are looked up in it). */
  text: string;
  /** A search query: the synthetic instruction without `Find me` and the option text; for a human one, its attributes and type. */
  request: string;
  /** The product-type phrase, when it could be told apart (`refillable containers`). */
  productType: string | undefined;
  /** Attribute phrases the product should have (`leak proof`, `travel bottles`). */
  attributes: string[];
  /** Wanted options as `[name, value]` (synthetic instructions only; human ones name values in passing). */
  options: Array<[string, string]>;
  /** The price limit, or undefined when the instruction states none. */
  priceUpper: number | undefined;
}

// The vocabulary an experienced shopper knows: product types and attribute phrases of the catalogue.
const KNOWN_TYPES = WEBSHOP_CATEGORIES.flatMap((category) => CATALOGUE_TYPES[category].map((type) => type.query)).sort((a, b) => b.length - a.length);
const KNOWN_ATTRIBUTES = [...new Set([...Object.keys(ATTRIBUTE_PLACES), ...WEBSHOP_CATEGORIES.flatMap((category) => CATEGORY_ATTRIBUTES[category].map(([attribute]) => attribute))])].sort(
  (a, b) => b.length - a.length,
);

const PRICE = /,? and price lower than (\d+(?:\.\d+)?) dollars\s*$/;

/** Human instructions are stored without quotes (`mens`, `8 round` for `8' round`): compare that way. */
export const unquoted = (text: string) => text.replace(/['"]/g, "");

/** The phrase as whole words of the text. */
export function hasPhrase(text: string, phrase: string): boolean {
  if (phrase === "") return false;
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
    const before = text[at - 1];
    const after = text[at + phrase.length];
    if ((before === undefined || !/[a-z0-9]/.test(before)) && (after === undefined || !/[a-z0-9]/.test(after))) return true;
  }
  return false;
}

/** ` with color: black, and size: large` at the end: the last ` with ` followed only by `name: value` pairs. */
function splitOptions(text: string): { rest: string; options: Array<[string, string]> } {
  for (let at = text.lastIndexOf(" with "); at !== -1; at = text.lastIndexOf(" with ", at - 1)) {
    const pairs = text.slice(at + 6).split(", and ");
    const parsed = pairs.map((pair) => /^([a-z][a-z ]*): (.+)$/.exec(pair));
    if (parsed.every((match) => match !== null)) {
      return { rest: text.slice(0, at), options: parsed.map((match) => [(match as RegExpExecArray)[1] as string, (match as RegExpExecArray)[2] as string]) };
    }
    if (at === 0) break;
  }
  return { rest: text, options: [] };
}

/** `leak proof, bpa free refillable containers`: the known type at the end, attributes before it. */
function splitHead(head: string): { productType: string | undefined; attributes: string[] } {
  const productType = KNOWN_TYPES.find((type) => head === type || head.endsWith(` ${type}`));
  if (productType) {
    const before = head.slice(0, head.length - productType.length).trim();
    return { productType, attributes: before === "" ? [] : before.split(", ").map((part) => part.trim()) };
  }
  // An unknown type: peel known attributes off the front.
  const attributes: string[] = [];
  let rest = head;
  for (;;) {
    const attribute = KNOWN_ATTRIBUTES.find((candidate) => rest.startsWith(`${candidate}, `) || rest.startsWith(`${candidate} `));
    if (!attribute) break;
    attributes.push(attribute);
    rest = rest.slice(attribute.length).replace(/^,? /, "");
  }
  return { productType: rest || undefined, attributes };
}

/**
 * Reads a WebShop instruction. Synthetic ones (`Find me <attributes> <type> with <attributes> for
 * <attributes> with color: x, and size: y, and price lower than 50.00 dollars`, spec §4.3) are
 * read fully, using the catalogue's vocabulary of product types and attributes to split the
 * type from the attributes before it. Human-worded ones give the known types and attributes they
 * mention and the price limit; their option values are looked up in `text` on the item page.
 */
export function readInstruction(instruction: string): ReadInstruction {
  const text = instruction.trim();
  const price = PRICE.exec(text);
  const withoutPrice = price ? text.slice(0, price.index) : text;
  const priceUpper = price ? Number(price[1]) : undefined;
  const plain = unquoted(withoutPrice.toLowerCase());
  if (!/^find me /i.test(withoutPrice)) {
    // A human request: the known type and attributes it mentions, as whole phrases.
    const productType = KNOWN_TYPES.find((type) => hasPhrase(plain, unquoted(type)));
    const attributes = KNOWN_ATTRIBUTES.filter((attribute) => hasPhrase(plain, attribute) && !(productType && unquoted(productType).includes(attribute))).sort(
      (a, b) => plain.indexOf(a) - plain.indexOf(b),
    );
    const request = productType ? [...attributes, unquoted(productType)].join(" ") : withoutPrice;
    return { style: "human", text: plain, request, productType, attributes, options: [], priceUpper };
  }
  const { rest, options } = splitOptions(withoutPrice.slice("find me ".length));
  const match = /^(.*?)(?: with (.*?))?(?: for (.*))?$/.exec(rest) as RegExpExecArray;
  const head = splitHead(match[1] as string);
  const listed = (list: string | undefined) => (list ? list.split(", ").map((part) => part.trim()) : []);
  return {
    style: "synthetic",
    text: plain,
    request: rest,
    productType: head.productType,
    attributes: [...head.attributes, ...listed(match[2]), ...listed(match[3])],
    options,
    priceUpper,
  };
}
