import { type Policy, PolicyError, type PolicyInput, type PolicyOutput, SeededRandom, type SeededRandomState } from "@hiper/core";
import { generate, type GeneratedResponse, type TokenAlternative } from "../model/generate.js";
import type { TokenSource } from "../model/decoding-grammar.js";
import type { PlanExecuteGrammar } from "../model/plan-execute-grammar.js";
import type { PolicyModel } from "../model/policy-model.js";
import type { Vocabulary } from "../model/vocabulary.js";
import { renderCompactPrompt } from "./compact-prompt.js";
import { DecodingSettings } from "./decoding-settings.js";
import { turnGrammar } from "./turn-grammar.js";

export interface LocalPolicyOptions {
  model: PolicyModel;
  vocabulary: Vocabulary;
  /** The policy id recorded in trajectories. Default `local`. */
  id?: string;
  /** Seed of the sampling draws (or a saved state, to continue a sequence). */
  seed?: number | SeededRandomState;
  decoding?: Partial<DecodingSettings>;
  /** Past turns this policy was trained to see (a rollout loop should pass this many). */
  historyLength?: number;
  /** Most responses decoded in one batch (default: all that are waiting). 1 turns batching off. */
  maxBatchSize?: number;
  /**
   * How long the first waiting call waits for others before decoding starts (default 0: just
   * the calls made in the same turn of the event loop, as concurrent environments make them).
   * A server sets a few milliseconds, because HTTP requests arrive one by one.
   */
  batchWindowMs?: number;
}

/** One turn to decode: the local model's prompt and what the grammar needs to keep it well formed. */
export interface TurnRequest {
  /** The local (compact) prompt, as text. */
  prompt: string;
  /** The subgoal in force: KEEP copies it. */
  currentSubgoal: string;
  /** When given (and `constrainActions` is on), the action is one of these. */
  admissibleActions?: readonly string[];
}

/** Per-turn overrides of the decoding settings (a server takes them from each request). */
export interface TurnSampling {
  temperature?: number;
  /** Cut the response after this many tokens (at most the settings' `maxNewTokens`). */
  maxNewTokens?: number;
  /** Record the `k` likeliest tokens at each position. */
  topLogprobs?: number;
}

/** A decoded turn, token by token. */
export interface LocalTurn {
  /** The response text (with the exact admissible action the trie chose). */
  text: string;
  /** The prompt tokens the model read (the last ones, if the prompt did not fit). */
  promptIds: number[];
  ids: number[];
  pieces: string[];
  /** log p of each token under its constraint at temperature 1 (0 for forced and copied tokens). */
  logprobs: number[];
  sources: TokenSource[];
  /** With `topLogprobs`: the likeliest alternatives at each position. */
  topLogprobs?: TokenAlternative[][];
  /** False when `maxNewTokens` cut the response before the grammar finished. */
  finished: boolean;
}

interface Pending {
  request: TurnRequest;
  sampling: TurnSampling;
  resolve: (turn: LocalTurn) => void;
  reject: (error: unknown) => void;
}

/**
 * The local transformer as a Plan-Execute policy. Calls to `act` that arrive together (one per
 * concurrent environment) are decoded as one batch with a KV cache. The three blocks are always
 * well formed: the switch is KEEP or SWITCH, KEEP copies the subgoal in force, and the action is
 * decoded through the admissible list when the environment gives one (`constrainActions`).
 */
export class LocalPolicy implements Policy {
  readonly id: string;
  readonly model: PolicyModel;
  readonly vocabulary: Vocabulary;
  readonly decoding: DecodingSettings;
  readonly random: SeededRandom;
  readonly historyLength: number | undefined;
  readonly maxBatchSize: number;
  readonly batchWindowMs: number;
  private flushTimer: NodeJS.Timeout | undefined;
  private pending: Pending[] = [];
  private flushScheduled = false;
  /** Decoding statistics since construction: batches, responses and tokens generated. */
  readonly stats = { batches: 0, responses: 0, promptTokens: 0, responseTokens: 0, decodeMs: 0 };

  constructor(options: LocalPolicyOptions) {
    this.id = options.id ?? "local";
    this.model = options.model;
    this.vocabulary = options.vocabulary;
    this.decoding = DecodingSettings.parse(options.decoding ?? {});
    this.historyLength = options.historyLength;
    this.maxBatchSize = options.maxBatchSize ?? Number.POSITIVE_INFINITY;
    if (!(this.maxBatchSize >= 1)) throw new PolicyError(`maxBatchSize must be at least 1, got ${options.maxBatchSize}`, { policyId: this.id });
    this.batchWindowMs = options.batchWindowMs ?? 0;
    if (!(this.batchWindowMs >= 0)) throw new PolicyError(`batchWindowMs must be at least 0, got ${options.batchWindowMs}`, { policyId: this.id });
    this.random = typeof options.seed === "object" ? SeededRandom.fromState(options.seed) : new SeededRandom(options.seed ?? 0);
  }

