import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { describeError, type HttpServerHandle, InvalidInputError, readJsonBody, serveHttp } from "@hiper/core";
import type { z } from "zod";
import type { LocalPolicy, LocalTurn } from "../policy/local-policy.js";
import { ChatCompletionRequest } from "./chat-completion-request.js";
import type { ChatCompletion, ChatCompletionChunk, CompletionUsage, ModelList } from "./chat-completion-response.js";
import { turnRequestFromMessages } from "./chat-prompt.js";
import { type CompletionChoice, completionChoice } from "./completion-choice.js";
import { OpenAIHttpError } from "./openai-error.js";

/** Request bodies above this many bytes are refused (413) unless the server is told otherwise. */
export const DEFAULT_CHAT_BODY_LIMIT = 1024 * 1024;

export interface ServePolicyOptions {
  policy: LocalPolicy;
  /** The model id clients name (`GET /v1/models` lists it). Default `hiper-local`. */
  modelName?: string;
  /** Interface to listen on; default 127.0.0.1 (loopback only). */
  host?: string;
  /** Port; 0 (the default) picks a free one. */
  port?: number;
  /** When set, every request must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  maxBodyBytes?: number;
  /** Told about failures the server answered with a 500 or could not answer. */
  onError?: (error: unknown, route: string) => void;
  /** Told about each answered completion (for logs and the load benchmark). */
  onCompletion?: (event: { choices: number; promptTokens: number; completionTokens: number; ms: number }) => void;
}

/**
 * Serves a local Plan-Execute policy as an OpenAI-compatible endpoint: `GET /v1/models` and
 * `POST /v1/chat/completions`, whole or streamed (SSE). Concurrent requests (and the `n` choices of
 * one) are decoded together in one batched forward pass by the policy, up to its `maxBatchSize`.
 */
export async function servePolicy(options: ServePolicyOptions): Promise<HttpServerHandle> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_CHAT_BODY_LIMIT;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new InvalidInputError(`maxBodyBytes must be a positive integer, got ${maxBodyBytes}`);
  if (options.apiKey !== undefined && options.apiKey === "") throw new InvalidInputError("apiKey must not be empty (leave it out to serve without a key)");
  const host = new ChatCompletionsHost(options, maxBodyBytes);
  return serveHttp({
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    handle: (request, response) => host.handle(request, response),
    ...(options.onError ? { onError: options.onError } : {}),
    closeAll: async () => undefined,
  });
}

class ChatCompletionsHost {
  private readonly modelName: string;
  private readonly created = Math.floor(Date.now() / 1000);
  private readonly keyDigest: Buffer | undefined;

  constructor(
    private readonly options: ServePolicyOptions,
    private readonly maxBodyBytes: number,
  ) {
    this.modelName = options.modelName ?? "hiper-local";
    this.keyDigest = options.apiKey === undefined ? undefined : digest(options.apiKey);
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://localhost");
    const route = `${request.method ?? "?"} ${url.pathname}`;
    try {
      this.authorize(request);
      if (url.pathname === "/v1/models" || url.pathname.startsWith("/v1/models/")) {
        allowMethod(request, "GET", route);
        return sendJson(response, 200, this.models(decodeURIComponent(url.pathname.slice("/v1/models/".length))));
      }
      if (url.pathname === "/v1/chat/completions") {
        allowMethod(request, "POST", route);
        return await this.chatCompletion(request, response);
      }
      throw new OpenAIHttpError(404, `Invalid URL (${route})`, { code: "unknown_url" });
    } catch (error) {
      if (response.headersSent) {
        // A stream already started: all that is left is to end it.
        this.options.onError?.(error, route);
        response.end();
        return;
      }
      const failure = error instanceof OpenAIHttpError ? error : new OpenAIHttpError(500, `the server failed: ${describeError(error)}`);
      if (failure.status >= 500) this.options.onError?.(error, route);
      sendJson(response, failure.status, failure.body());
    }
  }

