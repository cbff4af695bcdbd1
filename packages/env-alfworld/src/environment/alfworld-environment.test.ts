import { checkEnvironmentConformance, EpisodeFinishedError, formatConformanceReport, Step as StepSchema } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { GameSet } from "../loader/game-set.js";
import { hasSharedAlfworld, sharedFile } from "../test-support/shared-data.js";
import { tinyGame } from "../test-support/tiny-game.js";
import { AlfworldEnvironment } from "./alfworld-environment.js";

const heatPath = "train/pick_heat_then_place_in_recep-Apple-None-CounterTop-1/trial_T1/game.tw-pddl";
const lookPath = "train/look_at_obj_in_light-AlarmClock-None-DeskLamp-301/trial_T2/game.tw-pddl";
const heatWalkthrough = ["go to countertop 1", "take apple 1 from countertop 1", "go to microwave 1", "heat apple 1 with microwave 1", "go to countertop 1", "move apple 1 to countertop 1"];

function games(): GameSet {
  return GameSet.fromGames([
    { path: heatPath, game: { ...tinyGame(), walkthrough: heatWalkthrough }, split: "train" },
    {
      path: lookPath,
      game: {
        ...tinyGame({ type: "look_at_obj_in_light", objectType: "alarmclocktype", toggleType: "desklamptype" }),
        taskLine: "Your task is to: look at alarmclock under the desklamp.",
        walkthrough: ["go to desk 1", "use desklamp 1", "take alarmclock 1 from desk 1"],
      },
      split: "train",
    },
  ]);
}

describe("AlfworldEnvironment", () => {
  it("resets by task id, by seed (mod the number of games) and in order, deterministically", async () => {
    const env = new AlfworldEnvironment({ games: games() });
    const byTask = await env.reset({ taskId: heatPath });
    expect(byTask.task).toBe("put a hot apple in countertop.");
    expect(byTask.text.startsWith("-= Welcome to TextWorld, ALFRED! =-\n\nYou are in the middle of a room.")).toBe(true);
    expect(byTask.admissibleActions).toContain("help");
    expect(env.currentGame?.path).toBe(heatPath);

    // sorted by path: look (index 0), heat (index 1)
    expect((await env.reset({ seed: 0 })).task).toBe("look at alarmclock under the desklamp.");
    expect((await env.reset({ seed: 3 })).task).toBe("put a hot apple in countertop.");
    expect((await env.reset({ seed: -1 })).task).toBe("put a hot apple in countertop.");
    const other = new AlfworldEnvironment({ games: games() });
    expect([(await other.reset()).task, (await other.reset()).task, (await other.reset()).task]).toEqual([
      "look at alarmclock under the desklamp.",
      "put a hot apple in countertop.",
      "look at alarmclock under the desklamp.",
    ]);
    expect(await new AlfworldEnvironment({ games: games() }).reset({ seed: 5 })).toEqual(await new AlfworldEnvironment({ games: games() }).reset({ seed: 5 }));
    await expect(env.reset({ taskId: "no/such/game" })).rejects.toThrow(/no game/);
  });

  it("steps with info (won, valid, task column, game path), reward 1 on the win, then refuses to step", async () => {
    const env = new AlfworldEnvironment({ games: games() });
    await env.reset({ taskId: heatPath });
    const invalid = await env.step("Go To countertop 1");
    expect(invalid).toMatchObject({
      observation: { text: "Nothing happens.", task: "put a hot apple in countertop." },
      reward: 0,
      done: false,
      truncated: false,
      info: { won: false, valid: false, score: 0, taskType: "Heat", gamePath: heatPath, steps: 1 },
    });
    expect(StepSchema.safeParse(invalid).success).toBe(true);
    let last;
    for (const command of heatWalkthrough) last = await env.step(command);
    expect(last).toMatchObject({ reward: 1, done: true, truncated: false, info: { won: true, valid: true, score: 1 } });
    await expect(env.step("look")).rejects.toBeInstanceOf(EpisodeFinishedError);
    await env.reset({ taskId: heatPath });
    expect((await env.step("look")).info.valid).toBe(true);
  });

  it("scales the win reward on request (HiPER's 10 · won)", async () => {
    const env = new AlfworldEnvironment({ games: games(), winReward: 10 });
    await env.reset({ taskId: heatPath });
    const rewards = [];
    for (const command of heatWalkthrough) rewards.push((await env.step(command)).reward);
    expect(rewards).toEqual([0, 0, 0, 0, 0, 10]);
  });

  it("counts the step limit as done by default (upstream), or as truncation when asked", async () => {
    const upstream = new AlfworldEnvironment({ games: games(), maxSteps: 2 });
    await upstream.reset({ seed: 0 });
    expect((await upstream.step("look")).done).toBe(false);
    expect(await upstream.step("jump")).toMatchObject({ done: true, truncated: false, reward: 0, info: { won: false, steps: 2 } });
    await expect(upstream.step("look")).rejects.toBeInstanceOf(EpisodeFinishedError);

    const bootstrap = new AlfworldEnvironment({ games: games(), maxSteps: 2, timeLimitCountsAsDone: false });
    await bootstrap.reset({ seed: 0 });
    await bootstrap.step("look");
    expect(await bootstrap.step("jump")).toMatchObject({ done: false, truncated: true });
    await expect(bootstrap.step("look")).rejects.toBeInstanceOf(EpisodeFinishedError);
  });

  it("refuses to step before the first reset", async () => {
    await expect(new AlfworldEnvironment({ games: games() }).step("look")).rejects.toBeInstanceOf(EpisodeFinishedError);
  });

  it("passes the environment conformance kit", async () => {
    const report = await checkEnvironmentConformance({
      create: () => new AlfworldEnvironment({ games: games() }),
      taskIds: [heatPath],
      seeds: [0, 1],
      // each game's own walkthrough
      solve: ({ environment, step }) => (environment as AlfworldEnvironment).currentGame?.load().walkthrough?.[step] ?? "look",
    });
    expect(report.passed, formatConformanceReport(report)).toBe(true);
  });
});

// The real games live in the shared data beside the project; a clone without it skips this.
describe.skipIf(!hasSharedAlfworld)("AlfworldEnvironment on valid_seen", () => {
  it("visits every game once with seeds 0…139 and reports the report columns", async () => {
    const env = new AlfworldEnvironment({ games: { path: sharedFile("valid_seen.tgz") } });
    const seen = new Set<string>();
    const columns = new Map<string, number>();
    for (let seed = 0; seed < 140; seed += 1) {
      await env.reset({ seed });
      seen.add(env.currentGame!.path);
      const step = await env.step("look");
      const column = step.info.taskType as string;
      columns.set(column, (columns.get(column) ?? 0) + 1);
    }
    expect(seen.size).toBe(140);
    expect(Object.fromEntries(columns)).toEqual({ Pick: 35, Look: 13, Clean: 27, Heat: 16, Cool: 25, Pick2: 24 });
  });
});
