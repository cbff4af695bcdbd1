import { PlanExecuteGrammar } from "../model/plan-execute-grammar.js";
import { trieActions } from "../model/trie-actions.js";
import type { Vocabulary } from "../model/vocabulary.js";
import type { DecodingSettings } from "./decoding-settings.js";

/**
 * The grammar a turn is decoded under — in rollouts, and again when the trainer replays the turn,
 * so both agree. A free action is closed by the grammar when the reply would otherwise outgrow
 * `maxNewTokens`: a reply cut by the decoder would be malformed.
 */
export function turnGrammar(
  turn: { currentSubgoal: string; admissibleActions?: readonly string[] | undefined },
  vocabulary: Vocabulary,
  decoding: DecodingSettings,
): PlanExecuteGrammar {
  return new PlanExecuteGrammar({
    vocabulary,
    currentSubgoal: turn.currentSubgoal,
    ...(decoding.constrainActions ? { admissibleActions: trieActions(turn.admissibleActions) ?? [] } : {}),
    maxSubgoalTokens: decoding.maxSubgoalTokens,
    maxActionTokens: decoding.maxActionTokens,
    maxReplyTokens: decoding.maxNewTokens,
  });
}
