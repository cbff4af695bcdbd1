import { type EpisodeRecord, InvalidInputError, recordedTurnInputs, type TurnRecord } from "@hiper/core";
import { type ReplayedToken, replayConstraints } from "../model/decoding-grammar.js";
import type { Vocabulary } from "../model/vocabulary.js";
import { renderCompactPrompt } from "../policy/compact-prompt.js";
import type { DecodingSettings } from "../policy/decoding-settings.js";
import { turnGrammar } from "../policy/turn-grammar.js";

/** One turn as the model reads it: the prompt as fed, the response, and how each response token was decoded. */
export interface TurnSequence {
  prompt: Int32Array;
  response: Int32Array;
  /** The constraint and source (sampled, forced, copied) of each response token. */
  replayed: ReplayedToken[];
}

export interface SequenceContext {
  vocabulary: Vocabulary;
  contextLength: number;
  decoding: DecodingSettings;
}

/** The prompt's token ids, cut from the front as the decoder cuts them. */
function promptIds(text: string, context: SequenceContext): Int32Array {
  return context.vocabulary.encode(text).slice(-(context.contextLength - context.decoding.maxNewTokens));
}

/** A turn the local policy wrote: its recorded prompt and token ids, replayed through the same grammar. */
export function recordedSequence(turn: TurnRecord, context: SequenceContext): TurnSequence {
  if (turn.tokens === undefined) throw new InvalidInputError(`turn ${turn.trajectoryId}#${turn.turnIndex} has no token ids`);
  const response = Int32Array.from(turn.tokens.ids);
  return { prompt: promptIds(turn.prompt, context), response, replayed: replayConstraints(turnGrammar(turn, context.vocabulary, context.decoding), response) };
}

/** The Plan-Execute text the local grammar writes for a decision. */
export function canonicalResponse(decision: { switch: "KEEP" | "SWITCH"; subgoal: string; action: string }): string {
  return `<switch>${decision.switch}</switch>\n<subgoal>${decision.subgoal}</subgoal>\n<action>${decision.action}</action>`;
}

/** A demonstrated turn in the local format: the compact prompt rebuilt from the record, and the decision as text. */
export interface DemonstrationTurn {
  turn: TurnRecord;
  prompt: string;
  /** Null when the turn's output was invalid (nothing to imitate). */
  response: string | null;
}

/** Each turn of `episodes` in the local format, with the compact prompt the local policy would have seen. */
export function* demonstrationTurns(episodes: readonly EpisodeRecord[], historyLength: number): Generator<DemonstrationTurn> {
  for (const episode of episodes) {
    // The compact prompt reads no prompt style; any will do.
    for (const { turn, input } of recordedTurnInputs(episode, { promptStyle: "generic", historyLength })) {
      yield { turn, prompt: renderCompactPrompt(input), response: demonstratedResponse(turn) };
    }
  }
}

/** The decision a turn demonstrates, as canonical blocks (KEEP names the subgoal in force); null when the output was invalid. */
export function demonstratedResponse(turn: TurnRecord): string | null {
  const { parsed } = turn;
  if (!parsed.valid || parsed.switch === "") return null;
  const subgoal = parsed.switch === "KEEP" ? turn.currentSubgoal : parsed.subgoal;
  return canonicalResponse({ switch: parsed.switch, subgoal, action: parsed.action });
}

export interface Demonstrations {
  sequences: TurnSequence[];
  /** Turns left out, by reason (invalid output, not writable by the local grammar, ...). */
  skipped: Record<string, number>;
}

/**
 * Supervised targets from any policy's episodes (an expert, the explorer, a hosted model): each
 * valid turn's decision rewritten in the local format behind the compact prompt. A turn the local
 * grammar could not produce (an action outside the admissible list, a subgoal with unknown
 * tokens, a response longer than the decoder allows) is skipped and counted.
 */
export function demonstrationSequences(episodes: readonly EpisodeRecord[], context: SequenceContext & { historyLength: number }): Demonstrations {
  const sequences: TurnSequence[] = [];
  const skipped: Record<string, number> = {};
  const skip = (reason: string) => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };
  for (const { turn, prompt, response: text } of demonstrationTurns(episodes, context.historyLength)) {
    if (text === null) {
      skip("invalid output");
      continue;
    }
    const response = Int32Array.from([...context.vocabulary.encode(text), context.vocabulary.ids.eos]);
    if (response.length > context.decoding.maxNewTokens) {
      skip("longer than maxNewTokens");
      continue;
    }
    try {
      sequences.push({ prompt: promptIds(prompt, context), response, replayed: replayConstraints(turnGrammar(turn, context.vocabulary, context.decoding), response) });
    } catch {
      skip("not writable by the local grammar");
    }
  }
  return { sequences, skipped };
}
