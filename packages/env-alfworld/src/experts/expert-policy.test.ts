import { InvalidInputError, parsePlanExecute, PolicyError, runEpisode, type EpisodeRecord, type Policy } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { AlfworldEnvironment } from "../environment/alfworld-environment.js";
import { generatedGameSet } from "../generator/generated-game-set.js";
import { alfworldPolicies } from "./alfworld-policies.js";
import { ExpertPolicy } from "./expert-policy.js";
import { checkTurns } from "./turn-checks.js";

async function play(environment: AlfworldEnvironment, policy: Policy, seed: number): Promise<EpisodeRecord> {
  return runEpisode({ environment, policy, promptStyle: "alfworld", reset: { seed }, trajectoryId: `t${seed}`, groupId: `g${seed}`, maxSteps: 50, historyLength: 2 });
}

describe("ExpertPolicy", () => {
  it("wins 1,000 generated games with valid Plan-Execute turns", async () => {
    const environment = new AlfworldEnvironment({ games: generatedGameSet({ count: 1000, seed: 2024 }) });
    const policy = alfworldPolicies.expert.create({ environment });
    const lost: string[] = [];
    const problems: string[] = [];
    for (let seed = 0; seed < 1000; seed++) {
      const episode = await play(environment, policy, seed);
      if (!episode.won || episode.steps !== environment.currentGame!.load().walkthrough!.length) lost.push(environment.currentGame!.path);
      problems.push(...checkTurns(episode).map((problem) => `${environment.currentGame!.path}: ${problem}`));
    }
    expect(lost).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("annotates subgoals: SWITCH at the start of each, KEEP inside", async () => {
    const environment = new AlfworldEnvironment({ games: generatedGameSet({ count: 1, seed: 9, taskTypes: ["pick_clean_then_place_in_recep"] }) });
    const episode = await play(environment, new ExpertPolicy({ environment }), 0);
    const turns = episode.turns.map((turn) => parsePlanExecute(turn.output, { style: "alfworld" }));
    const subgoals = turns.filter((turn) => turn.switch === "SWITCH").map((turn) => turn.subgoal);
    expect(subgoals).toHaveLength(3);
    expect(subgoals[0]).toMatch(/^find and take an? \w+$/);
    expect(subgoals[1]).toMatch(/^clean \w+ \d+ with sinkbasin \d+$/);
    expect(subgoals[2]).toMatch(/^put \w+ \d+ in \w+ \d+$/);
    expect(turns.at(-1)?.action).toMatch(/^move /);
  });

  it("says what it needs when the environment does not expose its game", async () => {
    const other = { id: "other", reset: async () => ({ text: "", task: "" }), step: async () => ({ observation: { text: "", task: "" }, reward: 0, done: true, info: {} }) };
    expect(() => new ExpertPolicy({ environment: other })).toThrow(InvalidInputError);
    expect(() => new ExpertPolicy({ environment: other })).toThrow(/currentGame/);
    const notStarted = new ExpertPolicy({ environment: new AlfworldEnvironment({ games: generatedGameSet({ count: 1 }) }) });
    const input = { envId: "alfworld", promptStyle: "alfworld" as const, task: "", observation: { text: "", task: "" }, step: 0, history: [], currentSubgoal: "None" };
    await expect(notStarted.act(input)).rejects.toThrow(PolicyError);
  });
});
