import OpenAI from "openai";
import { InvalidInputError, PolicyError, PolicyTimeoutError } from "../errors/index.js";
import { renderPrompt } from "../protocol/render-prompt.js";
import { abortableSleep } from "../util/abortable-sleep.js";
import { ConcurrencyLimiter } from "../util/concurrency-limiter.js";
import { OpenAIPolicyOptions, type ResolvedOpenAIPolicyOptions } from "./openai-policy-options.js";
import { parseCompletionBody, type ParsedCompletion } from "./openai-response.js";
import type { Policy, PolicyInput, PolicyOutput, TokenUsage } from "./policy.js";
import { PromptBudget } from "./prompt-budget.js";
import { AttemptTimeoutError, backoffDelayMs, classifyFailure, type AttemptFailure } from "./request-retry.js";

/** Sent when no key is configured: local servers (vLLM, Ollama) accept any key. */
const PLACEHOLDER_API_KEY = "no-key";

/** Running totals of an {@link OpenAIPolicy}. */
export interface OpenAIPolicyUsage extends TokenUsage {
  /** Turns answered. */
  answered: number;
  /** HTTP attempts made, retries included, successful or not. */
  attempts: number;
  /** Turns that failed for good (threw a PolicyError). */
  failures: number;
}

export interface OpenAIPolicyDependencies {
  /** Share one limiter between policies that must respect one limit together. */
  limiter?: ConcurrencyLimiter;
  /** Renders the prompt; defaults to the hosted-model prompt of the spec (`renderPrompt`). */
  renderPrompt?: (input: PolicyInput) => string;
}

/**
 * A policy backed by any OpenAI-compatible chat completions endpoint (OpenAI, vLLM, Ollama).
 * Each turn is one user message holding the rendered prompt (spec §1.2). Retries are its own
 * (the client's are off) so that every attempt is counted and malformed bodies are retried too.
 */
export class OpenAIPolicy implements Policy {
  readonly id: string;
  private readonly options: ResolvedOpenAIPolicyOptions;
  private readonly client: OpenAI;
  private readonly limiter: ConcurrencyLimiter;
  private readonly budget: PromptBudget;
  private readonly render: (input: PolicyInput) => string;
  private readonly totals: OpenAIPolicyUsage = { promptTokens: 0, completionTokens: 0, answered: 0, attempts: 0, failures: 0 };

  constructor(options: OpenAIPolicyOptions, dependencies: OpenAIPolicyDependencies = {}) {
    const parsed = OpenAIPolicyOptions.safeParse(options);
    if (!parsed.success) throw new InvalidInputError(`invalid OpenAIPolicy options: ${parsed.error.message}`, { cause: parsed.error });
    this.options = parsed.data;
    if (this.options.contextTokens <= this.options.maxTokens) {
      throw new InvalidInputError(`contextTokens (${this.options.contextTokens}) must exceed maxTokens (${this.options.maxTokens})`);
    }
    this.id = this.options.id ?? `openai:${this.options.model}`;
    const baseURL = this.options.baseURL ?? nonEmpty(process.env["OPENAI_BASE_URL"]);
    this.client = new OpenAI({
      apiKey: this.options.apiKey ?? nonEmpty(process.env["OPENAI_API_KEY"]) ?? PLACEHOLDER_API_KEY,
      ...(baseURL ? { baseURL } : {}),
      maxRetries: 0,
      timeout: this.options.timeoutMs,
    });
    this.limiter = dependencies.limiter ?? new ConcurrencyLimiter(this.options.concurrency);
    this.render = dependencies.renderPrompt ?? renderPrompt;
    this.budget = new PromptBudget(this.options);
  }

  /** Token and request totals since this policy was created. */
  usage(): OpenAIPolicyUsage {
    return { ...this.totals };
  }

