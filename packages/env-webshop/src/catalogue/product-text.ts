import type { SeededRandom } from "@hiper/core";
import type { Weighted } from "./categories.js";
import type { ProductType } from "./product-type.js";
import { titleCase } from "./product-type.js";
import { between, chance, sampleWeighted } from "./sampling.js";
import { ATTRIBUTE_PLACES, type AttributePlace } from "./tables/attribute-vocabulary.js";
import { TITLE_WORDS } from "./tables/title-vocabulary.js";

/** The texts of one generated product. */
export interface ProductText {
  title: string;
  /** Lower-cased NOUN/PROPN tokens of the title, known by construction (spec §3, §11.2). */
  titleNouns: string[];
  bullets: string[];
  description: string;
}

/** Where an attribute reads naturally; attributes never used in an instruction read like `with` ones. */
export const placeOf = (attribute: string): AttributePlace => ATTRIBUTE_PLACES[attribute] ?? "with";

// Our own phrasing. No template contains a catalogue attribute (the generator's test checks the
// output), so an attribute is mentioned only where the generator puts it.
const BULLETS: Readonly<Record<AttributePlace, readonly string[]>> = {
  pre: ["{A}: {a} by design, checked before it ships.", "{A}: {a}, just as the label says.", "{A} - {a} from the first day to the last."],
  with: ["{A}: made with {a} that keeps its shape.", "{A}: comes with {a} as standard.", "Features {a} for a better result."],
  for: ["{A}: a good choice for {a}.", "Suitable for {a} at home or away.", "{A} - made for {a}."],
};
const GENERIC_BULLETS = [
  "Package includes: 1 x {head}.",
  "What you get: the {head} and a user guide; write to us with any question.",
  "Colors may look slightly different on different screens.",
  "Our team answers every message within 24 hours.",
  "Measured by hand; please allow small differences.",
];
const DESCRIPTIONS = [
  "{brand} {head}. {facts} {closing}",
  "About this item: {facts} {closing}",
  "{facts} {closing}",
];
const FACTS: Readonly<Record<AttributePlace, string>> = {
  pre: "It is {a}.",
  with: "It comes with {a}.",
  for: "It is meant for {a}.",
};
const CLOSINGS = ["A thoughtful gift and a daily favourite.", "Order now and enjoy it today.", "Thank you for choosing our store.", ""];

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? "");

const nounsOf = (phrase: string) =>
  phrase
    .toLowerCase()
    .split(/[\s,]+/)
    .map((word) => word.replace(/'s$/, ""))
    .filter((word) => word !== "" && word !== "&" && word !== "and" && word !== "-");

/**
 * A product's title, bullets and description. Title: brand, some attributes (`Long Lasting …`,
 * `… with Stainless Steel`, `… for Sensitive Skin`), the wearer, a noun of the type and a few
 * frequent real title words. Every attribute appears verbatim (any case) in the bullets, so
 * the Features page shows all of them.
 */
export function writeProductText(random: SeededRandom, type: ProductType, brand: string, attributes: readonly string[]): ProductText {
  const inTitle = attributes.filter(() => chance(random, 0.6));
  const byPlace = (place: AttributePlace) => inTitle.filter((attribute) => placeOf(attribute) === place);
  // The first noun of the type always names the product, so titles of one type share a noun.
  const head = type.heads[0] as string;
  const extraHeads = type.heads.slice(1);
  const fillers = sampleWeighted(random, TITLE_WORDS[type.category] as Weighted<string>, between(random, 2, 5)).filter((word) => !head.includes(word));

  const words = [brand, ...byPlace("pre").map(titleCase), ...(type.wearer ? [type.wearer] : []), head];
  let title = words.join(" ");
  if (byPlace("with").length > 0) title += ` with ${byPlace("with").map(titleCase).join(" & ")}`;
  if (fillers.length > 0) title += `, ${fillers.join(" ")}${extraHeads.length > 0 && chance(random, 0.5) ? ` ${random.pick(extraHeads)}` : ""}`;
  if (byPlace("for").length > 0) title += ` for ${byPlace("for").map(titleCase).join(", ")}`;

  const titleNouns = [...nounsOf(brand), ...(type.wearer ? nounsOf(type.wearer) : []), ...nounsOf(head), ...byPlace("with").flatMap(nounsOf)];
  const headText = head.toLowerCase();
  const attributeBullets = random
    .shuffle([...attributes])
    .map((attribute) => fill(random.pick(BULLETS[placeOf(attribute)]), { A: attribute.toUpperCase(), a: attribute, head: headText }));
  const generic = random.shuffle([...GENERIC_BULLETS]).slice(0, between(random, 1, 2)).map((template) => fill(template, { head: headText }));
  const bullets = random.shuffle([...attributeBullets, ...generic]);
  const facts = random
    .shuffle([...attributes])
    .slice(0, 2)
    .map((attribute) => fill(FACTS[placeOf(attribute)], { a: attribute }))
    .join(" ");
  const description = fill(random.pick(DESCRIPTIONS), { brand, head, facts, closing: random.pick(CLOSINGS) }).replace(/\s+/g, " ").trim();
  return { title, titleNouns, bullets, description };
}
