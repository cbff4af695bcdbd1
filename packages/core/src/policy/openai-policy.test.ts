import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { get_encoding } from "tiktoken";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HiperError, InvalidInputError, PolicyError, PolicyTimeoutError } from "../errors/index.js";
import { renderPrompt } from "../protocol/render-prompt.js";
import { ConcurrencyLimiter } from "../util/concurrency-limiter.js";
import { OpenAIPolicy } from "./openai-policy.js";
import type { OpenAIPolicyOptions } from "./openai-policy-options.js";
import type { PolicyInput } from "./policy.js";

// The real `openai` client over real HTTP, against a chat-completions server on 127.0.0.1.

interface ReceivedRequest {
  body: { model: string; messages: Array<{ role: string; content: string }>; [key: string]: unknown };
  headers: IncomingMessage["headers"];
  /** Destroys the connection (a reset, as the client sees it). */
  resetConnection(): void;
}

/** How the server answers request number `index` (0-based). */
type Handler = (request: ReceivedRequest, response: ServerResponse, index: number) => void | Promise<void>;

interface LocalServer {
  baseURL: string;
  requests: ReceivedRequest[];
  /** The most requests the server ever had open at once. */
  peakInFlight: number;
  close(): Promise<void>;
}

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServer(handler: Handler): Promise<LocalServer> {
  let inFlight = 0;
  const state: LocalServer = { baseURL: "", requests: [], peakInFlight: 0, close: async () => {} };
  const server = createServer((request, response) => {
    inFlight++;
    state.peakInFlight = Math.max(state.peakInFlight, inFlight);
    response.on("close", () => inFlight--);
    const chunks: Buffer[] = [];
    const socket = request.socket;
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const received: ReceivedRequest = {
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
        headers: request.headers,
        resetConnection: () => socket.destroy(),
      };
      const index = state.requests.push(received) - 1;
      void handler(received, response, index);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  servers.push(state);
  return state;
}

const ANSWER = "<switch>SWITCH</switch>\n<subgoal>find a mug</subgoal>\n<action>go to countertop 1</action>";

/** A chat completion whose log-probs split `text` into tags, words and spaces. */
function completionBody(text: string, usage = { prompt_tokens: 100, completion_tokens: 20 }): string {
  const pieces = text.match(/<[^>]+>|\s+|[^<\s]+/g) ?? [];
  return JSON.stringify({
    id: "chatcmpl-test",
    object: "chat.completion",
    model: "test-model",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text },
        finish_reason: "stop",
        logprobs: { content: pieces.map((token, i) => ({ token, logprob: -0.01 * (i + 1), bytes: [...Buffer.from(token)], top_logprobs: [] })) },
      },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  });
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(body);
}

const answerWell: Handler = (_request, response) => send(response, 200, completionBody(ANSWER));

function policyFor(server: LocalServer, options: Partial<OpenAIPolicyOptions> = {}): OpenAIPolicy {
  return new OpenAIPolicy({
    model: "test-model",
    baseURL: server.baseURL,
    apiKey: "test-key",
    initialBackoffMs: 1,
    maxBackoffMs: 5,
    timeoutMs: 2_000,
    ...options,
  });
}

function turnInput(overrides: Partial<PolicyInput> = {}): PolicyInput {
  return {
    envId: "alfworld",
    promptStyle: "alfworld",
    task: "put a clean mug in the coffee machine",
    observation: {
      text: "You are in the middle of a room. Looking quickly around you, you see a countertop 1 and a sinkbasin 1.",
      task: "put a clean mug in the coffee machine",
      admissibleActions: ["go to countertop 1", "go to sinkbasin 1", "look"],
    },
    step: 3,
    history: [
      { turn: 2, observation: "You arrive at cabinet 1. The cabinet 1 is closed.", action: "open cabinet 1" },
      { turn: 3, observation: "You open the cabinet 1. The cabinet 1 is empty.", action: "go to countertop 1" },
    ],
    currentSubgoal: "find a mug",
    ...overrides,
  };
}

