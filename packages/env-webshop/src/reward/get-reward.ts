import type { GoalOptions } from "../model/goal.js";
import { type AttributeRewardProduct, attributeReward } from "./attribute-reward.js";
import type { OptionItem } from "./color.js";
import { optionReward } from "./option-reward.js";
import { type NounExtractor, winkTitleNouns } from "./title-nouns.js";
import { type TypeRewardGoal, type TypeRewardProduct, typeReward } from "./type-reward.js";

/** The product fields the reward reads: a normalised `Product` has them all. */
export type RewardProduct = TypeRewardProduct & AttributeRewardProduct;

/** The goal fields the reward reads: a `Goal` has them all. */
export interface RewardGoal extends TypeRewardGoal {
  attributes: readonly string[];
  goal_options: GoalOptions;
  price_upper: number;
}

/**
 * The purchase: the session options (`{name: value}` in click order, or `[name, value]` entries)
 * and the product's sampled price (spec webshop.md §2.3).
 */
export interface Purchase {
  price: number;
  options: Readonly<Record<string, string>> | readonly (readonly [string, string])[];
}

/** Upstream's verbose reward info (spec §11.1); `w_*` are the weights of the parts. */
export interface RewardInfo {
  r_type: number;
  r_att: number | null;
  w_att: number;
  query_match: boolean;
  category_match: boolean;
  title_score: number;
  r_option?: number;
  w_option?: number;
  r_price: boolean;
  w_price: number;
}

export interface RewardResult {
  /** In [0, 1]; exactly 1 means success. */
  reward: number;
  info: RewardInfo;
}

function goalOptionItems(options: GoalOptions): OptionItem[] {
  return Array.isArray(options) ? [...options] : Object.entries(options);
}

function purchasedValues(options: Purchase["options"]): string[] {
  return Array.isArray(options) ? options.map(([, value]) => value) : Object.values(options);
}

/**
 * WebShop's reward for buying `product` (spec §11.1, WS `goal.get_reward`):
 * `r_type · (attribute matches + option matches + [price ≤ limit]) / (|attributes| + |options| + 1)`.
 * `nouns` tags names for the title score; pass `catalogueTitleNouns(products)` to use stored lists.
 */
export function getReward(
  product: RewardProduct,
  goal: RewardGoal,
  purchase: Purchase,
  nouns: NounExtractor = winkTitleNouns,
): RewardResult {
  const type = typeReward(product, goal, nouns);
  const attributes = attributeReward(product, goal.attributes);
  const goalOptions = goalOptionItems(goal.goal_options);
  const options = optionReward(purchasedValues(purchase.options), goalOptions);
  const r_price = purchase.price <= goal.price_upper;
  const denominator = goal.attributes.length + goalOptions.length + 1;
  // same operation order as upstream, so that a perfect purchase gives exactly 1
  let reward = (attributes.matches + options.matches + (r_price ? 1 : 0)) / denominator;
  reward *= type.r_type;

  const info: RewardInfo = {
    r_type: type.r_type,
    r_att: attributes.r_attr,
    w_att: goal.attributes.length / denominator,
    query_match: type.query_match,
    category_match: type.category_match,
    title_score: type.title_score,
    r_price,
    w_price: 1 / denominator,
  };
  if (options.r_option !== null) {
    info.r_option = options.r_option;
    info.w_option = goalOptions.length / denominator;
  }
  return { reward, info };
}
