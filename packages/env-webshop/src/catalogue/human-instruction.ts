import type { SeededRandom } from "@hiper/core";
import type { HumanInstruction } from "../model/index.js";
import type { OptionGroups } from "./option-sets.js";
import { placeOf } from "./product-text.js";
import { chance, pickWeighted } from "./sampling.js";
import { HUMAN_OPENERS, HUMAN_OPTION_PHRASES } from "./tables/human-phrasing.js";

/** How a request names an option group: `flavor name` reads `flavor`. */
const spokenName = (group: string) => group.replace(/ name$/, "");

/**
 * A request worded like the human instructions (`i am looking for a long lasting makeup palettes
 * for eye shadow, color rose gold`): a real opener, the attributes around the product type, and
 * one value of most option groups, named the ways people name them. Lower case and without
 * apostrophes, as `human_goals.json` stores them; the loader adds the price text.
 */
export function humanInstruction(random: SeededRandom, query: string, attributes: readonly string[], options: OptionGroups): HumanInstruction {
  const of = (place: "pre" | "with" | "for") => attributes.filter((attribute) => placeOf(attribute) === place);
  let text = `${pickWeighted(random, HUMAN_OPENERS)} ${[...of("pre"), query].join(" ")}`;
  if (of("with").length > 0) text += ` with ${of("with").join(" and ")}`;
  if (of("for").length > 0) text += ` for ${of("for").join(" and ")}`;
  const chosen = options.filter((group) => group.values.length > 0 && chance(random, 0.8)).map((group) => ({ name: spokenName(group.name), value: random.pick(group.values) }));
  const phrases = chosen.map(({ name, value }) => pickWeighted(random, HUMAN_OPTION_PHRASES).replace("{name}", name).replace("{value}", value));
  if (phrases.length > 0) text += `, ${phrases.join(" and ")}`;
  return {
    instruction: text.toLowerCase().replace(/['"]/g, ""),
    instruction_attributes: [...attributes],
    instruction_options: chosen.map(({ value }) => value),
  };
}
