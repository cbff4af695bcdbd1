import { parsePlanExecute } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { WebshopEnvironment } from "../environment/webshop-environment.js";
import { webshopScore } from "../reward/index.js";
import { embeddedWorld } from "../test-support/embedded-world.js";
import { embeddedWebshopData, webshopWorld } from "../environment/webshop-world.js";
import { WebshopExpertPolicy } from "./expert-policy.js";
import { WebshopSubgoals } from "./turn-text.js";

const world = embeddedWorld();
const SUBGOAL_ORDER: string[] = Object.values(WebshopSubgoals);

interface Played {
  reward: number;
  problems: string[];
  subgoals: string[];
}

/** One expert episode, checking the Plan-Execute protocol on every turn. */
async function play(environment: WebshopEnvironment, seed: number): Promise<Played> {
  const expert = new WebshopExpertPolicy();
  let observation = await environment.reset({ seed });
  let current = "None";
  const problems: string[] = [];
  const subgoals: string[] = [];
  for (let step = 0; ; step += 1) {
    const output = await expert.act({ envId: "webshop", promptStyle: "webshop", task: observation.task, observation, step, history: [], currentSubgoal: current });
    const parsed = parsePlanExecute(output.text, { style: "webshop" });
    if (!parsed.valid) problems.push(`turn ${step}: ${parsed.reason}`);
    if (step === 0 && parsed.switch !== "SWITCH") problems.push("turn 0 is not a SWITCH");
    if (parsed.switch === "KEEP" && parsed.subgoal !== current) problems.push(`turn ${step}: KEEP changed the subgoal`);
    if (parsed.switch === "SWITCH" && parsed.subgoal === current) problems.push(`turn ${step}: SWITCH kept the subgoal`);
    if (!observation.admissibleActions?.includes(parsed.action) && !parsed.action.startsWith("search[")) problems.push(`turn ${step}: ${parsed.action} is not admissible`);
    if (subgoals[subgoals.length - 1] !== parsed.subgoal) subgoals.push(parsed.subgoal);
    current = parsed.subgoal;
    const result = await environment.step(parsed.action);
    if (result.info.valid !== true) problems.push(`turn ${step}: ${parsed.action} was a no-op`);
    if (result.done || result.truncated) return { reward: result.info.score as number, problems, subgoals };
    observation = result.observation;
  }
}

describe("WebshopExpertPolicy", () => {
  it("succeeds on at least 80 % of 200 episodes of the embedded catalogue, with valid Plan-Execute turns", async () => {
    const environment = new WebshopEnvironment({ world });
    const episodes: Played[] = [];
    for (let seed = 0; seed < 200; seed += 1) episodes.push(await play(environment, seed));
    const score = webshopScore(episodes.map((episode) => episode.reward));
    expect(score.successRate).toBeGreaterThanOrEqual(80);
    expect(score.score).toBeGreaterThanOrEqual(90);
    expect(episodes.flatMap((episode) => episode.problems)).toEqual([]);
    // subgoals run in order: search → open (repeatable) → options → buy
    for (const episode of episodes) {
      const ranks = episode.subgoals.map((subgoal) => SUBGOAL_ORDER.indexOf(subgoal));
      expect(ranks[0]).toBe(0);
      expect(ranks.every((rank, i) => rank >= 0 && (i === 0 || rank >= (ranks[i - 1] as number)))).toBe(true);
    }
  });

  it("also succeeds on human-worded requests (the optional human-goal mode)", async () => {
    const environment = new WebshopEnvironment({ world: webshopWorld(embeddedWebshopData({ goalMode: "human" })) });
    const episodes: Played[] = [];
    for (let seed = 0; seed < 200; seed += 1) episodes.push(await play(environment, seed));
    expect(webshopScore(episodes.map((episode) => episode.reward)).successRate).toBeGreaterThanOrEqual(80);
    expect(episodes.flatMap((episode) => episode.problems)).toEqual([]);
  });

  it("beats a shopper who buys the first search hit (the distractors matter)", async () => {
    const environment = new WebshopEnvironment({ world });
    const firstHit: number[] = [];
    for (let seed = 0; seed < 200; seed += 1) {
      const start = await environment.reset({ seed });
      const request = start.task.replace(/^Find me /, "").replace(/ with [a-z ]+: .*$/, "");
      const results = await environment.step(`search[${request}]`);
      const first = results.observation.admissibleActions?.find((action) => /^click\[b0/.test(action));
      if (!first) {
        firstHit.push(0);
        continue;
      }
      await environment.step(first);
      firstHit.push((await environment.step("click[buy now]")).info.score as number);
    }
    expect(webshopScore(firstHit).successRate).toBeLessThan(20);
  });

  it("plans for a tighter step budget and still buys before the limit", async () => {
    const environment = new WebshopEnvironment({ world, maxSteps: 6 });
    for (let seed = 0; seed < 30; seed += 1) {
      const expert = new WebshopExpertPolicy({ maxSteps: 6 });
      let observation = await environment.reset({ seed });
      let current = "None";
      let done = false;
      for (let step = 0; step < 6 && !done; step += 1) {
        const parsed = parsePlanExecute((await expert.act({ envId: "webshop", promptStyle: "webshop", task: observation.task, observation, step, history: [], currentSubgoal: current })).text, { style: "webshop" });
        current = parsed.subgoal;
        const result = await environment.step(parsed.action);
        done = result.done;
        observation = result.observation;
      }
      expect(done, `seed ${seed}`).toBe(true);
    }
    expect(() => new WebshopExpertPolicy({ maxSteps: 2 })).toThrow(/maxSteps/);
  });
});
