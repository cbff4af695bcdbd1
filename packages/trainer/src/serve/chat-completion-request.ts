import { z } from "zod";

/** A message's content: a string, or OpenAI's array of parts (only text parts can be read). */
const MessageContent = z.union([
  z.string(),
  z.array(
    z.union([
      z.object({ type: z.literal("text"), text: z.string() }),
      z.looseObject({ type: z.string() }).refine((part) => part.type === "text", { message: "only text content parts are supported" }),
    ]),
  ),
]);

export const ChatMessage = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool"]),
  content: MessageContent.nullable().optional(),
  name: z.string().optional(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** Most choices one request may ask for: each is a sequence in the decoding batch. */
export const MAX_CHOICES = 16;

/**
 * The body of `POST /v1/chat/completions`, as far as a local Plan-Execute policy can honour it.
 * Fields OpenAI defines but a local model cannot use (tools, response_format, ...) are refused
 * rather than silently ignored; unknown fields pass, as OpenAI's own server lets them.
 */
export const ChatCompletionRequest = z
  .looseObject({
    model: z.string().min(1),
    messages: z.array(ChatMessage).min(1, "messages must hold at least one message"),
    temperature: z.number().min(0).max(2).nullable().optional(),
    max_tokens: z.number().int().positive().nullable().optional(),
    /** The newer name of max_tokens; the smaller one wins when both are given. */
    max_completion_tokens: z.number().int().positive().nullable().optional(),
    stop: z.union([z.string(), z.array(z.string()).max(4, "stop takes at most 4 sequences")]).nullable().optional(),
    n: z.number().int().min(1).max(MAX_CHOICES).nullable().optional(),
    stream: z.boolean().nullable().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
    logprobs: z.boolean().nullable().optional(),
    top_logprobs: z.number().int().min(0).max(20).nullable().optional(),
    /** Accepted for compatibility; sampling draws from the server's own seeded stream. */
    seed: z.number().int().nullable().optional(),
    user: z.string().optional(),
    tools: z.array(z.unknown()).max(0, "tools are not supported by a local Plan-Execute policy").nullable().optional(),
    response_format: z
      .object({ type: z.literal("text", { message: "only response_format text is supported" }) })
      .nullable()
      .optional(),
  })
  .refine((body) => body.top_logprobs == null || body.top_logprobs === 0 || body.logprobs === true, {
    message: "top_logprobs needs logprobs: true",
    path: ["top_logprobs"],
  });
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

/** A message's text: a string, or its text parts joined. */
export function messageText(message: ChatMessage): string {
  const { content } = message;
  if (content == null) return "";
  if (typeof content === "string") return content;
  return content.map((part) => ("text" in part && typeof part.text === "string" ? part.text : "")).join("");
}
