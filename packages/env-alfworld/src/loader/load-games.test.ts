import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidInputError } from "@hiper/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TASK_TYPES } from "../model/task-type.js";
import { formatPddlProblem } from "../pddl/format-problem.js";
import { hasSharedAlfworld, sharedFile } from "../test-support/shared-data.js";
import { tinyGame } from "../test-support/tiny-game.js";
import { ALFWORLD_DATA_VARIABLE, loadGame, loadGames, loadGamesSync } from "./load-games.js";

const taskDir = "pick_heat_then_place_in_recep-Apple-None-CounterTop-1";
const lookDir = "look_at_obj_in_light-AlarmClock-None-DeskLamp-301";
const fileText = (taskLine: string) =>
  JSON.stringify({
    pddl_domain: "",
    grammar: `"task": [ { "rhs": ${JSON.stringify(taskLine)} } ]`,
    pddl_problem: formatPddlProblem(tinyGame()),
    solvable: true,
    walkthrough: ["go to countertop 1"],
  });

describe("loading games from files, directories and archives", () => {
  let root: string;
  const write = (path: string, text = fileText("Your task is to: put a hot apple in countertop.")) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "alfworld-loader-"));
    write(`data/json_2.1.1/train/${taskDir}/trial_T1/game.tw-pddl`);
    write(`data/json_2.1.1/train/${lookDir}/trial_T2/game.tw-pddl`);
    write(`data/json_2.1.1/valid_seen/${taskDir}/trial_T3/game.tw-pddl`);
    write(`data/json_2.1.1/valid_seen/${taskDir}/trial_T3/traj_data.json`, "{}");
    write("loose/mine/game.tw-pddl");
    write("broken/game.tw-pddl", "{ not json");
    mkdirSync(join(root, "empty"));
    execFileSync("tar", ["-czf", join(root, "games.tgz"), "-C", join(root, "data/json_2.1.1"), "train", "valid_seen"]);
    writeFileSync(join(root, "garbage.tgz"), "this is not gzip");
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("reads the data root, json_2.1.1 and a split directory, naming games from the split on", () => {
    const expected = [`train/${lookDir}/trial_T2/game.tw-pddl`, `train/${taskDir}/trial_T1/game.tw-pddl`, `valid_seen/${taskDir}/trial_T3/game.tw-pddl`];
    expect(loadGamesSync({ path: join(root, "data") }).paths()).toEqual(expected);
    expect(loadGamesSync({ path: join(root, "data/json_2.1.1") }).paths()).toEqual(expected);
    expect(loadGamesSync({ path: join(root, "data/json_2.1.1/valid_seen") }).paths()).toEqual([expected[2]]);
    const loose = loadGamesSync({ path: join(root, "loose") });
    expect(loose.paths()).toEqual(["mine/game.tw-pddl"]);
    expect(loose.entries[0]?.split).toBeUndefined();
    expect(loose.entries[0]?.taskType).toBe("pick_heat_then_place_in_recep"); // from the goal
  });

  it("reads a .tgz in process, with the same paths as the directory", async () => {
    const fromArchive = await loadGames({ path: join(root, "games.tgz") });
    expect(fromArchive.paths()).toEqual(loadGamesSync({ path: join(root, "data") }).paths());
    expect(loadGamesSync({ path: join(root, "games.tgz") }).paths()).toEqual(fromArchive.paths());
    expect(fromArchive.get(`valid_seen/${taskDir}/trial_T3`).load().taskLine).toBe("Your task is to: put a hot apple in countertop.");
  });

  it("filters by split and task type (by path, like upstream)", () => {
    const all = loadGamesSync({ path: join(root, "data") });
    expect(all.filter({ splits: ["train"] }).size).toBe(2);
    expect(loadGamesSync({ path: join(root, "data"), splits: ["valid_seen"] }).size).toBe(1);
    expect(all.filter({ taskTypes: ["look_at_obj_in_light"] }).paths()).toEqual([`train/${lookDir}/trial_T2/game.tw-pddl`]);
    expect(all.filter({ splits: ["train"], taskTypes: ["pick_heat_then_place_in_recep"] }).size).toBe(1);
  });

  it("uses $ALFWORLD_DATA when no path is given", () => {
    const saved = process.env[ALFWORLD_DATA_VARIABLE];
    try {
      process.env[ALFWORLD_DATA_VARIABLE] = join(root, "data");
      expect(loadGamesSync().size).toBe(3);
      delete process.env[ALFWORLD_DATA_VARIABLE];
      expect(() => loadGamesSync()).toThrow(/ALFWORLD_DATA/);
    } finally {
      if (saved === undefined) delete process.env[ALFWORLD_DATA_VARIABLE];
      else process.env[ALFWORLD_DATA_VARIABLE] = saved;
    }
  });

  it("finds games by exact path, without game.tw-pddl, or by a unique task/trial suffix", () => {
    const games = loadGamesSync({ path: join(root, "data") });
    const path = `train/${taskDir}/trial_T1/game.tw-pddl`;
    expect(games.find(path)?.path).toBe(path);
    expect(games.find(`train/${taskDir}/trial_T1`)?.path).toBe(path);
    expect(games.find(`${taskDir}/trial_T1`)?.path).toBe(path);
    expect(games.find(taskDir)).toBeUndefined(); // ambiguous
    expect(() => games.get("nope")).toThrow(InvalidInputError);
    expect(games.at(3).path).toBe(games.at(0).path);
    expect(games.at(-1).path).toBe(games.at(2).path);
  });

  it("parses lazily: a broken file fails only when used", async () => {
    const games = loadGamesSync({ path: join(root, "broken") });
    expect(games.size).toBe(1);
    expect(() => games.entries[0]?.load()).toThrow(/must be JSON/);
    await expect(loadGame(join(root, "broken/game.tw-pddl"))).rejects.toThrow(InvalidInputError);
    expect((await loadGame(join(root, "loose/mine/game.tw-pddl"))).taskLine).toMatch(/^Your task is to: /);
  });

  it("rejects a missing path, a directory without games and a corrupt archive", async () => {
    expect(() => loadGamesSync({ path: join(root, "missing") })).toThrow(/not found/);
    expect(() => loadGamesSync({ path: join(root, "empty") })).toThrow(/no game\.tw-pddl/);
    expect(() => loadGamesSync({ path: join(root, "garbage.tgz") })).toThrow(/not a gzip file/);
    await expect(loadGames({ path: join(root, "garbage.tgz") })).rejects.toThrow(InvalidInputError);
  });
});

// The real archives live in the shared data beside the project; a clone without it skips these.
describe.skipIf(!hasSharedAlfworld)("loading the shared ALFWorld archives", () => {
  it("reads valid_seen.tgz with the spec's task-type counts", async () => {
    const games = await loadGames({ path: sharedFile("valid_seen.tgz") });
    expect(games.size).toBe(140);
    const counts = TASK_TYPES.map((type) => games.filter({ taskTypes: [type] }).size);
    expect(counts).toEqual([35, 13, 27, 16, 25, 24]);
    expect(games.entries.every((entry) => entry.split === "valid_seen" && entry.path.startsWith("valid_seen/"))).toBe(true);
  });

  it("indexes train.tgz (3,553 games) without parsing them", async () => {
    const started = performance.now();
    const games = await loadGames({ path: sharedFile("train.tgz"), taskTypes: ["pick_two_obj_and_place"] });
    expect(games.size).toBe(813);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
