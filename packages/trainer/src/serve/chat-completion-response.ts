import { z } from "zod";

/** One token of `logprobs.content`, as OpenAI writes it. */
export const TokenLogprob = z.object({
  token: z.string(),
  logprob: z.number(),
  bytes: z.array(z.number().int()).nullable(),
});
export const ContentLogprob = TokenLogprob.extend({ top_logprobs: z.array(TokenLogprob) });
export type ContentLogprob = z.infer<typeof ContentLogprob>;

export const ChoiceLogprobs = z.object({ content: z.array(ContentLogprob).nullable(), refusal: z.null() });

export const FinishReason = z.enum(["stop", "length"]);
export type FinishReason = z.infer<typeof FinishReason>;

export const CompletionUsage = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
});
export type CompletionUsage = z.infer<typeof CompletionUsage>;

/** The fields a completion and each of its stream chunks both start with. */
const responseHeader = { id: z.string(), created: z.number().int(), model: z.string(), system_fingerprint: z.string() };

/**
 * `chat.completion`. Beyond OpenAI's fields (as vLLM does): `prompt_token_ids` (the local prompt
 * the model read) and each choice's `token_ids`, so RL can train on exactly what was sampled
 * without tokenizing the text again.
 */
export const ChatCompletion = z.object({
  ...responseHeader,
  object: z.literal("chat.completion"),
  choices: z.array(
    z.object({
      index: z.number().int(),
      message: z.object({ role: z.literal("assistant"), content: z.string(), refusal: z.null() }),
      logprobs: ChoiceLogprobs.nullable(),
      finish_reason: FinishReason,
      token_ids: z.array(z.number().int()),
    }),
  ),
  usage: CompletionUsage,
  prompt_token_ids: z.array(z.number().int()),
});
export type ChatCompletion = z.infer<typeof ChatCompletion>;

/** One `chat.completion.chunk` of a stream; `token_ids` holds the ids behind this delta. */
export const ChatCompletionChunk = z.object({
  ...responseHeader,
  object: z.literal("chat.completion.chunk"),
  choices: z.array(
    z.object({
      index: z.number().int(),
      delta: z.object({ role: z.literal("assistant").optional(), content: z.string().optional() }),
      logprobs: ChoiceLogprobs.nullable(),
      finish_reason: FinishReason.nullable(),
      token_ids: z.array(z.number().int()).optional(),
    }),
  ),
  usage: CompletionUsage.nullable().optional(),
});
export type ChatCompletionChunk = z.infer<typeof ChatCompletionChunk>;

/** `GET /v1/models`. */
export const ModelList = z.object({
  object: z.literal("list"),
  data: z.array(z.object({ id: z.string(), object: z.literal("model"), created: z.number().int(), owned_by: z.string() })),
});
export type ModelList = z.infer<typeof ModelList>;
