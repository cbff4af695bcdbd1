import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { InvalidInputError } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { AlfworldEngine } from "../engine/alfworld-engine.js";
import { readTar } from "../loader/tar-reader.js";
import { TASK_TYPES } from "../model/task-type.js";
import { parseGameFile, readTaskLine } from "../pddl/game-file.js";
import { hasSharedAlfworld, sharedFile } from "../test-support/shared-data.js";
import { ALFRED_PDDL_DOMAIN } from "./alfred-domain.js";
import { alfredGrammar } from "./alfred-grammar.js";
import { generatedGamePathOf, generateGame, generatedGameText, parseGeneratedGamePath } from "./generate-game.js";
import { roomsForTaskType } from "./choose-task.js";

/** Plays a generated game's walkthrough on the engine: every command admissible, won exactly at the end. */
function playWalkthrough(text: string, walkthrough: readonly string[]): { valid: boolean; wonAtEnd: boolean; wonEarly: boolean } {
  const engine = new AlfworldEngine(parseGameFile(text));
  engine.reset();
  let valid = true;
  let wonEarly = false;
  let won = false;
  walkthrough.forEach((command, index) => {
    const result = engine.step(command);
    valid &&= result.valid;
    if (result.won && index < walkthrough.length - 1) wonEarly = true;
    won = result.won;
  });
  return { valid, wonAtEnd: won, wonEarly };
}