  async act(input: PolicyInput, options?: { signal?: AbortSignal }): Promise<PolicyOutput> {
    if (options?.signal?.aborted) throw new PolicyError("aborted before decoding", { policyId: this.id });
    const prompt = renderCompactPrompt(input);
    const admissible = input.observation.admissibleActions;
    const turn = await this.complete({ prompt, currentSubgoal: input.currentSubgoal, ...(admissible ? { admissibleActions: admissible } : {}) });
    return {
      text: turn.text,
      prompt,
      tokens: { ids: turn.ids, pieces: turn.pieces, logprobs: turn.logprobs },
      usage: { promptTokens: turn.promptIds.length, completionTokens: turn.ids.length },
    };
  }

  /**
   * Decodes one turn from a ready local prompt. Calls that arrive together (one per concurrent
   * environment or HTTP request) are decoded as one batch, up to `maxBatchSize`.
   */
  complete(request: TurnRequest, sampling: TurnSampling = {}): Promise<LocalTurn> {
    return new Promise((resolve, reject) => {
      this.pending.push({ request, sampling, resolve, reject });
      if (this.pending.length >= this.maxBatchSize && this.flushTimer !== undefined) {
        // A full batch has nothing to wait for.
        clearTimeout(this.flushTimer);
        this.flushTimer = undefined;
        setImmediate(() => this.flush());
      } else if (!this.flushScheduled) {
        this.flushScheduled = true;
        // Let every caller that is stepping right now ask first, then decode them together.
        if (this.batchWindowMs > 0 && this.maxBatchSize > 1) this.flushTimer = setTimeout(() => this.flush(), this.batchWindowMs);
        else setImmediate(() => this.flush());
      }
    });
  }

  /** Frees the model's weights. */
  async close(): Promise<void> {
    this.model.dispose();
  }

  private flush(): void {
    this.flushScheduled = false;
    this.flushTimer = undefined;
    const waiting = this.pending;
    this.pending = [];
    for (let start = 0; start < waiting.length; start += Math.min(this.maxBatchSize, waiting.length)) {
      this.decodeAndSettle(waiting.slice(start, start + this.maxBatchSize));
    }
  }

  private decodeAndSettle(batch: readonly Pending[]): void {
    try {
      const turns = this.decodeBatch(batch);
      batch.forEach((item, index) => item.resolve(turns[index] as LocalTurn));
    } catch (cause) {
      const error = new PolicyError(`local decoding failed: ${cause instanceof Error ? cause.message : String(cause)}`, { policyId: this.id, cause });
      for (const item of batch) item.reject(error);
    }
  }

  private decodeBatch(batch: readonly Pending[]): LocalTurn[] {
    const { vocabulary, decoding } = this;
    const started = performance.now();
    const grammars = batch.map(({ request }) => turnGrammar(request, vocabulary, decoding));
    const responses = generate(
      this.model,
      batch.map(({ request, sampling }, index) => ({
        prompt: vocabulary.encode(request.prompt),
        grammar: grammars[index] as PlanExecuteGrammar,
        ...sampling,
      })),
      { temperature: decoding.temperature, random: this.random, maxNewTokens: decoding.maxNewTokens },
    );
    this.stats.batches += 1;
    this.stats.responses += responses.length;
    this.stats.decodeMs += performance.now() - started;
    return responses.map((response, index) => this.toTurn(response, grammars[index] as PlanExecuteGrammar));
  }

  private toTurn(response: GeneratedResponse, grammar: PlanExecuteGrammar): LocalTurn {
    this.stats.promptTokens += response.prompt.length;
    this.stats.responseTokens += response.tokens.length;
    return {
      text: withExactAction(this.vocabulary.decode(response.tokens), grammar.action),
      promptIds: [...response.prompt],
      ids: [...response.tokens],
      pieces: this.vocabulary.pieces(response.tokens),
      logprobs: [...response.logProbs],
      sources: response.sources,
      ...(response.topLogProbs ? { topLogprobs: response.topLogProbs } : {}),
      finished: response.finished,
    };
  }
}

/**
 * The decoded text with the admissible action the trie walk chose: an action with pieces outside
 * the vocabulary decodes without them, but the environment must get the real command.
 */
function withExactAction(text: string, action: string | undefined): string {
  if (action === undefined) return text;
  return text.replace(/<action>[\s\S]*<\/action>/, () => `<action>${action}</action>`);
}
