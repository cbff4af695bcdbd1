import { type NounExtractor, winkTitleNouns } from "./title-nouns.js";

/** The product fields the type reward reads (upstream names). */
export interface TypeRewardProduct {
  name: string;
  query: string;
  product_category: string;
  /** Stored noun list of `name`; when absent the extractor tags `name`. */
  title_nouns?: readonly string[] | null;
}

export interface TypeRewardGoal {
  name: string;
  query: string;
  product_category: string;
}

export interface TypeReward {
  r_type: number;
  query_match: boolean;
  category_match: boolean;
  title_score: number;
}

function categoryParts(category: string): Set<string> {
  return new Set(category.split("›").map((part) => part.trim()));
}

/** `r_type` and its parts (spec webshop.md §11.2, WS `goal.get_type_reward`). */
export function typeReward(
  purchased: TypeRewardProduct,
  goal: TypeRewardGoal,
  nouns: NounExtractor = winkTitleNouns,
): TypeReward {
  const query_match = purchased.query === goal.query;
  const goalParts = categoryParts(goal.product_category);
  const shared = [...categoryParts(purchased.product_category)].filter((part) => goalParts.has(part));
  const category_match = shared.length >= 2;

  const purchasedNouns = new Set(purchased.title_nouns ?? nouns(purchased.name));
  const goalNouns = nouns(goal.name);
  // the denominator counts duplicate goal nouns, the numerator distinct shared ones
  const title_score =
    goalNouns.length === 0
      ? 0.2
      : new Set(goalNouns.filter((noun) => purchasedNouns.has(noun))).size / goalNouns.length;

  let r_type = 1.0;
  if (!(query_match || category_match || title_score > 0.2)) r_type = 0.5;
  if (title_score < 0.1) r_type = 0.1;
  if (title_score === 0) r_type = 0.0;
  return { r_type, query_match, category_match, title_score };
}
