import { type EpisodeRecord, type HttpServerHandle, OpenAIPolicy, parsePlanExecute, type PolicyInput, recordedTurnInputs, renderPrompt, runEpisode, runRollouts } from "@hiper/core";
import { alfworldEnvironmentRegistration } from "@hiper/env-alfworld";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend.js";
import { demonstrationTurns } from "../data/turn-sequence.js";
import { PolicyModel } from "../model/policy-model.js";
import { Vocabulary } from "../model/vocabulary.js";
import { renderCompactPrompt } from "../policy/compact-prompt.js";
import { LocalPolicy } from "../policy/local-policy.js";
import { servePolicy } from "./policy-server.js";

// The official openai client (6.x) against `servePolicy` over real HTTP, with a small untrained
// model: its words are random, but the grammar keeps every reply well formed and admissible.

const registration = alfworldEnvironmentRegistration;
const HISTORY = 4;
const KEY = "test-key";

let demos: EpisodeRecord[];
let policy: LocalPolicy;
let server: HttpServerHandle;
let client: OpenAI;

/** The hosted prompt of one recorded explorer turn, and the input behind it. */
function promptOf(episode: EpisodeRecord, turnIndex: number): { input: PolicyInput; prompt: string } {
  const found = [...recordedTurnInputs(episode, { promptStyle: "alfworld", historyLength: HISTORY })][turnIndex];
  if (!found) throw new Error("no such turn");
  return { input: found.input, prompt: renderPrompt(found.input) };
}

beforeAll(async () => {
  await selectBackend({ backend: "wasm" });
  const explorer = registration.policies?.explorer;
  if (!explorer) throw new Error("alfworld has no explorer");
  demos = await runRollouts({
    envId: "alfworld",
    createEnvironment: () => registration.create({}),
    policy: (environment) => explorer.create({ environment, seed: 0 }),
    promptStyle: "alfworld",
    tasks: [{ seed: 0 }, { seed: 1 }],
    maxSteps: 50,
    historyLength: HISTORY,
  });
  const texts = [...demonstrationTurns(demos, HISTORY)].flatMap(({ turn, prompt, response }) => [prompt, response ?? "", ...(turn.admissibleActions ?? [])]);
  const vocabulary = Vocabulary.build(texts);
  const model = new PolicyModel({ vocabSize: vocabulary.size, contextLength: 512, modelDim: 32, heads: 4, layers: 1, seed: 5 });
  // Room for the grammar's longest reply (16 subgoal and 24 action tokens, and the tags): a reply
  // cut by the budget would be malformed, and which replies run long depends on how requests batch.
  policy = new LocalPolicy({ model, vocabulary, seed: 1, historyLength: HISTORY, batchWindowMs: 20, decoding: { maxNewTokens: 64 } });
  server = await servePolicy({ policy, modelName: "tiny", apiKey: KEY });
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: KEY, maxRetries: 0 });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await policy?.close();
});

