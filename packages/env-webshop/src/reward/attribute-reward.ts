import { tokenSetRatio } from "./fuzzy-match.js";

/** The product fields the attribute reward reads (upstream names). */
export interface AttributeRewardProduct {
  Attributes: readonly string[];
  Title: string;
  /** A list upstream; a plain string is accepted because upstream's tests pass one (§11.3). */
  BulletPoints: readonly string[] | string;
  Description: string;
}

export interface AttributeReward {
  /** `matches / |goal attributes|`; null when the goal has no attributes (upstream divides by 0). */
  r_attr: number | null;
  matches: number;
}

/** Python `' '.join(x)`: on a string it interleaves spaces between the characters. */
function joinBullets(bullets: readonly string[] | string): string {
  return typeof bullets === "string" ? Array.from(bullets).join(" ") : bullets.join(" ");
}

/** Attribute matches (spec webshop.md §11.3, WS `goal.get_attribute_reward`). */
export function attributeReward(purchased: AttributeRewardProduct, goalAttributes: readonly string[]): AttributeReward {
  const title = purchased.Title.toLowerCase();
  const bullets = joinBullets(purchased.BulletPoints).toLowerCase();
  const description = purchased.Description.toLowerCase();
  let matches = 0;
  for (const goalAttribute of goalAttributes) {
    const matched =
      purchased.Attributes.some((attribute) => tokenSetRatio(attribute, goalAttribute) > 85) ||
      title.includes(goalAttribute) ||
      bullets.includes(goalAttribute) ||
      description.includes(goalAttribute);
    if (matched) matches++;
  }
  return { r_attr: goalAttributes.length === 0 ? null : matches / goalAttributes.length, matches };
}
