import { InvalidInputError } from "../errors/index.js";
import type { BlockSpans, TokenSpan } from "./plan-execute-output.js";

/**
 * Training-side parse of one response (spec §2): the switch decision, the token spans of the
 * three blocks, the value read-out indices and the actor's loss mask. It runs on per-token text
 * pieces (each token decoded on its own, special tokens kept), so spans are exact token ranges.
 * Tag searches are case-sensitive, unlike the environment-side parser (§1.4).
 */

export type BlockName = "switch" | "subgoal" | "action";

/** A character range [start, end) of `text`, tags included. */
export type CharRange = readonly [start: number, end: number];

/** What the tag search finds in a text, before any tokens are involved (§2.2–2.3). */
export interface TrainingTextParse {
  /** The trimmed, upper-cased switch content; "KEEP" when the tags are missing or empty. */
  switchText: string;
  /** q_t: anything other than KEEP starts a new segment, garbage included. */
  isNewSubgoal: boolean;
  /** Each block's characters, tags included; null when its tags did not parse. */
  blocks: Record<BlockName, CharRange | null>;
}

/** Token indices of the three critic read-outs (§2.4), as response indices. */
export interface ValueReadoutIndices {
  /** V_H: response index 0 (read only on boundary turns). */
  high: number;
  /** V_L: the first token that starts at or after the end of `</subgoal>` (fallbacks: `</switch>`, then 0). */
  low: number;
  /** V_T: response index 0. */
  term: number;
}

export interface TrainingParse extends TrainingTextParse {
  /** The concatenated pieces of the valid tokens. */
  text: string;
  /** Number of valid response tokens: all of them, or up to and including the EOS token. */
  validLength: number;
  /** Inclusive token spans as parsed (tags included); `action` is null when its tags did not parse. */
  spans: BlockSpans;
  /** True when the action block did not parse and every valid token stands in for it (§2.3). */
  actionFallback: boolean;
  /**
   * Where to read the critic. "The value at response index j" is the critic output at the
   * input position just before response token j, so index 0 is the last prompt token and is
   * defined even for an empty response.
   */
  valueIndex: ValueReadoutIndices;
}

export interface TrainingParseOptions {
  /** Index of the EOS token when one was generated; later tokens are padding and not valid. */
  eosIndex?: number;
}

const TAGS: Record<BlockName, { open: string; close: string }> = {
  switch: { open: "<switch>", close: "</switch>" },
  subgoal: { open: "<subgoal>", close: "</subgoal>" },
  action: { open: "<action>", close: "</action>" },
};

/**
 * The block's characters, tags included: the first open tag, then the first close tag at or
 * after the end of that open tag (§2.3). Upstream's close-tag variants (`.</subgoal>`, ...)
 * always end where the plain close tag ends, so the plain tag is enough.
 */
export function findBlockCharRange(text: string, block: BlockName): CharRange | null {
  const { open, close } = TAGS[block];
  const openAt = text.indexOf(open);
  if (openAt < 0) return null;
  const closeAt = text.indexOf(close, openAt + open.length);
  if (closeAt < 0) return null;
  return [openAt, closeAt + close.length];
}

/** The switch decision as training reads it (§2.2): content trimmed and upper-cased, else KEEP. */
export function switchTextOf(text: string): string {
  const range = findBlockCharRange(text, "switch");
  if (range === null) return "KEEP";
  const content = text.slice(range[0] + TAGS.switch.open.length, range[1] - TAGS.switch.close.length).trim().toUpperCase();
  return content === "" ? "KEEP" : content;
}

/** The tag search of §2.2–2.3 on plain text (used directly when a turn has no tokens). */
export function parseTrainingText(text: string): TrainingTextParse {
  const switchText = switchTextOf(text);
  return {
    switchText,
    isNewSubgoal: switchText !== "KEEP",
    blocks: {
      switch: findBlockCharRange(text, "switch"),
      subgoal: findBlockCharRange(text, "subgoal"),
      action: findBlockCharRange(text, "action"),
    },
  };
}

