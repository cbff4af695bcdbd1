import * as tf from "@tensorflow/tfjs-core";
import { InvalidInputError, type SeededRandom } from "@hiper/core";
import type { DecodingGrammar, TokenSource } from "./decoding-grammar.js";
import { KvCache } from "./kv-cache.js";
import type { PolicyModel } from "./policy-model.js";
import { sampleToken, type TokenAlternative, topTokens } from "./sample-token.js";

export type { TokenAlternative };

export interface GenerationRequest {
  /** Prompt token ids. */
  prompt: Int32Array;
  /** A fresh grammar for this response (PlanExecuteGrammar, FreeGrammar, ...). */
  grammar: DecodingGrammar;
  /** This response's sampling temperature, overriding the batch's (a server mixes clients). */
  temperature?: number;
  /** Stop this response after this many tokens (at most the batch's `maxNewTokens`). */
  maxNewTokens?: number;
  /** Also record the `k` likeliest tokens at every sampled position (OpenAI's `top_logprobs`). */
  topLogprobs?: number;
}


export interface GenerateOptions {
  /** Sampling temperature; 0 is greedy. Default 1 (upstream training). */
  temperature?: number;
  /** The seeded source of every draw, in request order within each step. */
  random: SeededRandom;
  /** Most tokens per response; also the room kept for the response in the context. Default 96. */
  maxNewTokens?: number;
}

export interface GeneratedResponse {
  /** The prompt as fed: its last tokens when it did not fit beside maxNewTokens. */
  prompt: Int32Array;
  promptTruncated: boolean;
  tokens: Int32Array;
  /** log p of each token under its constraint at temperature 1; 0 for forced and copied tokens. */
  logProbs: Float32Array;
  /** Whether each token was sampled, forced by the format, or copied (KEEP's subgoal: not sampled). */
  sources: TokenSource[];
  /** True when the grammar finished; false when cut by maxNewTokens. */
  finished: boolean;
  /** With `topLogprobs`: the likeliest tokens at each position, best first (just the token when forced). */
  topLogProbs?: TokenAlternative[][];
}

interface Decoding {
  request: GenerationRequest;
  prompt: Int32Array;
  tokens: number[];
  logProbs: number[];
  sources: TokenSource[];
  topLogProbs: TokenAlternative[][];
  finished: boolean;
}

/**
 * Decodes a batch of responses with a KV cache: each prompt is prefilled once, then every step
 * feeds one token per unfinished sequence in a single batched forward pass. Tokens come from each
 * sequence's grammar (sampled under its constraint, forced, or copied). Finished sequences leave
 * the batch. Synchronous; leaves no tensors behind.
 */
