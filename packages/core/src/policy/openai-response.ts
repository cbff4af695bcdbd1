import { z } from "zod";
import type { OutputTokens, TokenUsage } from "./policy.js";

// Only the parts of a chat completion the policy uses, parsed tolerantly: unknown fields are
// ignored, and optional parts that do not parse (log-probs, usage) are dropped with a warning
// instead of failing the turn.

const ChatChoice = z.object({
  message: z.object({ content: z.string().nullish() }).nullish(),
  finish_reason: z.string().nullish(),
  logprobs: z.unknown().optional(),
  /** vLLM, when the request has `return_token_ids: true`. */
  token_ids: z.unknown().optional(),
});

const ChatCompletionBody = z.object({
  choices: z.array(ChatChoice),
  usage: z.unknown().optional(),
});

const ChoiceLogprobs = z.object({
  content: z.array(z.object({ token: z.string(), logprob: z.number() })).nullish(),
});

const TokenIds = z.array(z.number().int().nonnegative());

const Usage = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
});

/** A 2xx response whose body the policy cannot use; the attempt counts as failed. */
export class MalformedResponseError extends Error {
  override readonly name = "MalformedResponseError";
}

export interface ParsedCompletion {
  text: string;
  tokens?: OutputTokens;
  usage?: TokenUsage;
  finishReason?: string;
  /** Soft problems: parts of the body that were present but unreadable. */
  warnings: string[];
}

/** vLLM's `return_tokens_as_token_ids` writes each token as `token_id:<id>`. */
const tokenIdPiece = /^token_id:(\d+)$/;

export function parseCompletionBody(raw: string): ParsedCompletion {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new MalformedResponseError(`the body is not JSON: ${JSON.stringify(raw.slice(0, 120))}`);
  }
  const body = ChatCompletionBody.safeParse(json);
  if (!body.success) throw new MalformedResponseError(`the body has no "choices" array: ${JSON.stringify(raw.slice(0, 120))}`);
  const choice = body.data.choices[0];
  if (!choice) throw new MalformedResponseError('the body has an empty "choices" array');
  const text = choice.message?.content;
  if (text === undefined || text === null) throw new MalformedResponseError("the first choice has no message content");

  const warnings: string[] = [];
  const parsed: ParsedCompletion = { text, warnings };
  if (choice.finish_reason) parsed.finishReason = choice.finish_reason;

  const tokens = readTokens(choice.logprobs, choice.token_ids, warnings);
  if (tokens) parsed.tokens = tokens;

  if (body.data.usage !== undefined && body.data.usage !== null) {
    const usage = Usage.safeParse(body.data.usage);
    if (usage.success) parsed.usage = { promptTokens: usage.data.prompt_tokens, completionTokens: usage.data.completion_tokens };
    else warnings.push("usage present but unreadable");
  }
  return parsed;
}

function readTokens(rawLogprobs: unknown, rawTokenIds: unknown, warnings: string[]): OutputTokens | undefined {
  let entries: Array<{ token: string; logprob: number }> | undefined;
  if (rawLogprobs !== undefined && rawLogprobs !== null) {
    const logprobs = ChoiceLogprobs.safeParse(rawLogprobs);
    if (logprobs.success) entries = logprobs.data.content ?? undefined;
    else warnings.push("logprobs present but unreadable");
  }
  let ids: number[] | undefined;
  if (rawTokenIds !== undefined && rawTokenIds !== null) {
    const tokenIds = TokenIds.safeParse(rawTokenIds);
    if (tokenIds.success) ids = tokenIds.data;
    else warnings.push("token_ids present but unreadable");
  }
  if (!entries && !ids) return undefined;

  const pieces = entries?.map((entry) => entry.token);
  const idsFromPieces = pieces && pieces.length > 0 && pieces.every((piece) => tokenIdPiece.test(piece));
  if (idsFromPieces && !ids) ids = pieces.map((piece) => Number(tokenIdPiece.exec(piece)?.[1]));

  const tokens: OutputTokens = {
    // Empty when the server gives no ids (OpenAI itself never does); `pieces` then carries the tokens.
    ids: ids ?? [],
    logprobs: entries ? entries.map((entry) => entry.logprob) : null,
  };
  if (pieces && !idsFromPieces) tokens.pieces = pieces;
  return tokens;
}