/** Parses a tokenized response given each token's text piece (§2.1–2.4). */
export function parseTrainingResponse(pieces: readonly string[], options: TrainingParseOptions = {}): TrainingParse {
  const validLength = validTokenCount(pieces.length, options.eosIndex);

  // §2.1: token i covers characters [starts[i], ends[i]) of the concatenated pieces.
  const starts: number[] = [];
  const ends: number[] = [];
  let position = 0;
  for (let i = 0; i < validLength; i++) {
    starts.push(position);
    position += (pieces[i] as string).length;
    ends.push(position);
  }
  const text = pieces.slice(0, validLength).join("");
  const parsed = parseTrainingText(text);

  // §2.3: the span is every token that overlaps [a, b): from the token that contains a through
  // the last token that starts before b.
  const toSpan = (range: CharRange | null): TokenSpan | null => {
    if (range === null) return null;
    const first = firstTokenEndingAfter(ends, range[0]);
    const afterLast = firstTokenStartingAtOrAfter(starts, range[1]);
    return first < afterLast ? [first, afterLast - 1] : null;
  };
  const spans: BlockSpans = {
    switch: toSpan(parsed.blocks.switch),
    subgoal: toSpan(parsed.blocks.subgoal),
    action: toSpan(parsed.blocks.action),
  };

  // §2.4: V_L sits on the first token after `</subgoal>`, else after `</switch>`, else at 0.
  const tokenAfter = (range: CharRange | null): number | null => {
    if (range === null) return null;
    const index = firstTokenStartingAtOrAfter(starts, range[1]);
    return index < validLength ? index : null;
  };
  const low = tokenAfter(parsed.blocks.subgoal) ?? tokenAfter(parsed.blocks.switch) ?? 0;

  return {
    ...parsed,
    text,
    validLength,
    spans,
    actionFallback: spans.action === null && validLength > 0,
    valueIndex: { high: 0, low, term: 0 },
  };
}

/** The action span the estimators use: the parsed one, else all valid tokens, EOS included (§2.3). */
export function withActionFallback(spans: BlockSpans, validLength: number): BlockSpans {
  if (spans.action !== null || validLength === 0) return spans;
  return { ...spans, action: [0, validLength - 1] };
}

/**
 * The actor's loss mask (§2.5): action ∪ (subgoal on boundary turns) ∪ switch, over `length`
 * positions. Pass spans with the action fallback applied ({@link withActionFallback}).
 */
export function trainingLossMask(spans: BlockSpans, options: { length: number; isBoundary: boolean }): boolean[] {
  const mask = new Array<boolean>(options.length).fill(false);
  const mark = (span: TokenSpan | null) => {
    if (span === null) return;
    for (let j = span[0]; j <= Math.min(span[1], options.length - 1); j++) mask[j] = true;
  };
  mark(spans.action);
  if (options.isBoundary) mark(spans.subgoal);
  mark(spans.switch);
  return mask;
}

function validTokenCount(length: number, eosIndex: number | undefined): number {
  if (eosIndex === undefined) return length;
  if (!Number.isInteger(eosIndex) || eosIndex < 0 || eosIndex >= length) {
    throw new InvalidInputError(`eosIndex must be an integer in [0, ${length - 1}], got ${eosIndex}`);
  }
  return eosIndex + 1;
}

/** Index of the first token whose end is past `char` (the token that contains it). */
function firstTokenEndingAfter(ends: readonly number[], char: number): number {
  for (let i = 0; i < ends.length; i++) if ((ends[i] as number) > char) return i;
  return ends.length;
}

/** Index of the first token that starts at or after `char`; the token count if none does. */
function firstTokenStartingAtOrAfter(starts: readonly number[], char: number): number {
  for (let i = 0; i < starts.length; i++) if ((starts[i] as number) >= char) return i;
  return starts.length;
}
