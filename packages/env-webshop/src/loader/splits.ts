import { InvalidInputError } from "@hiper/core";
import type { GoalSplit } from "../model/goal.js";

/** A half-open range of goal indices. */
export interface GoalRange {
  start: number;
  end: number;
}

/**
 * Goal index layouts (spec webshop.md §4.6). `webshop`: WS baselines — test 0–499, eval
 * 500–1499, train 1500+. `verl-agent` (also HiPER): test 0–499, train 500+, no eval split.
 */
export type SplitLayout = "webshop" | "verl-agent";

const TEST_END = 500;
const EVAL_END = 1500;

/** The goal indices of `split` among `goalCount` goals, clipped to the goals that exist. */
export function goalSplitRange(split: GoalSplit, goalCount: number, layout: SplitLayout = "webshop"): GoalRange {
  const clip = (start: number, end: number): GoalRange => ({
    start: Math.min(start, goalCount),
    end: Math.min(end, goalCount),
  });
  if (split === "test") return clip(0, TEST_END);
  if (layout === "verl-agent") {
    if (split === "eval") throw new InvalidInputError("the verl-agent layout has no eval split (test 0–499, train 500+)");
    return clip(TEST_END, goalCount);
  }
  return split === "eval" ? clip(TEST_END, EVAL_END) : clip(EVAL_END, goalCount);
}

/** The goal indices of `split`, in order. */
export function goalSplitIndices(split: GoalSplit, goalCount: number, layout: SplitLayout = "webshop"): number[] {
  const { start, end } = goalSplitRange(split, goalCount, layout);
  return Array.from({ length: end - start }, (_, i) => start + i);
}
