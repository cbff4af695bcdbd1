import { PlanExecuteGrammar } from "../model/plan-execute-grammar.js";
import { trieActions } from "../model/trie-actions.js";
import type { Vocabulary } from "../model/vocabulary.js";
import type { DecodingSettings } from "./decoding-settings.js";

/**
 * Tokens of a reply that are neither subgoal nor action text:
 * `<switch> KEEP|SWITCH </switch> \n <subgoal> </subgoal> \n <action> </action> <eos>`.
 */
const REPLY_FRAME_TOKENS = 10;

/**
 * The grammar a turn is decoded under — in rollouts, and again when the trainer replays the turn,
 * so both agree. A free action's budget is shortened, when it must be, so that the longest reply
 * fits in `maxNewTokens`: the grammar then closes the action itself, where a reply cut by the
 * decoder would be malformed.
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
    maxActionTokens: Math.max(1, Math.min(decoding.maxActionTokens, decoding.maxNewTokens - decoding.maxSubgoalTokens - REPLY_FRAME_TOKENS)),
  });
}
