import { describe, expect, it } from "vitest";
import { PolicyError } from "../errors/index.js";
import { CountdownEnvironment } from "../testing/countdown-environment.js";
import { ScriptedPolicy } from "../testing/scripted-policy.js";
import type { RolloutEvent } from "./rollout-events.js";
import { rolloutIds, runRollouts } from "./run-rollouts.js";
import { summarizeEpisodes } from "./summarize-episodes.js";

const answer = (switchValue: string, subgoal: string, action: string) =>
  `<switch>${switchValue}</switch>\n<subgoal>${subgoal}</subgoal>\n<action>${action}</action>`;

describe("runRollouts", () => {
  it("runs groups that share a task, carries the subgoal and the history window", async () => {
    const policy = new ScriptedPolicy((input) =>
      input.step === 0 ? answer("SWITCH", "reach the end", "advance") : answer("KEEP", input.currentSubgoal, "advance"),
    );
    const environments: CountdownEnvironment[] = [];
    const events: RolloutEvent[] = [];
    const episodes = await runRollouts({
      envId: "countdown",
      createEnvironment: () => {
        const environment = new CountdownEnvironment();
        environments.push(environment);
        return environment;
      },
      policy,
      promptStyle: "generic",
      tasks: [{ seed: 0 }, { seed: 1 }],
      groupSize: 3,
      concurrency: 2,
      maxSteps: 10,
      onEvent: (event) => events.push(event),
    });
    expect(episodes.map((e) => e.trajectoryId)).toEqual([
      "countdown/seed-0/r0",
      "countdown/seed-0/r1",
      "countdown/seed-0/r2",
      "countdown/seed-1/r0",
      "countdown/seed-1/r1",
      "countdown/seed-1/r2",
    ]);
    expect(new Set(episodes.slice(0, 3).map((e) => e.groupId))).toEqual(new Set(["countdown/seed-0"]));
    expect(episodes.map((e) => e.steps)).toEqual([2, 2, 2, 3, 3, 3]);
    expect(episodes.every((e) => e.won && e.status === "done" && e.totalReward === 1)).toBe(true);
    expect(environments).toHaveLength(2);
    expect(environments.every((e) => e.closed)).toBe(true);

    const third = policy.calls.find((call) => call.input.step === 2);
    expect(third?.input.currentSubgoal).toBe("reach the end");
    expect(third?.input.history.map((h) => h.turn)).toEqual([1, 2]);
    const first = episodes[3]?.turns[0];
    expect(first?.currentSubgoal).toBe("None");
    expect(first?.parsed).toEqual({ switch: "SWITCH", subgoal: "reach the end", action: "advance", valid: true, reason: null });
    expect(events.filter((e) => e.type === "episode-end")).toHaveLength(6);
  });

  it("records invalid turns as data, executes their action anyway, and truncates at the step limit", async () => {
    const policy = new ScriptedPolicy(() => "I will wait. <action>wait</action>");
    const [episode] = await runRollouts({
      envId: "countdown",
      createEnvironment: () => new CountdownEnvironment(),
      policy,
      promptStyle: "generic",
      tasks: [{ seed: 0 }],
      maxSteps: 3,
      historyLength: 1,
    });
    expect(episode?.status).toBe("truncated");
    expect(episode?.steps).toBe(3);
    expect(episode?.invalidTurns).toBe(3);
    expect(episode?.turns.map((t) => [t.parsed.reason, t.executedAction, t.truncated])).toEqual([
      ["missing_switch", "wait", false],
      ["missing_switch", "wait", false],
      ["missing_switch", "wait", true],
    ]);
    expect(policy.calls[2]?.input.history).toHaveLength(1);
  });

  it("keeps an episode whose policy fails as a failed record with the reason and its turns", async () => {
    const policy = new ScriptedPolicy([answer("SWITCH", "go", "advance"), new PolicyError("server gone", { policyId: "scripted", status: 503, attempts: 5 })]);
    const episodes = await runRollouts({
      envId: "countdown",
      createEnvironment: () => new CountdownEnvironment(),
      policy,
      promptStyle: "generic",
      tasks: [{ seed: 2 }],
      maxSteps: 10,
    });
    expect(episodes).toHaveLength(1);
    expect(episodes[0]?.status).toBe("failed");
    expect(episodes[0]?.error).toMatch(/policy failed at turn 1: PolicyError: server gone/);
    expect(episodes[0]?.turns).toHaveLength(1);
    const summary = summarizeEpisodes(episodes, { env: "countdown", policy: "scripted" });
    expect(summary).toMatchObject({ episodes: 1, failed: 1, success_rate: 0 });
  });

  it("records an environment that breaks as a failed episode", async () => {
    const environment = new CountdownEnvironment();
    environment.step = async () => {
      throw new Error("engine exploded");
    };
    const [episode] = await runRollouts({
      envId: "countdown",
      createEnvironment: () => environment,
      policy: new ScriptedPolicy(() => answer("SWITCH", "go", "advance")),
      promptStyle: "generic",
      tasks: [{ seed: 0 }],
      maxSteps: 5,
    });
    expect(episode?.status).toBe("failed");
    expect(episode?.error).toMatch(/environment failed at turn 0: Error: engine exploded/);
  });

  it("skips already collected trajectories and gives a fresh policy to each environment when asked", async () => {
    const made: string[] = [];
    const skip = new Set([rolloutIds("countdown", { seed: 0 }, 0).trajectoryId]);
    const episodes = await runRollouts({
      envId: "countdown",
      createEnvironment: () => new CountdownEnvironment(),
      policy: (environment) => {
        made.push(environment.id);
        return new ScriptedPolicy(() => answer("SWITCH", "go", "advance"));
      },
      promptStyle: "generic",
      tasks: [{ seed: 0 }, { seed: 1 }],
      concurrency: 3,
      maxSteps: 5,
      skip,
    });
    expect(episodes.map((e) => e.trajectoryId)).toEqual(["countdown/seed-1/r0"]);
    expect(made).toHaveLength(1);
  });

  it("rejects nonsense sizes", async () => {
    const base = { envId: "c", createEnvironment: () => new CountdownEnvironment(), policy: new ScriptedPolicy([]), promptStyle: "generic" as const, tasks: [{}] };
    await expect(runRollouts({ ...base, maxSteps: 0 })).rejects.toThrow(/maxSteps/);
    await expect(runRollouts({ ...base, maxSteps: 5, groupSize: 1.5 })).rejects.toThrow(/groupSize/);
  });
});