describe("hiper serve (OpenAI-compatible chat completions)", () => {
  it("lists its model", async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(["tiny"]);
    expect((await client.models.retrieve("tiny")).id).toBe("tiny");
  });

  it("answers the paper's prompt with three well-formed blocks, an admissible action, logprobs, usage and token ids", async () => {
    const { input, prompt } = promptOf(demos[0] as EpisodeRecord, 2);
    const completion = await client.chat.completions.create({ model: "tiny", messages: [{ role: "user", content: prompt }], logprobs: true, top_logprobs: 3 });
    const choice = completion.choices[0];
    if (!choice) throw new Error("no choice");
    const parsed = parsePlanExecute(choice.message.content ?? "");
    expect(parsed.valid).toBe(true);
    expect(input.observation.admissibleActions).toContain(parsed.action);
    expect(choice.finish_reason).toBe("stop");
    const tokenIds = (choice as unknown as { token_ids: number[] }).token_ids;
    const promptIds = (completion as unknown as { prompt_token_ids: number[] }).prompt_token_ids;
    expect(completion.usage).toEqual({ prompt_tokens: promptIds.length, completion_tokens: tokenIds.length, total_tokens: promptIds.length + tokenIds.length });
    // The server re-rendered the paper's prompt as the compact prompt the local model reads.
    expect(promptIds).toEqual([...policy.vocabulary.encode(renderCompactPrompt(input))]);
    expect(policy.vocabulary.decode(tokenIds).split("<action>")[0]).toBe(choice.message.content?.split("<action>")[0]);
    const content = choice.logprobs?.content ?? [];
    expect(content.map((entry) => entry.token).join("")).toBe(choice.message.content);
    expect(content).toHaveLength(tokenIds.length);
    for (const entry of content) {
      expect(entry.logprob).toBeLessThanOrEqual(0);
      expect(entry.top_logprobs.length).toBeGreaterThanOrEqual(1);
      expect(entry.top_logprobs.length).toBeLessThanOrEqual(3);
      const top = entry.top_logprobs.map((alternative) => alternative.logprob);
      expect(top).toEqual([...top].sort((a, b) => b - a));
      // The sampled token is among the alternatives, or no likelier than the last of them.
      const listed = entry.top_logprobs.find((alternative) => alternative.token === entry.token);
      if (listed) expect(listed.logprob).toBeCloseTo(entry.logprob, 6);
      else expect(entry.logprob).toBeLessThanOrEqual(top.at(-1) as number);
    }
  });

  it("streams server-sent events that add up to a valid reply, with usage at the end", async () => {
    const { input, prompt } = promptOf(demos[1] as EpisodeRecord, 1);
    const stream = await client.chat.completions.create({
      model: "tiny",
      messages: [{ role: "user", content: prompt }],
      stream: true,
      stream_options: { include_usage: true },
      logprobs: true,
    });
    let text = "";
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    let tokenCount = 0;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        text += choice.delta.content ?? "";
        tokenCount += choice.logprobs?.content?.length ?? 0;
        finish = choice.finish_reason ?? finish;
      }
      if (chunk.usage) usage = chunk.usage;
    }
    const parsed = parsePlanExecute(text);
    expect(parsed.valid).toBe(true);
    expect(input.observation.admissibleActions).toContain(parsed.action);
    expect(finish).toBe("stop");
    expect(usage?.completion_tokens).toBe(tokenCount);
  });

  it("returns n choices decoded in one batch, and batches concurrent requests", async () => {
    const { prompt } = promptOf(demos[0] as EpisodeRecord, 0);
    const before = policy.stats.batches;
    const completion = await client.chat.completions.create({ model: "tiny", messages: [{ role: "user", content: prompt }], n: 4 });
    expect(completion.choices.map((choice) => choice.index)).toEqual([0, 1, 2, 3]);
    expect(policy.stats.batches - before).toBe(1);

    const batchesBefore = policy.stats.batches;
    const responsesBefore = policy.stats.responses;
    await Promise.all(Array.from({ length: 8 }, () => client.chat.completions.create({ model: "tiny", messages: [{ role: "user", content: prompt }] })));
    expect(policy.stats.responses - responsesBefore).toBe(8);
    expect(policy.stats.batches - batchesBefore).toBeLessThan(8);
  });

  it("honours max_tokens, stop and temperature 0", async () => {
    const { prompt } = promptOf(demos[0] as EpisodeRecord, 3);
    const messages = [{ role: "user" as const, content: prompt }];
    const cut = await client.chat.completions.create({ model: "tiny", messages, max_tokens: 3 });
    expect(cut.choices[0]?.finish_reason).toBe("length");
    expect(cut.usage?.completion_tokens).toBe(3);

    const stopped = await client.chat.completions.create({ model: "tiny", messages, stop: ["</switch>"] });
    expect(stopped.choices[0]?.message.content).toMatch(/^<switch>(KEEP|SWITCH)$/);
    expect(stopped.choices[0]?.finish_reason).toBe("stop");

    const greedy = await Promise.all([0, 1].map(() => client.chat.completions.create({ model: "tiny", messages, temperature: 0 })));
    expect(greedy[0]?.choices[0]?.message.content).toBe(greedy[1]?.choices[0]?.message.content);
  });

  it("takes a compact prompt as it is", async () => {
    const { input } = promptOf(demos[0] as EpisodeRecord, 2);
    const completion = await client.chat.completions.create({ model: "tiny", messages: [{ role: "user", content: renderCompactPrompt(input) }] });
    const promptIds = (completion as unknown as { prompt_token_ids: number[] }).prompt_token_ids;
    expect(promptIds).toEqual([...policy.vocabulary.encode(renderCompactPrompt(input))]);
    expect(parsePlanExecute(completion.choices[0]?.message.content ?? "").valid).toBe(true);
  });

  it("refuses bad requests in OpenAI's error shape", async () => {
    const bad = (body: unknown) => client.chat.completions.create(body as OpenAI.ChatCompletionCreateParamsNonStreaming);
    await expect(bad({ model: "tiny" })).rejects.toMatchObject({ status: 400, error: { type: "invalid_request_error", param: "messages" } });
    await expect(bad({ model: "tiny", messages: [{ role: "user", content: "x" }], temperature: 7 })).rejects.toMatchObject({ status: 400, error: { param: "temperature" } });
    await expect(bad({ model: "tiny", messages: [{ role: "system", content: "only a system prompt" }] })).rejects.toMatchObject({ status: 400 });
    await expect(bad({ model: "gpt-4o", messages: [{ role: "user", content: "x" }] })).rejects.toMatchObject({ status: 404, error: { code: "model_not_found" } });
    await expect(new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "wrong", maxRetries: 0 }).models.list()).rejects.toMatchObject({ status: 401, error: { code: "invalid_api_key" } });

    const raw = (init: RequestInit & { path?: string }) => fetch(`${server.url}${init.path ?? "/v1/chat/completions"}`, init);
    const auth = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };
    const notJson = await raw({ method: "POST", headers: auth, body: "{not json" });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { type: "invalid_request_error", code: "invalid_json" } });
    const oversize = await raw({ method: "POST", headers: auth, body: JSON.stringify({ model: "tiny", messages: [{ role: "user", content: "x".repeat(2 * 1024 * 1024) }] }) });
    expect(oversize.status).toBe(413);
    expect(await oversize.json()).toMatchObject({ error: { code: "request_too_large" } });
    const noKey = await raw({ method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(noKey.status).toBe(401);
    expect((await raw({ method: "GET", headers: auth })).status).toBe(405);
    expect((await raw({ method: "GET", headers: auth, path: "/v1/embeddings" })).status).toBe(404);
  });

  it("drives our own agent loop through OpenAIPolicy", async () => {
    const remote = new OpenAIPolicy({ model: "tiny", baseURL: `${server.url}/v1`, apiKey: KEY, maxRetries: 0 });
    const environment = await registration.create({});
    try {
      const episode = await runEpisode({
        environment,
        policy: remote,
        promptStyle: "alfworld",
        reset: { seed: 7 },
        groupId: "g",
        trajectoryId: "t",
        maxSteps: 5,
        historyLength: HISTORY,
      });
      expect(episode.status).not.toBe("failed");
      expect(episode.turns).toHaveLength(5);
      for (const turn of episode.turns) {
        expect(turn.parsed.valid).toBe(true);
        expect(turn.admissibleActions).toContain(turn.executedAction);
        // The served token ids come back on the turn, so RL needs no re-tokenizing. (Only the
        // action may differ: the tiny vocabulary lacks some object names, which the trie skips.)
        const decoded = policy.vocabulary.decode(turn.tokens?.ids ?? []);
        expect(decoded.split("<action>")[0]).toBe(turn.output.split("<action>")[0]);
        expect(turn.tokens?.ids).toHaveLength(turn.usage?.completionTokens ?? -1);
      }
      expect(remote.usage().answered).toBe(5);
    } finally {
      await environment.close?.();
      await remote.close();
    }
  });
});
