import { describe, expect, it } from "vitest";
import type { PolicyInput } from "./policy.js";
import { PromptBudget } from "./prompt-budget.js";

const input: PolicyInput = {
  envId: "toy",
  promptStyle: "generic",
  task: "t",
  observation: { text: "o", task: "t" },
  step: 2,
  history: [
    { turn: 1, observation: "first ".repeat(50), action: "a" },
    { turn: 2, observation: "second ".repeat(50), action: "b" },
  ],
  currentSubgoal: "s",
};
/** A stand-in renderer: the observations of the history, then a fixed tail. */
const render = (turn: PolicyInput) => `${turn.history.map((entry) => entry.observation).join("\n")}\nanswer now`;

describe("PromptBudget", () => {
  it("uses the model's tiktoken encoding when known, else o200k_base", () => {
    const encoding = (model: string, explicit?: "cl100k_base") => new PromptBudget({ model, contextTokens: 100, maxTokens: 10, encoding: explicit }).encoding;
    expect(encoding("gpt-4o-mini")).toBe("o200k_base");
    expect(encoding("gpt-4")).toBe("cl100k_base");
    expect(encoding("openai/gpt-4")).toBe("cl100k_base");
    expect(encoding("Qwen/Qwen2.5-7B-Instruct")).toBe("o200k_base");
    expect(encoding("gpt-4o", "cl100k_base")).toBe("cl100k_base");
  });

  it("skips counting a prompt shorter in bytes than the budget", () => {
    const budget = new PromptBudget({ model: "m", contextTokens: 10_000, maxTokens: 100 });
    expect(budget.fit(input, render)).toEqual({ prompt: render(input), droppedHistory: 0, overBudget: false });
  });

  it("drops history oldest first, and sends an over-budget prompt without history", () => {
    const budget = new PromptBudget({ model: "m", contextTokens: 100 + 16 + 60, maxTokens: 100 });
    const fitted = budget.fit(input, render);
    expect(fitted).toMatchObject({ droppedHistory: 1, overBudget: false });
    expect(fitted.prompt.startsWith("second")).toBe(true);
    expect(fitted.promptTokens).toBeLessThanOrEqual(60);

    const tiny = new PromptBudget({ model: "m", contextTokens: 100 + 16 + 1, maxTokens: 100 });
    expect(tiny.fit(input, render)).toMatchObject({ prompt: "\nanswer now", droppedHistory: 2, overBudget: true, promptTokens: 3 });
    tiny.free();
    budget.free();
  });
});
