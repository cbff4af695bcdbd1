import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { HiperError, InvalidInputError } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { AlfworldEngine } from "../engine/alfworld-engine.js";
import { loadGamesSync } from "../loader/load-games.js";
import { readTar } from "../loader/tar-reader.js";
import { recognizeGoal } from "../model/goal-shapes.js";
import { hasSharedAlfworld, sharedFile } from "../test-support/shared-data.js";
import { tinyGame } from "../test-support/tiny-game.js";
import { formatPddlProblem } from "./format-problem.js";
import { parseGameFile, readTaskLine } from "./game-file.js";
import { parseGoalFormula, parsePddlProblem } from "./parse-problem.js";
import { parseSExpressions } from "./s-expression.js";

const grammarFor = (taskLine: string) => `grammar :: """\n{\n  "intro": [ { "rhs": "x" } ],\n  "task": [\n    {\n      "rhs": ${JSON.stringify(taskLine)}\n    }\n  ]\n}\n""";`;

function tinyFile(overrides: Record<string, unknown> = {}) {
  const game = tinyGame();
  return { pddl_domain: "(define (domain alfred))", grammar: grammarFor(game.taskLine), pddl_problem: formatPddlProblem(game), solvable: true, walkthrough: ["go to countertop 1"], ...overrides };
}

function errorOf(run: () => unknown): HiperError {
  try {
    run();
  } catch (error) {
    if (HiperError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected an error");
}

describe("parseGameFile", () => {
  it("reads a file written from a model back to the same model", () => {
    const game = tinyGame();
    const parsed = parseGameFile(JSON.stringify(tinyFile()), { source: "tiny/game.tw-pddl" });
    expect(parsed).toEqual({ ...game, walkthrough: ["go to countertop 1"] });
  });

  it("reads the task line of the grammar's task rule, escapes included", () => {
    expect(readTaskLine(grammarFor('Your task is to: put a "cd" in safe.'))).toBe('Your task is to: put a "cd" in safe.');
    expect(readTaskLine("no rule here")).toBeUndefined();
  });

  it.each([
    ["not JSON", "{ this is not json", /must be JSON/],
    ["a JSON array", "[1, 2]", /not a game\.tw-pddl file/],
    ["no pddl_problem", JSON.stringify(tinyFile({ pddl_problem: undefined })), /pddl_problem/],
    ["no grammar", JSON.stringify(tinyFile({ grammar: 12 })), /grammar/],
    ["an unsolvable game", JSON.stringify(tinyFile({ solvable: false })), /unsolvable/],
    ["no task rule", JSON.stringify(tinyFile({ grammar: "{}" })), /no "task" rule/],
    ["an unbalanced problem", JSON.stringify(tinyFile({ pddl_problem: "(define (problem p) (:init (atLocation agent1 l)" })), /does not parse: unclosed/],
    ["a problem without a goal", JSON.stringify(tinyFile({ pddl_problem: "(define (problem p) (:init (atLocation agent1 l)))" })), /no \(:goal/],
    ["no agent location", JSON.stringify(tinyFile({ pddl_problem: "(define (problem p) (:init (openable r)) (:goal (and)))" })), /no \(atLocation/],
    [
      "a receptacle at two locations",
      JSON.stringify(tinyFile({ pddl_problem: "(define (problem p) (:init (atLocation agent1 l0) (receptacleType r t) (receptacleAtLocation r l1) (receptacleAtLocation r l2)) (:goal (and)))" })),
      /location of r is given twice/,
    ],
    [
      "an id used as two kinds",
      JSON.stringify(tinyFile({ pddl_problem: "(define (problem p) (:init (atLocation agent1 l0) (objectAtLocation l0 l0)) (:goal (and)))" })),
      /used both as/,
    ],
  ])("rejects %s with InvalidInputError", (_name, text, message) => {
    const error = errorOf(() => parseGameFile(text, { source: "bad/game.tw-pddl" }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.code).toBe("invalid_input");
    expect(error.message).toMatch(/^bad\/game\.tw-pddl: /);
    expect(error.message).toMatch(message);
  });

  it("keeps an unknown goal shape as a formula and evaluates it generically", () => {
    const formula = parseGoalFormula(parseSExpressions("(and (exists (?o - object) (and (holds agent1 ?o) (isHot ?o))))")[0]);
    const goal = recognizeGoal(formula);
    expect(goal.type).toBe("pddl");
    const engine = new AlfworldEngine({ ...tinyGame(), goal });
    engine.reset();
    for (const command of ["go to countertop 1", "take apple 1 from countertop 1", "go to microwave 1"]) expect(engine.step(command).won).toBe(false);
    expect(engine.step("heat apple 1 with microwave 1").won).toBe(true);
  });

  it("ignores comments, (= …) assignments and repeated facts", () => {
    const problem = parsePddlProblem("; header\n(define (problem p) ; name\n (:init (= (total-cost) 0) (openable r) (openable r)) (:goal (and)))");
    expect(problem.init).toEqual([["openable", "r"]]);
  });
});

// Real game files come from the shared data beside the project; a clone without it skips these.
describe.skipIf(!hasSharedAlfworld)("parseGameFile on real games", () => {
  const games = () => loadGamesSync({ path: sharedFile("valid_seen.tgz") });

  it("parses a real game into the typed model", () => {
    const entry = games().get("valid_seen/pick_two_obj_and_place-CD-None-Drawer-304/trial_T20190907_230232_832893/game.tw-pddl");
    const game = entry.load();
    expect(game.taskLine).toBe("Your task is to: put two cd in drawer.");
    expect(game.goal).toEqual({ type: "pick_two_obj_and_place", objectType: "cdtype", receptacleType: "drawertype" });
    expect(game.agent.id).toBe("agent1");
    expect(game.receptacles.map((r) => r.type).filter((t) => t === "drawertype")).toHaveLength(3);
    expect(game.walkthrough?.length).toBeGreaterThan(2);
  });

  it("recognises the six goal shapes in every game and round-trips every model through PDDL text", () => {
    for (const entry of games().entries) {
      const game = entry.load();
      expect(game.goal.type).toBe(entry.pathTaskType);
      const text = JSON.stringify({ grammar: grammarFor(game.taskLine), pddl_problem: formatPddlProblem(game), walkthrough: game.walkthrough });
      expect(parseGameFile(text)).toEqual(game);
    }
  });

  it("rejects a corrupted real file: cut short, or with its problem cut in half", () => {
    const member = readTar(gunzipSync(readFileSync(sharedFile("valid_seen.tgz")))).find((file) => file.path.endsWith("game.tw-pddl"))!;
    const text = new TextDecoder().decode(member.data);
    expect(parseGameFile(text, { source: member.path }).taskLine).toMatch(/^Your task is to: /);
    expect(() => parseGameFile(text.slice(0, text.length / 2), { source: member.path })).toThrow(/must be JSON/);
    const json = JSON.parse(text) as { pddl_problem: string };
    const cut = JSON.stringify({ ...json, pddl_problem: json.pddl_problem.slice(0, json.pddl_problem.length / 2) });
    expect(() => parseGameFile(cut, { source: member.path })).toThrow(/does not parse/);
  });
});
