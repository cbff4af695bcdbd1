import { createServer } from "node:http";
import { mkdtemp } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTrajectories } from "@hiper/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHostedAgent } from "../src/hosted-agent.js";

// A local OpenAI-compatible server stands in for the hosted model: it reads the prompt and
// answers in the Plan-Execute format, choosing the first admissible action it lists.
const prompts: string[] = [];
const server = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
  request.on("end", () => {
    const prompt = (JSON.parse(body) as { messages: Array<{ content: string }> }).messages[0]?.content ?? "";
    prompts.push(prompt);
    const action = /\[\s*'([^']+)'/.exec(prompt)?.[1] ?? "look";
    const content = `<switch>SWITCH</switch>\n<subgoal>explore the house</subgoal>\n<action>${action}</action>`;
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ id: "x", object: "chat.completion", model: "m", created: 0, choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } }));
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.OPENAI_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  process.env.OPENAI_API_KEY = "test-key";
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("examples/custom-agent", () => {
  it("plays houses with a hosted model and saves every episode", async () => {
    const out = join(await mkdtemp(join(tmpdir(), "hiper-agent-")), "agent.jsonl");
    const summary = await runHostedAgent({ model: "test-model", episodes: 3, out });
    expect(summary).toMatchObject({ env: "house", policy: "openai:test-model", episodes: 3, failed: 0 });
    const { episodes } = await readTrajectories(out);
    expect(episodes).toHaveLength(3);
    for (const episode of episodes) {
      expect(episode.turns.every((turn) => turn.parsed.valid)).toBe(true);
      expect(episode.usage?.promptTokens).toBe(10 * episode.steps);
    }
    expect(prompts[0]).toContain(episodes[0]?.task);
    expect(prompts.length).toBe(episodes.reduce((sum, e) => sum + e.steps, 0));
  });
});
