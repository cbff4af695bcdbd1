import { checkEnvironmentConformance, EpisodeFinishedError, formatConformanceReport, parsePlanExecute, Step as StepSchema } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { WebshopExpertPolicy } from "../experts/expert-policy.js";
import { embeddedWorld } from "../test-support/embedded-world.js";
import { WebshopEnvironment } from "./webshop-environment.js";

const world = embeddedWorld();

/** Drives `environment` with the expert until the episode ends; returns the last step. */
async function playExpert(environment: WebshopEnvironment, seed: number) {
  const expert = new WebshopExpertPolicy();
  let observation = await environment.reset({ seed });
  let subgoal = "None";
  for (let step = 0; ; step += 1) {
    const output = await expert.act({ envId: "webshop", promptStyle: "webshop", task: observation.task, observation, step, history: [], currentSubgoal: subgoal });
    const parsed = parsePlanExecute(output.text, { style: "webshop" });
    subgoal = parsed.subgoal;
    const result = await environment.step(parsed.action);
    if (result.done || result.truncated) return result;
    observation = result.observation;
  }
}

describe("WebshopEnvironment", () => {
  it("passes the conformance kit (the expert ends episodes)", async () => {
    const solvers = new Map<object, { expert: WebshopExpertPolicy; subgoal: string }>();
    const report = await checkEnvironmentConformance({
      create: () => new WebshopEnvironment({ world }),
      seeds: [0, 1, 2, 3],
      taskIds: ["17", "fixed_42"],
      maxSteps: 15,
      solve: async ({ environment, observation, step }) => {
        if (step === 0) solvers.set(environment, { expert: new WebshopExpertPolicy(), subgoal: "None" });
        const solver = solvers.get(environment) as { expert: WebshopExpertPolicy; subgoal: string };
        const output = await solver.expert.act({ envId: "webshop", promptStyle: "webshop", task: observation.task, observation, step, history: [], currentSubgoal: solver.subgoal });
        const parsed = parsePlanExecute(output.text, { style: "webshop" });
        solver.subgoal = parsed.subgoal;
        return parsed.action;
      },
    });
    expect(report.passed, formatConformanceReport(report)).toBe(true);
    expect(report.checks.filter((check) => check.skipped)).toEqual([]);
  });

  it("resets by task id (N or fixed_N), by seed over the goal indices, and in turn", async () => {
    const environment = new WebshopEnvironment({ world, goalIndices: [5, 6, 7] });
    const byTask = await environment.reset({ taskId: "fixed_12" });
    expect(environment.currentGoalIndex).toBe(12);
    expect(byTask.task).toBe(world.goals[12]?.instruction_text);
    expect(byTask.text).toBe(`WebShop [SEP] Instruction: [SEP] ${byTask.task} [SEP] Search`);
    expect(byTask.admissibleActions).toEqual(["search[<your query>]"]);
    await environment.reset({ taskId: "12" });
    expect(environment.currentGoalIndex).toBe(12);
    await environment.reset({ seed: 4 });
    expect(environment.currentGoalIndex).toBe(6);
    await environment.reset({ seed: -1 });
    expect(environment.currentGoalIndex).toBe(7);
    const fresh = new WebshopEnvironment({ world, goalIndices: [5, 6, 7] });
    const order = [];
    for (let i = 0; i < 4; i += 1) {
      await fresh.reset();
      order.push(fresh.currentGoalIndex);
    }
    expect(order).toEqual([5, 6, 7, 5]);
    await expect(environment.reset({ taskId: "abc" })).rejects.toThrow(/not a goal index/);
    await expect(environment.reset({ taskId: String(world.goals.length) })).rejects.toThrow(/not a goal index/);
    expect(() => new WebshopEnvironment({ world, goalIndices: [] })).toThrow(/no goals/);
    expect(() => new WebshopEnvironment({ world, goalIndices: [world.goals.length] })).toThrow(/outside/);
  });

  it("lists click[search] only on request; records invalid actions as no-ops", async () => {
    const upstreamList = new WebshopEnvironment({ world, listClickSearch: true });
    expect((await upstreamList.reset({ seed: 0 })).admissibleActions).toEqual(["search[<your query>]", "click[search]"]);
    const refused = await upstreamList.step("click[search]");
    expect(refused).toMatchObject({ reward: 0, done: false, truncated: false, info: { valid: false, won: false, score: 0, page: "search", steps: 1 } });

    const environment = new WebshopEnvironment({ world });
    const start = await environment.reset({ seed: 3 });
    for (const action of ["", "search[]", "click[buy now]", "Search[shoes]", "click[b000000000]"]) {
      const step = await environment.step(action);
      expect(step.observation, action).toEqual(start);
      expect(step.info.valid).toBe(false);
    }
    const results = await environment.step("search[shoes]");
    expect(results.info).toMatchObject({ valid: true, page: "results", taskType: world.goals[environment.currentGoalIndex]?.category });
    expect(results.observation.admissibleActions?.slice(0, 2)).toEqual(["click[back to search]", "click[next >]"]);
  });

  it("ends on buy now with the raw reward (score mode) or winReward · won (won mode), then refuses to step", async () => {
    const score = new WebshopEnvironment({ world });
    const won = new WebshopEnvironment({ world, rewardMode: "won", winReward: 10 });
    let compared = 0;
    for (let seed = 0; seed < 12; seed += 1) {
      const a = await playExpert(score, seed);
      const b = await playExpert(won, seed);
      expect(StepSchema.safeParse(a).success).toBe(true);
      expect(a.done).toBe(true);
      expect(a.info.score).toBe(b.info.score);
      expect(a.reward).toBe(a.info.score);
      expect(b.reward).toBe(b.info.won ? 10 : 0);
      expect(a.info.won).toBe(a.info.score === 1);
      expect(a.info.rewardDetails).toHaveProperty("r_type");
      expect(a.observation.text).toMatch(/^Thank you for shopping with us! \[SEP\] Your code: /);
      expect(a.observation.admissibleActions).toEqual([]);
      await expect(score.step("search[more]")).rejects.toBeInstanceOf(EpisodeFinishedError);
      compared += 1;
    }
    expect(compared).toBe(12);
  });

  it("truncates at maxSteps without a purchase (reward 0, not done)", async () => {
    const environment = new WebshopEnvironment({ world, maxSteps: 3 });
    await environment.reset({ seed: 0 });
    const steps = [await environment.step("search[a]"), await environment.step("click[next >]"), await environment.step("click[next >]")];
    expect(steps.map((step) => [step.done, step.truncated, step.reward])).toEqual([
      [false, false, 0],
      [false, false, 0],
      [false, true, 0],
    ]);
    await expect(environment.step("click[< prev]")).rejects.toBeInstanceOf(EpisodeFinishedError);
  });

  it("exposes the page for the AgentGym routes: text, available actions, instruction heading, state", async () => {
    const environment = new WebshopEnvironment({ world });
    await expect(environment.pageText()).rejects.toThrow(/reset/);
    const start = await environment.reset({ taskId: "3" });
    expect(await environment.pageText()).toBe(start.text);
    expect(await environment.availableActions()).toEqual({ hasSearchBar: true, clickables: ["search"] });
    expect(await environment.instructionText()).toBe(`Instruction: ${start.task}`);
    expect(await environment.pageState()).toEqual({ url: "http://127.0.0.1:3000/fixed_3", html: "", instruction_text: `Instruction: ${start.task}` });
    await environment.step("search[red shoes]");
    expect((await environment.pageState()).url).toBe("http://127.0.0.1:3000/search_results/fixed_3/%5B%27red%27%2C%20%27shoes%27%5D/1");
    expect(await environment.instructionText()).toBe(`Instruction:${start.task}`);
  });
});