  private authorize(request: IncomingMessage): void {
    if (this.keyDigest === undefined) return;
    const header = request.headers.authorization ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) throw new OpenAIHttpError(401, "You didn't provide an API key: send `Authorization: Bearer <key>`.", { code: "invalid_api_key" });
    // Compare digests in constant time, so the key cannot be guessed byte by byte from timings.
    if (!timingSafeEqual(digest(match[1] as string), this.keyDigest)) throw new OpenAIHttpError(401, "Incorrect API key provided.", { code: "invalid_api_key" });
  }

  private models(id: string): ModelList | ModelList["data"][number] {
    const model = { id: this.modelName, object: "model" as const, created: this.created, owned_by: "hiper" };
    if (id === "") return { object: "list", data: [model] };
    if (id !== this.modelName) throw this.unknownModel(id);
    return model;
  }

  private unknownModel(id: string): OpenAIHttpError {
    return new OpenAIHttpError(404, `The model \`${id}\` does not exist; this server serves \`${this.modelName}\`.`, { code: "model_not_found", param: "model" });
  }

  private async chatCompletion(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    const body = parseBody(await readJsonBody(request, this.maxBodyBytes));
    if (body.model !== this.modelName) throw this.unknownModel(body.model);
    const turnRequest = turnRequestFromMessages(body.messages);
    const maxTokens = minDefined(body.max_tokens, body.max_completion_tokens);
    const n = body.n ?? 1;
    const topLogprobs = body.logprobs ? (body.top_logprobs ?? 0) : 0;
    const sampling = {
      ...(body.temperature != null ? { temperature: body.temperature } : {}),
      ...(maxTokens !== undefined ? { maxNewTokens: Math.min(maxTokens, this.options.policy.decoding.maxNewTokens) } : {}),
      ...(topLogprobs > 0 ? { topLogprobs } : {}),
    };
    let turns: LocalTurn[];
    try {
      // The n choices join whatever else is waiting: one batch.
      turns = await Promise.all(Array.from({ length: n }, () => this.options.policy.complete(turnRequest, sampling)));
    } catch (error) {
      throw new OpenAIHttpError(500, `decoding failed: ${describeError(error)}`);
    }
    const stop = body.stop == null ? [] : typeof body.stop === "string" ? [body.stop] : body.stop;
    const choices = turns.map((turn) => completionChoice(turn, this.options.policy.vocabulary, { stop, logprobs: body.logprobs === true, topLogprobs }));
    const promptIds = (turns[0] as LocalTurn).promptIds;
    const completionTokens = choices.reduce((sum, choice) => sum + choice.tokenIds.length, 0);
    const usage: CompletionUsage = { prompt_tokens: promptIds.length, completion_tokens: completionTokens, total_tokens: promptIds.length + completionTokens };
    const head = { id: `chatcmpl-${randomUUID()}`, created: Math.floor(Date.now() / 1000), model: this.modelName, system_fingerprint: "hiper-local" };
    if (body.stream) writeStream(response, head, choices, body.stream_options?.include_usage ? usage : undefined);
    else sendJson(response, 200, completionBody(head, choices, usage, promptIds));
    this.options.onCompletion?.({ choices: n, promptTokens: usage.prompt_tokens, completionTokens, ms: performance.now() - started });
  }
}

type Head = Pick<ChatCompletion, "id" | "created" | "model" | "system_fingerprint">;

function completionBody(head: Head, choices: readonly CompletionChoice[], usage: CompletionUsage, promptIds: number[]): ChatCompletion {
  return {
    ...head,
    object: "chat.completion",
    choices: choices.map((choice, index) => ({
      index,
      message: { role: "assistant", content: choice.content, refusal: null },
      logprobs: choice.logprobs === null ? null : { content: choice.logprobs, refusal: null },
      finish_reason: choice.finishReason,
      token_ids: choice.tokenIds,
    })),
    usage,
    prompt_token_ids: promptIds,
  };
}

/**
 * Server-sent events in OpenAI's order: a role chunk per choice, one chunk per token (with its
 * logprobs and id), a closing chunk with the finish reason, the usage chunk if asked, `[DONE]`.
 * The batch is decoded before the first byte goes out, so the chunks arrive together.
 */
function writeStream(response: ServerResponse, head: Head, choices: readonly CompletionChoice[], usage: CompletionUsage | undefined): void {
  response.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" });
  const send = (choicesOfChunk: ChatCompletionChunk["choices"], extra: Partial<ChatCompletionChunk> = {}) => {
    const chunk: ChatCompletionChunk = { ...head, object: "chat.completion.chunk", choices: choicesOfChunk, ...extra };
    response.write(`data: ${JSON.stringify(chunk)}\n\n`);
  };
  choices.forEach((choice, index) => {
    send([{ index, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }]);
    choice.deltas.forEach((content, at) => {
      const tokenId = choice.tokenIds[at];
      const logprob = choice.logprobs?.[at];
      send([
        {
          index,
          delta: { content },
          logprobs: logprob === undefined ? null : { content: [logprob], refusal: null },
          finish_reason: null,
          ...(tokenId !== undefined ? { token_ids: [tokenId] } : {}),
        },
      ]);
    });
    send([{ index, delta: {}, logprobs: null, finish_reason: choice.finishReason }]);
  });
  if (usage) send([], { usage });
  response.end("data: [DONE]\n\n");
}

function parseBody(body: Awaited<ReturnType<typeof readJsonBody>>): ChatCompletionRequest {
  if (!body.ok) {
    if (body.reason === "too-large") throw new OpenAIHttpError(413, body.message, { code: "request_too_large" });
    throw new OpenAIHttpError(400, `We could not parse the JSON body of your request: ${body.message}`, { code: "invalid_json" });
  }
  const parsed = ChatCompletionRequest.safeParse(body.value);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0] as z.core.$ZodIssue;
  const param = first.path.map(String).join(".") || null;
  const message = parsed.error.issues.map((issue) => `${issue.path.map(String).join(".") || "(body)"}: ${issue.message}`).join("; ");
  throw new OpenAIHttpError(400, `Invalid request: ${message}`, { code: "invalid_value", param });
}

function allowMethod(request: IncomingMessage, method: string, route: string): void {
  if (request.method !== method) throw new OpenAIHttpError(405, `Method not allowed (${route}); use ${method}`, { code: "method_not_allowed" });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

function digest(key: string): Buffer {
  return createHash("sha256").update(key, "utf8").digest();
}

function minDefined(...values: Array<number | null | undefined>): number | undefined {
  const given = values.filter((value): value is number => typeof value === "number");
  return given.length === 0 ? undefined : Math.min(...given);
}
