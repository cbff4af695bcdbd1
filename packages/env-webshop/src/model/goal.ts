import { z } from "zod";

/**
 * Goal options: a list of strings (human goals) or `{name: value}` in sorted-name order
 * (synthetic goals) (spec webshop.md §4.1–4.3).
 */
export const GoalOptions = z.union([z.array(z.string()), z.record(z.string(), z.string())]);
export type GoalOptions = z.infer<typeof GoalOptions>;

/**
 * A goal record, field for field as upstream (§4.1). `asin`, `category`, `query`, `name` and
 * `product_category` are copied from the target product and drive the type reward.
 * `price_upper` is 1000000 when the instruction has no price suffix (§4.4).
 */
export const Goal = z.object({
  asin: z.string(),
  category: z.string(),
  query: z.string(),
  name: z.string(),
  product_category: z.string(),
  instruction_text: z.string(),
  attributes: z.array(z.string()),
  price_upper: z.number(),
  goal_options: GoalOptions,
  weight: z.number(),
});
export type Goal = z.infer<typeof Goal>;

/** Goal source (§4.2, §4.3). */
export const GoalMode = z.enum(["human", "synthetic"]);
export type GoalMode = z.infer<typeof GoalMode>;

/** Canonical split names (§4.6). */
export const GoalSplit = z.enum(["test", "eval", "train"]);
export type GoalSplit = z.infer<typeof GoalSplit>;
