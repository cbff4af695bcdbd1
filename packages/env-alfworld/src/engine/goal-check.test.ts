import { SeededRandom } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { loadGamesSync } from "../loader/load-games.js";
import type { AlfworldGame } from "../model/game-model.js";
import { goalToFormula } from "../model/goal-shapes.js";
import { hasSharedAlfworld, sharedFile } from "../test-support/shared-data.js";
import { tinyGame } from "../test-support/tiny-game.js";
import { admissibleCommands, findAdmissible, type AdmissibleCommands } from "./admissible.js";
import { applyAction } from "./apply-action.js";
import { compileGame } from "./compiled-game.js";
import { initialState } from "./engine-state.js";
import { compileGoalCheck, stateOracle } from "./goal-check.js";
import { evaluateFormula } from "./formula-evaluator.js";

/**
 * Walks the state graph directly (the walkthrough, then random admissible actions, going on past
 * a win, which the engine itself would refuse) and compares both goal tests in every state.
 */
function compareChecks(game: AlfworldGame, random: SeededRandom, steps: number): { states: number; wins: number } {
  const compiled = compileGame(game);
  const specialised = compileGoalCheck(compiled, game.goal);
  const formula = goalToFormula(game.goal);
  const state = initialState(compiled);
  let states = 0;
  let wins = 0;
  const check = () => {
    const generic = evaluateFormula(formula, stateOracle(compiled, state));
    expect(specialised(state)).toBe(generic);
    states += 1;
    if (generic) wins += 1;
  };
  const run = (choose: (admissible: AdmissibleCommands) => number) => {
    const admissible = admissibleCommands(compiled, state);
    const code = choose(admissible);
    if (code >= 0) applyAction(compiled, state, code);
    check();
  };
  check();
  for (const command of game.walkthrough ?? []) run((admissible) => findAdmissible(admissible, command));
  for (let i = 0; i < steps; i += 1) run((admissible) => random.pick(admissible.codes));
  return { states, wins };
}

describe("specialised goal checks equal the generic PDDL evaluation", () => {
  it("on the hand-made game, for every goal shape", () => {
    const random = new SeededRandom(7);
    const goals = [
      { type: "pick_and_place_simple", objectType: "mugtype", receptacleType: "desktype" },
      { type: "pick_clean_then_place_in_recep", objectType: "mugtype", receptacleType: "countertoptype" },
      { type: "pick_heat_then_place_in_recep", objectType: "appletype", receptacleType: "countertoptype" },
      { type: "pick_cool_then_place_in_recep", objectType: "tomatotype", receptacleType: "countertoptype" },
      { type: "pick_two_obj_and_place", objectType: "knifetype", receptacleType: "countertoptype" },
      { type: "look_at_obj_in_light", objectType: "alarmclocktype", toggleType: "desklamptype" },
    ] as const;
    let wins = 0;
    for (const goal of goals) for (let walk = 0; walk < 20; walk += 1) wins += compareChecks(tinyGame(goal), random, 60).wins;
    expect(wins).toBeGreaterThan(0);
  });

  // Real games come from the shared data beside the project; a clone without it skips this.
  it.skipIf(!hasSharedAlfworld)("on every valid_seen game", () => {
    const random = new SeededRandom(11);
    let wins = 0;
    for (const entry of loadGamesSync({ path: sharedFile("valid_seen.tgz") }).entries) wins += compareChecks(entry.load(), random, 40).wins;
    expect(wins).toBeGreaterThanOrEqual(140);
  });
});
