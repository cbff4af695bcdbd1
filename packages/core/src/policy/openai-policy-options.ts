import { z } from "zod";

/**
 * Options of {@link OpenAIPolicy}. Every field but `model` has a default; `baseURL` and `apiKey`
 * fall back to OPENAI_BASE_URL and OPENAI_API_KEY.
 */
export const OpenAIPolicyOptions = z.object({
  /** The model name the server knows (`gpt-4o-mini`, `Qwen/Qwen2.5-7B-Instruct`, `qwen2.5:7b`). */
  model: z.string().min(1),
  /** Policy id recorded in trajectories; defaults to `openai:<model>`. */
  id: z.string().min(1).optional(),
  /** Any OpenAI-compatible endpoint, e.g. `http://127.0.0.1:8000/v1` (vLLM), `http://127.0.0.1:11434/v1` (Ollama). */
  baseURL: z.url().optional(),
  /** A local server may need no key; a placeholder is sent then. */
  apiKey: z.string().optional(),
  /** Sampling temperature (spec §1.2: 1.0 for training, 0.4 for validation). */
  temperature: z.number().min(0).max(2).default(1),
  /** At most this many new tokens per turn (spec §1.2: 512). */
  maxTokens: z.number().int().positive().default(512),
  /** The model's context window; history is trimmed so the prompt fits `contextTokens - maxTokens`. */
  contextTokens: z.number().int().positive().default(32_768),
  /** tiktoken encoding used to count prompt tokens; defaults to the model's, else `o200k_base`. */
  encoding: z.enum(["o200k_base", "cl100k_base", "p50k_base", "r50k_base"]).optional(),
  /** At most this many requests in flight at once, across all calls of this policy. */
  concurrency: z.number().int().positive().default(8),
  /** Retries after the first attempt, on 408/409/429/5xx, timeouts, connection errors and malformed bodies. */
  maxRetries: z.number().int().nonnegative().default(4),
  /** Backoff before retry k is uniform in [0, min(maxBackoffMs, initialBackoffMs · 2^(k-1))] (full jitter). */
  initialBackoffMs: z.number().nonnegative().default(500),
  maxBackoffMs: z.number().nonnegative().default(20_000),
  /** A server's Retry-After is obeyed up to this many milliseconds. */
  maxRetryAfterMs: z.number().nonnegative().default(60_000),
  /** Per-attempt limit, from sending the request to reading the whole body. */
  timeoutMs: z.number().int().positive().default(180_000),
  /** Ask for per-token log-probs (stored on the output when the server returns them). */
  logprobs: z.boolean().default(true),
  /**
   * Extra fields merged into the request body for server-specific features, e.g. vLLM's
   * `{ return_token_ids: true }` (token ids on the output) or `{ top_k: -1 }`.
   */
  extraBody: z.record(z.string(), z.unknown()).optional(),
});
/** What a caller passes (defaults optional). */
export type OpenAIPolicyOptions = z.input<typeof OpenAIPolicyOptions>;
/** The options after defaults. */
export type ResolvedOpenAIPolicyOptions = z.output<typeof OpenAIPolicyOptions>;