describe("generateGame", () => {
  it("is deterministic: the same options give the same file, another seed another game", () => {
    const a = generateGame({ seed: 42 });
    const b = generateGame({ seed: 42 });
    expect(generatedGameText(a)).toBe(generatedGameText(b));
    expect(a.path).toBe(b.path);
    const c = generateGame({ seed: 43 });
    expect(c.file.pddl_problem).not.toBe(a.file.pddl_problem);
    const knobs = { seed: 42, receptacleScale: 0.5, distractors: 2, scenery: false, maxReceptacles: 12 } as const;
    expect(generatedGameText(generateGame(knobs))).toBe(generatedGameText(generateGame(knobs)));
  });

  it("writes the real game.tw-pddl shape: the shared domain, the grammar with the task line, a walkthrough", () => {
    const game = generateGame({ seed: 7, taskType: "pick_heat_then_place_in_recep" });
    expect(Object.keys(game.file).sort()).toEqual(["grammar", "pddl_domain", "pddl_problem", "solvable", "walkthrough"]);
    expect(game.file.pddl_domain).toBe(ALFRED_PDDL_DOMAIN);
    expect(game.file.solvable).toBe(true);
    expect(readTaskLine(game.file.grammar)).toBe(`Your task is to: ${game.task}`);
    expect(game.task).toMatch(/^(put a hot \w+ in \w+|heat some \w+ and put it in \w+)\.$/);
    expect(game.room).toBe("kitchen");
    expect(game.path).toMatch(/^generated\/pick_heat_then_place_in_recep-[A-Za-z]+-None-[A-Za-z]+-kitchen\/seed-7\/game\.tw-pddl$/);
    const parsed = parseGameFile(generatedGameText(game));
    expect(parsed.goal).toEqual({ type: "pick_heat_then_place_in_recep", objectType: `${game.objectClass}type`, receptacleType: `${game.receptacleClass}type` });
    expect(parsed.walkthrough).toEqual(game.walkthrough);
  });

  it.skipIf(!hasSharedAlfworld)("carries exactly the domain and grammar of the real files", () => {
    const members = readTar(gunzipSync(readFileSync(sharedFile("valid_seen.tgz")))).filter((file) => file.path.endsWith("game.tw-pddl"));
    expect(members.length).toBe(140);
    for (const member of members.slice(0, 20)) {
      const real = JSON.parse(new TextDecoder().decode(member.data)) as { pddl_domain: string; grammar: string };
      expect(real.pddl_domain).toBe(ALFRED_PDDL_DOMAIN);
      const line = readTaskLine(real.grammar) as string;
      expect(alfredGrammar(line.slice("Your task is to: ".length))).toBe(real.grammar);
    }
  });

  it("keeps each task type in the rooms it allows and honours pinned targets", () => {
    for (const taskType of TASK_TYPES) {
      for (let seed = 0; seed < 20; seed++) {
        const game = generateGame({ seed, taskType });
        expect(game.taskType).toBe(taskType);
        expect(roomsForTaskType(taskType)).toContain(game.room);
      }
    }
    expect(roomsForTaskType("look_at_obj_in_light")).toEqual(["bedroom", "livingroom"]);
    expect(roomsForTaskType("pick_clean_then_place_in_recep")).toEqual(["kitchen", "bathroom"]);
    const pinned = generateGame({ seed: 3, taskType: "pick_clean_then_place_in_recep", room: "bathroom", objectClass: "cloth", receptacleClass: "toilet" });
    expect(pinned.task).toMatch(/cloth .*toilet\.$/);
    expect(pinned.path).toContain("pick_clean_then_place_in_recep-Cloth-None-Toilet-bathroom");
  });

  it("rejects impossible options with a typed error", () => {
    expect(() => generateGame({ seed: 1, taskType: "pick_heat_then_place_in_recep", room: "bedroom" })).toThrow(InvalidInputError);
    expect(() => generateGame({ seed: 1, taskType: "pick_heat_then_place_in_recep", objectClass: "cd" })).toThrow(InvalidInputError);
    expect(() => generateGame({ seed: 1, taskType: "pick_and_place_simple", objectClass: "pan", receptacleClass: "drawer" })).toThrow(InvalidInputError);
    expect(() => generateGame({ seed: 1.5 })).toThrow(InvalidInputError);
    expect(() => generateGame({ seed: 1, distractors: -1 })).toThrow(InvalidInputError);
  });

  it("regenerates any game from its path", () => {
    for (const options of [{ seed: 5 }, { seed: 123456789, taskType: "look_at_obj_in_light" as const }, { seed: 9, receptacleScale: 1.5, distractors: 0, scenery: false }]) {
      const game = generateGame(options);
      expect(generatedGamePathOf(options)).toBe(game.path);
      const again = parseGeneratedGamePath(game.path);
      expect(again).toBeDefined();
      expect(generatedGameText(generateGame(again!))).toBe(generatedGameText(game));
    }
    expect(parseGeneratedGamePath("valid_seen/pick_two_obj_and_place-CD-None-Drawer-304/trial_T1/game.tw-pddl")).toBeUndefined();
  });

  it("follows the size knobs", () => {
    const sizes = (options: { receptacleScale?: number; distractors?: number; scenery?: boolean; maxReceptacles?: number }) => {
      const games = Array.from({ length: 60 }, (_, seed) => generateGame({ seed, ...options }));
      return {
        receptacles: games.reduce((sum, g) => sum + g.receptacleCount, 0) / games.length,
        objects: games.reduce((sum, g) => sum + g.objectCount, 0) / games.length,
        maxReceptacles: Math.max(...games.map((g) => g.receptacleCount)),
      };
    };
    const normal = sizes({});
    expect(sizes({ receptacleScale: 2 }).receptacles).toBeGreaterThan(normal.receptacles * 1.4);
    expect(sizes({ maxReceptacles: 10 }).maxReceptacles).toBeLessThanOrEqual(10);
    expect(sizes({ distractors: 0, scenery: false }).objects).toBeLessThan(6);
    expect(sizes({ distractors: 2 }).objects).toBeGreaterThan(normal.objects * 1.3);
    for (let seed = 0; seed < 30; seed++) {
      const game = generateGame({ seed, distractors: 0, scenery: false, maxReceptacles: 8 });
      expect(playWalkthrough(generatedGameText(game), game.walkthrough)).toEqual({ valid: true, wonAtEnd: true, wonEarly: false });
    }
  });

  it("gives 1,000 games that all load, start unwon, and whose walkthrough wins exactly at its last command", () => {
    const problems: string[] = [];
    for (let seed = 0; seed < 1000; seed++) {
      const game = generateGame({ seed });
      const text = generatedGameText(game);
      const engine = new AlfworldEngine(parseGameFile(text, { source: game.path }));
      if (engine.reset().won) problems.push(`${game.path}: won at reset`);
      const played = playWalkthrough(text, game.walkthrough);
      if (!played.valid || !played.wonAtEnd || played.wonEarly) problems.push(`${game.path}: ${JSON.stringify(played)}`);
      if (game.walkthrough.length < 3) problems.push(`${game.path}: walkthrough of ${game.walkthrough.length}`);
    }
    expect(problems).toEqual([]);
  });
});