describe("OpenAIPolicy over HTTP", () => {
  it("sends the rendered prompt, stores log-probs and adds up usage", async () => {
    const server = await startServer(answerWell);
    const policy = policyFor(server, { temperature: 0.4, maxTokens: 256 });
    const input = turnInput();
    const output = await policy.act(input);

    const sent = server.requests[0];
    expect(sent?.body.model).toBe("test-model");
    expect(sent?.body.messages).toEqual([{ role: "user", content: renderPrompt(input) }]);
    expect(sent?.body.messages[0]?.content).toContain("open cabinet 1");
    expect(sent?.body).toMatchObject({ temperature: 0.4, max_tokens: 256, logprobs: true });
    expect(sent?.headers.authorization).toBe("Bearer test-key");

    expect(output.text).toBe(ANSWER);
    expect(output.prompt).toBe(renderPrompt(input));
    expect(output.tokens?.pieces?.join("")).toBe(ANSWER);
    expect(output.tokens?.ids).toEqual([]);
    expect(output.tokens?.logprobs?.slice(0, 2)).toEqual([-0.01, -0.02]);
    expect(output.tokens?.logprobs).toHaveLength(output.tokens?.pieces?.length ?? -1);
    expect(output.usage).toEqual({ promptTokens: 100, completionTokens: 20 });
    expect(output.extra).toMatchObject({ attempts: 1, finishReason: "stop" });

    await policy.act(input);
    expect(policy.usage()).toEqual({ promptTokens: 200, completionTokens: 40, answered: 2, attempts: 2, failures: 0 });
    await policy.close();
  });

  it("sends a placeholder key when none is configured, and merges extraBody", async () => {
    vi.stubEnv("OPENAI_API_KEY", "");
    try {
      const server = await startServer(answerWell);
      const policy = new OpenAIPolicy({ model: "test-model", baseURL: server.baseURL, logprobs: false, extraBody: { return_token_ids: true } });
      await policy.act(turnInput());
      expect(server.requests[0]?.headers.authorization).toBe("Bearer no-key");
      expect(server.requests[0]?.body.return_token_ids).toBe(true);
      expect(server.requests[0]?.body).not.toHaveProperty("logprobs");
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("retries a 429, waiting as long as Retry-After asks, up to the cap", async () => {
    const server = await startServer((_request, response, index) => {
      if (index === 0) send(response, 429, '{"error":{"message":"slow down"}}', { "retry-after-ms": "150" });
      else if (index === 1) send(response, 429, '{"error":{"message":"slow down"}}', { "retry-after": "30" });
      else answerWell(_request, response, index);
    });
    const policy = policyFor(server, { maxRetryAfterMs: 100 });
    const started = performance.now();
    const output = await policy.act(turnInput());
    const elapsed = performance.now() - started;
    expect(output.text).toBe(ANSWER);
    expect(output.extra).toMatchObject({ attempts: 3 });
    expect(String(output.extra?.["lastError"])).toContain("429");
    // 150 ms asked and capped at 100, then 30 s asked and capped at 100.
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(2_000);
  });

  it("retries 5xx until success, and gives up with the status after its retries", async () => {
    const flaky = await startServer((request, response, index) => {
      if (index < 2) send(response, 500 + index, '{"error":{"message":"internal"}}');
      else answerWell(request, response, index);
    });
    const output = await policyFor(flaky).act(turnInput());
    expect(output.extra?.["attempts"]).toBe(3);
    expect(flaky.requests).toHaveLength(3);

    const dead = await startServer((_request, response) => send(response, 503, '{"error":{"message":"overloaded"}}'));
    const policy = policyFor(dead, { maxRetries: 2 });
    const error = await policy.act(turnInput()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PolicyError);
    expect(error).toMatchObject({ code: "policy", status: 503, attempts: 3, policyId: "openai:test-model" });
    expect((error as PolicyError).message).toContain("overloaded");
    expect(policy.usage()).toMatchObject({ answered: 0, attempts: 3, failures: 1 });
  });

  it("does not retry a client error", async () => {
    const server = await startServer((_request, response) => send(response, 400, '{"error":{"message":"bad model"}}'));
    const error = await policyFor(server).act(turnInput()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "policy", status: 400, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it("times out a stalled response and retries it; all stalled ends as PolicyTimeoutError", async () => {
    const stallFirst = await startServer((request, response, index) => {
      if (index === 0) return; // never answer
      if (index === 1) {
        // headers, then a body that never ends: the timer covers the body too
        response.writeHead(200, { "content-type": "application/json" });
        response.write('{"choices": [');
        return;
      }
      answerWell(request, response, index);
    });
    const output = await policyFor(stallFirst, { timeoutMs: 400 }).act(turnInput());
    expect(output.extra).toMatchObject({ attempts: 3 });
    expect(String(output.extra?.["lastError"])).toContain("400 ms");

    const stallAll = await startServer(() => {});
    const started = performance.now();
    const error = await policyFor(stallAll, { timeoutMs: 100, maxRetries: 2 })
      .act(turnInput())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PolicyTimeoutError);
    expect(error).toMatchObject({ code: "policy_timeout", timeoutMs: 100, attempts: 3 });
    expect(HiperError.isInstance(error)).toBe(true);
    expect(stallAll.requests).toHaveLength(3);
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it("retries malformed bodies and ends with a PolicyError that says why", async () => {
    const once = await startServer((request, response, index) => {
      if (index === 0) send(response, 200, "{ not json");
      else answerWell(request, response, index);
    });
    const output = await policyFor(once).act(turnInput());
    expect(output.extra).toMatchObject({ attempts: 2 });
    expect(String(output.extra?.["lastError"])).toContain("not JSON");

    const noChoices = await startServer((_request, response) => send(response, 200, '{"id": "x", "object": "chat.completion"}'));
    const error = await policyFor(noChoices, { maxRetries: 1 })
      .act(turnInput())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PolicyError);
    expect(error).toMatchObject({ attempts: 2, status: undefined });
    expect((error as PolicyError).message).toMatch(/malformed response: .*choices/);

    const noContent = await startServer((_request, response) =>
      send(response, 200, JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: null } }] })),
    );
    const empty = await policyFor(noContent, { maxRetries: 0 })
      .act(turnInput())
      .catch((caught: unknown) => caught);
    expect((empty as PolicyError).message).toContain("no message content");
  });

  it("retries a connection reset before and after the headers", async () => {
    const server = await startServer((request, response, index) => {
      if (index === 0) {
        request.resetConnection();
        return;
      }
      if (index === 1) {
        response.writeHead(200, { "content-type": "application/json" });
        response.write('{"choices": [{"message": {"content": "half');
        setTimeout(() => request.resetConnection(), 10);
        return;
      }
      answerWell(request, response, index);
    });
    const output = await policyFor(server).act(turnInput());
    expect(output.text).toBe(ANSWER);
    expect(output.extra).toMatchObject({ attempts: 3 });
    expect(String(output.extra?.["lastError"])).toContain("connection failed");
  });

  it("keeps at most `concurrency` requests in flight, also across policies sharing a limiter", async () => {
    const server = await startServer((request, response, index) => {
      setTimeout(() => answerWell(request, response, index), 40);
    });
    const policy = policyFor(server, { concurrency: 2 });
    const outputs = await Promise.all(Array.from({ length: 6 }, () => policy.act(turnInput())));
    expect(outputs.every((output) => output.text === ANSWER)).toBe(true);
    expect(server.requests).toHaveLength(6);
    expect(server.peakInFlight).toBe(2);

    const shared = await startServer((request, response, index) => {
      setTimeout(() => answerWell(request, response, index), 40);
    });
    const limiter = new ConcurrencyLimiter(3);
    const options = { model: "test-model", baseURL: shared.baseURL, apiKey: "k" };
    const policies = [new OpenAIPolicy(options, { limiter }), new OpenAIPolicy(options, { limiter })];
    await Promise.all(Array.from({ length: 8 }, (_, i) => policies[i % 2]?.act(turnInput())));
    expect(shared.peakInFlight).toBe(3);
  });

  it("trims the history, oldest first, to fit contextTokens - maxTokens", async () => {
    const server = await startServer(answerWell);
    const long = (label: string) => `${label}: ${"the kitchen has a drawer and a shelf and a fridge. ".repeat(40)}`;
    const input = turnInput({
      step: 3,
      history: [
        { turn: 1, observation: long("oldest"), action: "go to drawer 1" },
        { turn: 2, observation: long("middle"), action: "go to shelf 1" },
        { turn: 3, observation: long("newest"), action: "go to fridge 1" },
      ],
    });
    // Room for the prompt with the newest entry only (16 tokens are kept for the chat template).
    const keptInput = { ...input, history: input.history.slice(2) };
    const encoder = get_encoding("o200k_base");
    const keptTokens = encoder.encode_ordinary(renderPrompt(keptInput)).length;
    encoder.free();
    const maxTokens = 64;
    const policy = policyFor(server, { maxTokens, contextTokens: keptTokens + maxTokens + 16 });

    const output = await policy.act(input);
    expect(output.prompt).toBe(renderPrompt(keptInput));
    expect(server.requests[0]?.body.messages[0]?.content).toContain("newest:");
    expect(server.requests[0]?.body.messages[0]?.content).not.toContain("oldest:");
    expect(output.extra).toMatchObject({ droppedHistory: 2, promptTokensEstimate: keptTokens });

    // With a larger window nothing is dropped.
    const roomy = await policyFor(server, { maxTokens, contextTokens: 32_768 }).act(input);
    expect(roomy.prompt).toBe(renderPrompt(input));
    expect(roomy.extra).not.toHaveProperty("droppedHistory");
    await policy.close();
  });

  it("stops at once when the caller aborts", async () => {
    const server = await startServer(() => {});
    const controller = new AbortController();
    const pending = policyFor(server, { timeoutMs: 10_000 }).act(turnInput(), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user stop")), 50);
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).message).toContain("aborted by the caller");
    expect(server.requests).toHaveLength(1);
  });

  it("rejects bad options", () => {
    expect(() => new OpenAIPolicy({ model: "" })).toThrow(InvalidInputError);
    expect(() => new OpenAIPolicy({ model: "m", baseURL: "not a url" })).toThrow(InvalidInputError);
    expect(() => new OpenAIPolicy({ model: "m", maxTokens: 512, contextTokens: 512 })).toThrow(/contextTokens/);
  });
});
