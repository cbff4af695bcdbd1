import { assertEnvironmentConformance, EnvironmentError, getEnvironmentRegistration, InvalidInputError, runRollouts } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { createHouseEnvironment, HouseEnvironment, planFrom, register } from "../src/index.js";

const seeds = (count: number) => Array.from({ length: count }, (_, seed) => seed);

/** The expert's next action, for the conformance kit's `solve`. */
const expertAction = ({ environment }: { environment: unknown }) => {
  const world = (environment as HouseEnvironment).inspect();
  return (world && planFrom(world)[0]?.action) ?? "look";
};

describe("house environment", () => {
  it("passes the conformance kit", async () => {
    const report = await assertEnvironmentConformance({
      create: () => createHouseEnvironment(),
      seeds: seeds(5),
      taskIds: ["kitchen-17", "ü"],
      solve: expertAction,
    });
    expect(report.checks.filter((check) => check.skipped)).toEqual([]);
  });

  it("builds the same house for the same seed or task id, and different ones otherwise", async () => {
    const play = async (reset: { seed?: number; taskId?: string }) => {
      const environment = createHouseEnvironment();
      const observations = [await environment.reset(reset)];
      for (const action of ["look", "take apple", "go to kitchen", "inventory"]) observations.push((await environment.step(action)).observation);
      return { observations, world: environment.inspect() };
    };
    expect(await play({ seed: 7 })).toEqual(await play({ seed: 7 }));
    expect(await play({ taskId: "t-1" })).toEqual(await play({ taskId: "t-1" }));
    const worlds = await Promise.all(seeds(50).map(async (seed) => JSON.stringify((await play({ seed })).world)));
    expect(new Set(worlds).size).toBe(50);
  });

  it("generates 3 to 6 rooms, and every task needs a key", async () => {
    const environment = createHouseEnvironment();
    const roomCounts = new Set<number>();
    for (const seed of seeds(300)) {
      await environment.reset({ seed });
      const world = environment.inspect();
      if (!world) throw new Error("no world after reset");
      roomCounts.add(world.rooms.length);
      expect(world.doors).toHaveLength(world.rooms.length - 1);
      expect(planFrom(world).some((step) => step.action.startsWith("open "))).toBe(true);
    }
    expect([...roomCounts].sort()).toEqual([3, 4, 5, 6]);
  });

  it("treats unknown actions as invalid no-ops, accepts sloppy wording, and truncates at maxSteps", async () => {
    const environment = createHouseEnvironment({ maxSteps: 3 });
    const start = await environment.reset({ seed: 1 });
    const nonsense = await environment.step("dance wildly");
    expect(nonsense).toMatchObject({ reward: 0, done: false, truncated: false, info: { valid: false, won: false } });
    expect(nonsense.observation.admissibleActions).toEqual(start.admissibleActions);
    expect((await environment.step("  LOOK. ")).info.valid).toBe(true);
    expect(await environment.step("look")).toMatchObject({ done: false, truncated: true });
    await expect(environment.step("look")).rejects.toThrow(/episode is over/);
  });

  it("rejects bad options and use after close", async () => {
    expect(() => createHouseEnvironment({ minRooms: 5, maxRooms: 4 })).toThrow(InvalidInputError);
    expect(() => createHouseEnvironment({ rooms: 3 } as never)).toThrow(InvalidInputError);
    const environment = createHouseEnvironment();
    await environment.close();
    await environment.close();
    await expect(environment.reset()).rejects.toThrow(EnvironmentError);
  });
});

describe("house expert", () => {
  it("wins 200 seeded houses with valid Plan-Execute output, KEEPing and SWITCHing properly", async () => {
    register();
    const registration = getEnvironmentRegistration("house");
    const expert = registration.policies?.expert;
    if (!expert) throw new Error("no expert registered");
    const episodes = await runRollouts({
      envId: registration.id,
      createEnvironment: () => registration.create(),
      policy: (environment) => expert.create({ environment }),
      promptStyle: "generic",
      tasks: seeds(200).map((seed) => ({ seed })),
      concurrency: 4,
      maxSteps: registration.maxSteps ?? 50,
    });
    expect(episodes.filter((episode) => !episode.won).map((episode) => `${episode.trajectoryId}: ${episode.error ?? episode.status}`)).toEqual([]);
    for (const episode of episodes) {
      expect(episode.totalReward).toBe(1);
      expect(episode.invalidTurns).toBe(0);
      for (const [index, turn] of episode.turns.entries()) {
        expect(turn.info.valid).toBe(true);
        expect(turn.parsed.switch).toBe(index === 0 || turn.parsed.subgoal !== turn.currentSubgoal ? "SWITCH" : "KEEP");
      }
    }
    const subgoals = [...new Set(episodes[0]?.turns.map((turn) => turn.parsed.subgoal))];
    expect(subgoals.some((subgoal) => /^get the \w+ key$/.test(subgoal))).toBe(true);
    expect(subgoals.some((subgoal) => /^open the [\w ]+ door$/.test(subgoal))).toBe(true);
    expect(Math.max(...episodes.map((episode) => episode.steps))).toBeLessThan(50);
  });

  it("refuses an environment that is not a house", () => {
    register();
    const expert = getEnvironmentRegistration("house").policies?.expert;
    const other = { id: "other", reset: async () => ({ text: "", task: "" }), step: async () => ({}) as never };
    expect(() => expert?.create({ environment: other })).toThrow(InvalidInputError);
  });
});
