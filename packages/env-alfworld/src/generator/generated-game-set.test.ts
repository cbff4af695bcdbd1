import { InvalidInputError } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { AlfworldEnvironment } from "../environment/alfworld-environment.js";
import { TASK_TYPES, taskTypeFromPath } from "../model/task-type.js";
import { generatedGamePathOf, generateGame } from "./generate-game.js";
import { generatedGameOptions, generatedGameSet, generateGames } from "./generated-game-set.js";

describe("generatedGameSet", () => {
  it("holds count distinct games, named like real paths and keyed by task type", () => {
    const set = generatedGameSet({ count: 300, seed: 11 });
    expect(set.size).toBe(300);
    expect(new Set(set.paths()).size).toBe(300);
    for (const entry of set.entries) {
      expect(entry.path).toMatch(/^generated\/[a-z_]+-[A-Za-z]+-None-[A-Za-z]+-(kitchen|bathroom|bedroom|livingroom)\/seed-\d+\/game\.tw-pddl$/);
      expect(entry.split).toBe("generated");
      expect(taskTypeFromPath(entry.path)).toBeDefined();
    }
    const types = new Set(set.entries.map((entry) => entry.taskType));
    expect(types.size).toBe(6);
  });

  it("is deterministic, lazy and in generation order: an entry is generated on first load and matches generateGame", () => {
    const options = generatedGameOptions({ count: 5, seed: 3 });
    expect(generatedGameOptions({ count: 5, seed: 3 })).toEqual(options);
    expect(generatedGameOptions({ count: 5, seed: 4 })).not.toEqual(options);
    const set = generatedGameSet({ count: 5, seed: 3 });
    const games = generateGames({ count: 5, seed: 3 });
    expect(set.paths()).toEqual(games.map((game) => game.path));
    for (const game of games) {
      const entry = set.get(game.path);
      expect(entry.load().walkthrough).toEqual(game.walkthrough);
      expect(generatedGamePathOf(options.find((o) => generateGame(o).path === game.path)!)).toBe(game.path);
    }
  });

  it("cycles the given task types and passes the size knobs on", () => {
    const games = generateGames({ count: 12, seed: 1, taskTypes: ["look_at_obj_in_light", "pick_two_obj_and_place"], distractors: 0, scenery: false });
    expect(games.map((game) => game.taskType)).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? "look_at_obj_in_light" : "pick_two_obj_and_place")));
    for (const game of games) expect(game.path).toMatch(/seed-\d+-d0-s0\/game\.tw-pddl$/);
    const balanced = generateGames({ count: 60, seed: 2, taskTypes: [...TASK_TYPES] });
    for (const type of TASK_TYPES) expect(balanced.filter((game) => game.taskType === type)).toHaveLength(10);
    expect(() => generatedGameSet({ count: 0 })).toThrow(InvalidInputError);
  });

  it("serves as the game source of AlfworldEnvironment", async () => {
    const environment = new AlfworldEnvironment({ games: generatedGameSet({ count: 6, seed: 5, taskTypes: [...TASK_TYPES] }) });
    const observation = await environment.reset({ seed: 0 });
    expect(observation.text).toMatch(/^-= Welcome to TextWorld, ALFRED! =-\n\nYou are in the middle of a room\./);
    expect(observation.admissibleActions).toContain("help");
    const walkthrough = environment.currentGame!.load().walkthrough!;
    let last;
    for (const command of walkthrough) last = await environment.step(command);
    expect(last).toMatchObject({ done: true, reward: 1, info: { won: true } });
  });
});
