import type { BlockSpans, TokenSpan } from "../protocol/plan-execute-output.js";
import { trainingLossMask } from "../protocol/training-parse.js";
import type { HaeTurnOut } from "./hae-turn.js";

/**
 * Token assignment (spec §3.7) with the fixed upstream settings: A^L on action tokens, A^H on
 * subgoal tokens of boundary turns only, A^T on switch tokens (turn 0 included), never A^H on
 * switch tokens. Where spans overlap the advantages add up. `spans` must have the action
 * fallback applied (`withActionFallback`); `length` is the row's token count.
 */
export function haeTokenAdvantages(
  turn: Pick<HaeTurnOut, "aLow" | "aHigh" | "aTerm" | "isBoundary">,
  spans: BlockSpans,
  length: number,
): { tokenAdvantages: number[]; lossMask: boolean[] } {
  const tokenAdvantages = new Array<number>(length).fill(0);
  const add = (span: TokenSpan | null, advantage: number) => {
    if (span === null) return;
    for (let j = span[0]; j <= Math.min(span[1], length - 1); j++) tokenAdvantages[j] = (tokenAdvantages[j] as number) + advantage;
  };
  add(spans.action, turn.aLow);
  if (turn.isBoundary && turn.aHigh !== null) add(spans.subgoal, turn.aHigh);
  add(spans.switch, turn.aTerm);
  return { tokenAdvantages, lossMask: trainingLossMask(spans, { length, isBoundary: turn.isBoundary }) };
}