  async act(input: PolicyInput, options: { signal?: AbortSignal } = {}): Promise<PolicyOutput> {
    const fitted = this.budget.fit(input, this.render);
    const { completion, attempts, lastFailure } = await this.complete(fitted.prompt, options.signal);

    this.totals.answered++;
    const output: PolicyOutput = { text: completion.text, prompt: fitted.prompt };
    if (completion.tokens) output.tokens = completion.tokens;
    if (completion.usage) {
      output.usage = completion.usage;
      this.totals.promptTokens += completion.usage.promptTokens;
      this.totals.completionTokens += completion.usage.completionTokens;
    }
    const extra: Record<string, unknown> = { attempts };
    if (fitted.promptTokens !== undefined) extra["promptTokensEstimate"] = fitted.promptTokens;
    if (lastFailure) extra["lastError"] = lastFailure.message;
    if (completion.finishReason) extra["finishReason"] = completion.finishReason;
    if (fitted.droppedHistory > 0) extra["droppedHistory"] = fitted.droppedHistory;
    if (fitted.overBudget) extra["overBudget"] = true;
    if (completion.warnings.length > 0) extra["warnings"] = completion.warnings;
    output.extra = extra;
    return output;
  }

  /** Frees the token counter. The policy still answers afterwards (the counter is rebuilt). */
  async close(): Promise<void> {
    this.budget.free();
  }

  /** One turn: attempts with backoff until success, a non-retryable failure, or retries run out. */
  private async complete(prompt: string, signal: AbortSignal | undefined) {
    const maxAttempts = this.options.maxRetries + 1;
    let lastFailure: AttemptFailure | undefined;
    let attempts = 0;
    while (attempts < maxAttempts) {
      if (lastFailure) await this.wait(this.retryDelayMs(attempts, lastFailure), signal, attempts);
      try {
        const completion = await this.limiter.run(() => {
          attempts++;
          this.totals.attempts++;
          return this.attempt(prompt, signal);
        }, signal);
        return { completion, attempts, lastFailure };
      } catch (error) {
        if (signal?.aborted) throw this.abortedError(signal, attempts);
        lastFailure = classifyFailure(error);
        if (!lastFailure.retryable) break;
      }
    }
    this.totals.failures++;
    throw this.finalError(lastFailure as AttemptFailure, attempts);
  }

  private retryDelayMs(retry: number, failure: AttemptFailure): number {
    if (failure.retryAfterMs !== undefined) return Math.min(failure.retryAfterMs, this.options.maxRetryAfterMs);
    return backoffDelayMs(retry, this.options);
  }

  private async wait(ms: number, signal: AbortSignal | undefined, attempts: number): Promise<void> {
    try {
      await abortableSleep(ms, signal);
    } catch {
      throw this.abortedError(signal as AbortSignal, attempts);
    }
  }

  /** One HTTP request, with a timer that covers reading the whole body, not just the headers. */
  private async attempt(prompt: string, signal: AbortSignal | undefined): Promise<ParsedCompletion> {
    const controller = new AbortController();
    const forwardAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", forwardAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    try {
      const response = await this.client.chat.completions
        .create(this.requestBody(prompt), { signal: controller.signal, maxRetries: 0 })
        .asResponse();
      return parseCompletionBody(await response.text());
    } catch (error) {
      if (timedOut) throw new AttemptTimeoutError(this.options.timeoutMs, { cause: error });
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", forwardAbort);
    }
  }

  private requestBody(prompt: string): OpenAI.ChatCompletionCreateParamsNonStreaming {
    const { model, temperature, maxTokens, logprobs, extraBody } = this.options;
    return {
      ...extraBody,
      model,
      messages: [{ role: "user", content: prompt }],
      temperature,
      max_tokens: maxTokens,
      ...(logprobs ? { logprobs: true } : {}),
    };
  }

  private finalError(failure: AttemptFailure, attempts: number): PolicyError | PolicyTimeoutError {
    if (failure.kind === "timeout") {
      return new PolicyTimeoutError({ policyId: this.id, timeoutMs: this.options.timeoutMs, attempts, cause: failure.error });
    }
    const hint = failure.status === 401 ? " (set OPENAI_API_KEY or pass apiKey)" : "";
    return new PolicyError(`policy "${this.id}": ${failure.message}${hint} after ${attempts} attempt(s)`, {
      policyId: this.id,
      attempts,
      cause: failure.error,
      ...(failure.status !== undefined ? { status: failure.status } : {}),
    });
  }

  private abortedError(signal: AbortSignal, attempts: number): PolicyError {
    return new PolicyError(`policy "${this.id}": aborted by the caller after ${attempts} attempt(s)`, {
      policyId: this.id,
      attempts,
      cause: signal.reason,
    });
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
