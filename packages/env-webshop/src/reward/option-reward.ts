import { normalizeColor, type OptionItem } from "./color.js";
import { tokenSetRatio } from "./fuzzy-match.js";

export interface OptionReward {
  /** `matches / |goal options|`; null when the goal has no options. */
  r_option: number | null;
  matches: number;
}

/**
 * Option matches (spec webshop.md §11.4, WS `goal.get_option_reward`). `purchased` are the chosen
 * option values; `goalOptions` are strings (human goals) or `(name, value)` pairs (synthetic).
 */
export function optionReward(purchased: readonly string[], goalOptions: readonly OptionItem[]): OptionReward {
  const bought = purchased.map(normalizeColor);
  let matches = 0;
  for (const goalOption of goalOptions.map(normalizeColor)) {
    if (bought.some((option) => tokenSetRatio(option, goalOption) > 85)) matches++;
  }
  return { r_option: goalOptions.length === 0 ? null : matches / goalOptions.length, matches };
}