export function generate(model: PolicyModel, requests: readonly GenerationRequest[], options: GenerateOptions): GeneratedResponse[] {
  const temperature = options.temperature ?? 1;
  const maxNewTokens = options.maxNewTokens ?? 96;
  const promptRoom = model.config.contextLength - maxNewTokens;
  if (promptRoom < 1) throw new InvalidInputError(`maxNewTokens ${maxNewTokens} leaves no room for a prompt in ${model.config.contextLength} tokens`);
  const decodings: Decoding[] = requests.map((request) => {
    if (request.prompt.length === 0) throw new InvalidInputError("a prompt needs at least one token");
    if (request.maxNewTokens !== undefined && !(Number.isInteger(request.maxNewTokens) && request.maxNewTokens >= 1)) {
      throw new InvalidInputError(`a request's maxNewTokens must be a positive integer, got ${request.maxNewTokens}`);
    }
    return { request, prompt: request.prompt.slice(-promptRoom), tokens: [], logProbs: [], sources: [], topLogProbs: [], finished: false };
  });
  if (decodings.length === 0) return [];
  const vocab = model.config.vocabSize;
  let { cache, logits } = prefill(model, decodings);
  let active = decodings.map((_, index) => index);
  try {
    while (active.length > 0) {
      const feed: Array<{ row: number; token: number; position: number }> = [];
      active.forEach((index, row) => {
        const decoding = decodings[index] as Decoding;
        if (decoding.request.grammar.next().kind === "done") {
          decoding.finished = true;
          return;
        }
        const token = chooseToken(decoding, logits.subarray(row * vocab, (row + 1) * vocab), decoding.request.temperature ?? temperature, options.random);
        decoding.finished = decoding.request.grammar.next().kind === "done";
        if (!decoding.finished && decoding.tokens.length < Math.min(maxNewTokens, decoding.request.maxNewTokens ?? maxNewTokens)) {
          feed.push({ row, token, position: decoding.prompt.length + decoding.tokens.length - 1 });
        }
      });
      if (feed.length === 0) break;
      if (feed.length < active.length) {
        const kept = cache.select(feed.map((item) => item.row));
        cache.dispose();
        cache = kept;
        active = feed.map((item) => active[item.row] as number);
      }
      const previous = cache;
      const stepped = tidyKeepingCache(() => model.step(Int32Array.from(feed, (item) => item.token), Int32Array.from(feed, (item) => item.position), previous));
      previous.dispose();
      cache = stepped.cache;
      logits = stepped.logits;
    }
  } finally {
    cache.dispose();
  }
  return decodings.map((decoding) => ({
    prompt: decoding.prompt,
    promptTruncated: decoding.prompt.length < decoding.request.prompt.length,
    tokens: Int32Array.from(decoding.tokens),
    logProbs: Float32Array.from(decoding.logProbs),
    sources: decoding.sources,
    finished: decoding.finished,
    ...(decoding.request.topLogprobs !== undefined ? { topLogProbs: decoding.topLogProbs } : {}),
  }));
}

/** Runs each prompt once (they differ in length), then stacks the caches, left-padded. */
function prefill(model: PolicyModel, decodings: readonly Decoding[]): { cache: KvCache; logits: Float32Array } {
  const caches: KvCache[] = [];
  const rows: Float32Array[] = [];
  for (const { prompt } of decodings) {
    const out = tidyKeepingCache(() => {
      const forward = model.forward({ tokens: prompt, batch: 1, length: prompt.length }, { logitsAt: "last", withCache: true });
      return { cache: forward.cache as KvCache, logits: forward.logits };
    });
    caches.push(out.cache);
    rows.push(out.logits);
  }
  const kept: { cache?: KvCache } = {};
  tf.tidy(() => {
    kept.cache = KvCache.stack(caches).keep();
  });
  for (const single of caches) single.dispose();
  const logits = new Float32Array(rows.length * model.config.vocabSize);
  rows.forEach((row, index) => logits.set(row, index * model.config.vocabSize));
  return { cache: kept.cache as KvCache, logits };
}

/** Runs `fn` in a tidy scope, keeping the cache it makes and reading its logits to the host. */
function tidyKeepingCache(fn: () => { cache: KvCache; logits: tf.Tensor }): { cache: KvCache; logits: Float32Array } {
  const kept: { cache?: KvCache } = {};
  const logits = tf.tidy(() => {
    const out = fn();
    kept.cache = out.cache.keep();
    return out.logits;
  });
  const values = logits.dataSync() as Float32Array;
  logits.dispose();
  return { cache: kept.cache as KvCache, logits: values };
}

/** The grammar's next token for one sequence: forced/copied as told, else sampled from `logits`. */
function chooseToken(decoding: Decoding, logits: Float32Array, temperature: number, random: SeededRandom): number {
  const { grammar } = decoding.request;
  const step = grammar.next();
  let token: number;
  const { topLogprobs } = decoding.request;
  if (step.kind === "force") {
    token = step.token;
    decoding.logProbs.push(0);
    decoding.sources.push(step.source);
    if (topLogprobs !== undefined) decoding.topLogProbs.push([{ token, logProb: 0 }]);
  } else {
    const constraint = step.kind === "sample" ? step.constraint : null;
    const sampled = sampleToken(logits, constraint, { temperature, random });
    token = sampled.token;
    decoding.logProbs.push(sampled.logProb);
    decoding.sources.push("sampled");
    if (topLogprobs !== undefined) decoding.topLogProbs.push(topTokens(logits, constraint, topLogprobs));
  }
  decoding.tokens.push(token);
  grammar.advance(token);
  return token;
}
