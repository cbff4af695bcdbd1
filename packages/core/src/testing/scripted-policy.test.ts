import { describe, expect, it } from "vitest";
import { HiperError, PolicyError } from "../errors/index.js";
import type { PolicyInput } from "../policy/policy.js";
import { ScriptedPolicy } from "./scripted-policy.js";

const input = (step: number): PolicyInput => ({
  envId: "toy",
  promptStyle: "generic",
  task: "reach the goal",
  observation: { text: `obs ${step}`, task: "reach the goal", admissibleActions: ["left", "right"] },
  step,
  history: [],
  currentSubgoal: "None",
});

describe("ScriptedPolicy", () => {
  it("answers from a list in order and records each call", async () => {
    const policy = new ScriptedPolicy(["first", { text: "second", prompt: "p", usage: { promptTokens: 3, completionTokens: 1 } }]);
    expect(await policy.act(input(0))).toEqual({ text: "first", prompt: "" });
    expect(await policy.act(input(1))).toEqual({ text: "second", prompt: "p", usage: { promptTokens: 3, completionTokens: 1 } });
    expect(policy.calls.map((call) => call.input.step)).toEqual([0, 1]);
    expect(policy.calls[1]?.output?.text).toBe("second");
  });

  it("throws a PolicyError when the script runs out, and throws scripted errors", async () => {
    const policy = new ScriptedPolicy({ id: "dead", outputs: [new Error("server down")] });
    await expect(policy.act(input(0))).rejects.toThrow("server down");
    const exhausted = await policy.act(input(1)).catch((error: unknown) => error);
    expect(HiperError.isInstance(exhausted) && exhausted.code).toBe("policy");
    expect((exhausted as PolicyError).policyId).toBe("dead");
    expect(policy.calls).toHaveLength(2);
    expect(policy.calls[0]?.error).toBeInstanceOf(Error);
  });

  it("answers from a function of the input", async () => {
    const policy = new ScriptedPolicy((turn, { callIndex }) => `<action>${turn.observation.admissibleActions?.[callIndex % 2]}</action>`);
    expect((await policy.act(input(0))).text).toBe("<action>left</action>");
    expect((await policy.act(input(1))).text).toBe("<action>right</action>");
  });
});
