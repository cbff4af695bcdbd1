import type { BlockSpans, TokenSpan } from "../protocol/plan-execute-output.js";
import { parseTrainingResponse, parseTrainingText, type ValueReadoutIndices, withActionFallback } from "../protocol/training-parse.js";
import type { TurnRecord } from "../trajectory/turn-record.js";

/** What the estimators need from a turn record, derived once. */
export interface TurnFeatures {
  /** q_t by the training-side rule (§2.2). */
  isNewSubgoal: boolean;
  /** Subgoal span tokens (ids, else pieces; or the block text when there are no tokens), tags included. */
  subgoalTokens: (number | string)[];
  hasActionTokens: boolean;
  hasSubgoalSpan: boolean;
  hasSwitchSpan: boolean;
  /** Token-level view, when the record has tokens with pieces or spans; null means turn-level only. */
  tokens: {
    /** Number of response tokens (all valid: records keep no padding). */
    length: number;
    /** Spans with the action fallback applied. */
    spans: BlockSpans;
    /** Critic read-out indices; known only when the record has the token pieces. */
    valueIndex: ValueReadoutIndices | null;
  } | null;
}

/**
 * Training-side features of a turn (§2). With token pieces the spans are recomputed from them;
 * with stored spans and ids they are taken as recorded; without tokens, q and block presence
 * come from the same tag search on the output text, and only turn-level advantages are possible.
 * q always uses the training rule, even without tokens: `<switch>maybe</switch>` is a boundary
 * for training although the environment-side parse calls the turn invalid.
 */
export function turnFeatures(turn: TurnRecord): TurnFeatures {
  const ids = turn.tokens?.ids ?? [];
  const pieces = turn.tokens?.pieces;

  if (pieces !== undefined) {
    const parse = parseTrainingResponse(pieces);
    const units: (number | string)[] = ids.length === pieces.length ? ids : pieces;
    return {
      isNewSubgoal: parse.isNewSubgoal,
      subgoalTokens: sliceSpan(units, parse.spans.subgoal),
      hasActionTokens: parse.validLength > 0,
      hasSubgoalSpan: parse.spans.subgoal !== null,
      hasSwitchSpan: parse.spans.switch !== null,
      tokens: { length: parse.validLength, spans: withActionFallback(parse.spans, parse.validLength), valueIndex: parse.valueIndex },
    };
  }

  const text = parseTrainingText(turn.output);
  if (turn.spans !== undefined && ids.length > 0) {
    return {
      isNewSubgoal: text.isNewSubgoal,
      subgoalTokens: sliceSpan(ids, turn.spans.subgoal),
      hasActionTokens: true,
      hasSubgoalSpan: turn.spans.subgoal !== null,
      hasSwitchSpan: turn.spans.switch !== null,
      tokens: { length: ids.length, spans: withActionFallback(turn.spans, ids.length), valueIndex: null },
    };
  }

  const subgoal = text.blocks.subgoal;
  return {
    isNewSubgoal: text.isNewSubgoal,
    subgoalTokens: subgoal === null ? [] : [turn.output.slice(subgoal[0], subgoal[1])],
    hasActionTokens: turn.output.length > 0,
    hasSubgoalSpan: subgoal !== null,
    hasSwitchSpan: text.blocks.switch !== null,
    tokens: null,
  };
}

function sliceSpan<T>(units: readonly T[], span: TokenSpan | null): T[] {
  return span === null ? [] : units.slice(span[0], span[1] + 1);
}
