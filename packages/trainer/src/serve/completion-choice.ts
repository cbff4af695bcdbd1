import type { LocalTurn } from "../policy/local-policy.js";
import type { Vocabulary } from "../model/vocabulary.js";
import type { ContentLogprob, FinishReason } from "./chat-completion-response.js";

/** One choice, ready to be written whole or as a stream. */
export interface CompletionChoice {
  content: string;
  finishReason: FinishReason;
  /** The tokens behind `content`, one text delta each; the deltas join to `content`. */
  tokenIds: number[];
  deltas: string[];
  /** Per token, when the request asked for logprobs. */
  logprobs: ContentLogprob[] | null;
}

export interface ChoiceOptions {
  stop: readonly string[];
  logprobs: boolean;
  topLogprobs: number;
}

/**
 * A decoded turn as an OpenAI choice: cut before the first stop sequence (which is not
 * returned, as OpenAI does), with `finish_reason` "length" when the token limit cut the turn.
 */
export function completionChoice(turn: LocalTurn, vocabulary: Vocabulary, options: ChoiceOptions): CompletionChoice {
  const deltas = alignDeltas(turn.text, turn.pieces);
  let cut = turn.text.length;
  for (const stop of options.stop) {
    const at = turn.text.indexOf(stop);
    if (stop !== "" && at !== -1 && at < cut) cut = at;
  }
  const stopped = cut < turn.text.length;
  // Keep the tokens whose text ends before the cut; a token straddling it goes with the stop.
  let kept = 0;
  let end = 0;
  while (kept < deltas.length && end + (deltas[kept] as string).length <= cut) end += (deltas[kept++] as string).length;
  const content = turn.text.slice(0, cut);
  const keptDeltas = deltas.slice(0, kept);
  if (end < cut) keptDeltas.push(content.slice(end));
  return {
    content,
    finishReason: stopped || turn.finished ? "stop" : "length",
    tokenIds: turn.ids.slice(0, kept),
    deltas: keptDeltas,
    logprobs: options.logprobs ? turn.ids.slice(0, kept).map((_, index) => logprobEntry(turn, vocabulary, deltas[index] as string, index, options.topLogprobs)) : null,
  };
}

/** A token's entry; its text is its delta, so the entries join to the content as OpenAI's do. */
function logprobEntry(turn: LocalTurn, vocabulary: Vocabulary, text: string, index: number, top: number): ContentLogprob {
  return {
    ...tokenLogprob(text, turn.logprobs[index] ?? 0),
    top_logprobs: (turn.topLogprobs?.[index] ?? []).slice(0, top).map((alternative) => tokenLogprob(vocabulary.decode([alternative.token]), alternative.logProb)),
  };
}

function tokenLogprob(token: string, logprob: number) {
  return { token, logprob, bytes: [...Buffer.from(token, "utf8")] };
}

/**
 * One text delta per token that join to `text`. They are the tokens' pieces, except where the
 * text departs from them (an admissible action written with pieces the vocabulary lacks): the
 * rest of the text then goes to the last token, so a streamed reply still adds up.
 */
export function alignDeltas(text: string, pieces: readonly string[]): string[] {
  const deltas: string[] = [];
  let at = 0;
  for (const piece of pieces) {
    if (text.startsWith(piece, at)) {
      deltas.push(piece);
      at += piece.length;
    } else {
      deltas.push("");
    }
  }
  if (at < text.length) {
    if (deltas.length === 0) deltas.push("");
    deltas[deltas.length - 1] += text.slice(at);
  }
  return deltas;
}
