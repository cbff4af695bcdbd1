import { describe, expect, it } from "vitest";
import { PolicyError } from "../errors/index.js";
import { parsePlanExecute } from "../protocol/parse-plan-execute.js";
import type { PolicyInput } from "./policy.js";
import { RandomPolicy } from "./random-policy.js";

const threeBlocks = /^<switch>(KEEP|SWITCH)<\/switch>\n<subgoal>([^<]+)<\/subgoal>\n<action>([^<]+)<\/action>$/;

const input = (step: number, currentSubgoal: string, admissibleActions?: string[]): PolicyInput => ({
  envId: "toy",
  promptStyle: "generic",
  task: "reach the goal",
  observation: { text: "a room", task: "reach the goal", ...(admissibleActions ? { admissibleActions } : {}) },
  step,
  history: [],
  currentSubgoal,
});

/** Plays `turns` turns, feeding each turn's subgoal back as the next current subgoal. */
async function play(policy: RandomPolicy, turns: number, actions?: string[]) {
  const answers: RegExpExecArray[] = [];
  let subgoal = "None";
  for (let step = 0; step < turns; step++) {
    const output = await policy.act(input(step, subgoal, actions));
    const match = threeBlocks.exec(output.text);
    if (!match) throw new Error(`not a three-block answer: ${output.text}`);
    const parsed = parsePlanExecute(output.text, { style: "alfworld" });
    expect(parsed).toEqual({ switch: match[1], subgoal: match[2], action: match[3], valid: true, reason: null });
    answers.push(match);
    subgoal = match[2] as string;
  }
  return answers;
}

describe("RandomPolicy", () => {
  it("writes valid three-block answers: SWITCH first, KEEP copies the subgoal, admissible actions", async () => {
    const actions = ["go north", "go south", "take key"];
    const answers = await play(new RandomPolicy({ seed: 1, switchProbability: 0.3 }), 40, actions);
    expect(answers[0]?.[1]).toBe("SWITCH");
    const switches = answers.filter((match) => match[1] === "SWITCH").length;
    expect(switches).toBeGreaterThan(1);
    expect(switches).toBeLessThan(40);
    for (let turn = 1; turn < answers.length; turn++) {
      if (answers[turn]?.[1] === "KEEP") expect(answers[turn]?.[2]).toBe(answers[turn - 1]?.[2]);
      expect(actions).toContain(answers[turn]?.[3]);
    }
  });

  it("is reproducible for a seed and resumes from a saved random state", async () => {
    const texts = async (policy: RandomPolicy) => (await play(policy, 10, ["a", "b", "c", "d"])).map((match) => match[0]);
    expect(await texts(new RandomPolicy({ seed: 5 }))).toEqual(await texts(new RandomPolicy({ seed: 5 })));
    expect(await texts(new RandomPolicy({ seed: 5 }))).not.toEqual(await texts(new RandomPolicy({ seed: 6 })));
    const policy = new RandomPolicy({ seed: 9 });
    const saved = policy.random.getState();
    const first = await texts(policy);
    policy.random.setState(saved);
    expect(await texts(policy)).toEqual(first);
  });

  it("uses the fallback actions when the environment lists none, and fails without them", async () => {
    const answers = await play(new RandomPolicy({ fallbackActions: ["wait"] }), 3);
    expect(answers.map((match) => match[3])).toEqual(["wait", "wait", "wait"]);
    await expect(new RandomPolicy().act(input(0, "None"))).rejects.toThrow(PolicyError);
  });
});
