import { describe, expect, it } from "vitest";
import { MalformedResponseError, parseCompletionBody } from "./openai-response.js";

const body = (choice: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: "x", object: "chat.completion", choices: [{ index: 0, ...choice }], ...extra });

describe("parseCompletionBody", () => {
  it("reads text, pieces, log-probs and usage", () => {
    const parsed = parseCompletionBody(
      body(
        {
          message: { role: "assistant", content: "ab" },
          finish_reason: "stop",
          logprobs: { content: [{ token: "a", logprob: -0.5, bytes: [97], top_logprobs: [] }, { token: "b", logprob: -1, bytes: [98] }] },
        },
        { usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 } },
      ),
    );
    expect(parsed).toEqual({
      text: "ab",
      finishReason: "stop",
      tokens: { ids: [], pieces: ["a", "b"], logprobs: [-0.5, -1] },
      usage: { promptTokens: 10, completionTokens: 2 },
      warnings: [],
    });
  });

  it("takes token ids from vLLM's token_ids or token_id:<n> pieces", () => {
    const withIds = parseCompletionBody(
      body({ message: { content: "ab" }, token_ids: [5, 6], logprobs: { content: [{ token: "a", logprob: -1 }, { token: "b", logprob: -2 }] } }),
    );
    expect(withIds.tokens).toEqual({ ids: [5, 6], pieces: ["a", "b"], logprobs: [-1, -2] });
    const asPieces = parseCompletionBody(
      body({ message: { content: "ab" }, logprobs: { content: [{ token: "token_id:5", logprob: -1 }, { token: "token_id:6", logprob: -2 }] } }),
    );
    expect(asPieces.tokens).toEqual({ ids: [5, 6], logprobs: [-1, -2] });
  });

  it("keeps the text when optional parts are unreadable, with warnings", () => {
    const parsed = parseCompletionBody(body({ message: { content: "ok" }, logprobs: { content: "nope" } }, { usage: { prompt_tokens: "many" } }));
    expect(parsed.text).toBe("ok");
    expect(parsed.tokens).toBeUndefined();
    expect(parsed.usage).toBeUndefined();
    expect(parsed.warnings).toEqual(["logprobs present but unreadable", "usage present but unreadable"]);
  });

  it("rejects bodies it cannot use", () => {
    expect(() => parseCompletionBody("<html>oops")).toThrow(MalformedResponseError);
    expect(() => parseCompletionBody("{}")).toThrow(/choices/);
    expect(() => parseCompletionBody('{"choices": []}')).toThrow(/empty/);
    expect(() => parseCompletionBody(body({ message: { content: null } }))).toThrow(/no message content/);
  });
});
