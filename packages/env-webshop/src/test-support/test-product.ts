import type { Goal, Product } from "../model/index.js";

// Tests only: normalised products and goals with every field filled, for hand-made shops.

export function testProduct(fields: Partial<Product> & { asin: string }): Product {
  const title = fields.Title ?? fields.name ?? `Product ${fields.asin}`;
  return {
    name: title,
    Title: title,
    Description: "A test product.",
    BulletPoints: ["Feature one."],
    pricing: [10],
    Price: "$10.0",
    options: [],
    Attributes: [],
    MainImage: null,
    category: "beauty",
    query: "deodorant",
    product_category: "Beauty & Personal Care › Personal Care › Deodorants & Antiperspirants",
    instruction_text: null,
    instruction_attributes: null,
    instructions: null,
    title_nouns: null,
    ...fields,
  };
}

export function testGoal(fields: Partial<Goal> & { asin: string }): Goal {
  return {
    category: "beauty",
    query: "deodorant",
    name: `Product ${fields.asin}`,
    product_category: "Beauty & Personal Care › Personal Care › Deodorants & Antiperspirants",
    instruction_text: "i would like a 3 ounce bottle of bright citrus deodorant for sensitive skin, and price lower than 50.00 dollars",
    attributes: ["sensitive skin"],
    price_upper: 50,
    goal_options: { scent: "bright citrus" },
    weight: 1,
    ...fields,
  };
}
