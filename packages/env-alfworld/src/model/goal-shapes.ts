import type { GameGoal } from "./game-model.js";
import { formatGoalFormula, type GoalFormula } from "./goal-formula.js";
import type { TaskTypeName } from "./task-type.js";

/**
 * The exact PDDL goals of the six task types (spec alfworld.md §8), lower-cased, as they appear in
 * every shipped `game.tw-pddl`, and the way back from a parsed formula to a typed goal.
 */

const atom = (predicate: string, ...args: string[]): GoalFormula => ({ op: "atom", predicate, args });
const and = (...args: GoalFormula[]): GoalFormula => ({ op: "and", args });
const exists = (variables: Array<[string, string]>, body: GoalFormula): GoalFormula => ({
  op: "exists",
  variables: variables.map(([name, type]) => ({ name, type })),
  body,
});

const stateGoals = {
  pick_clean_then_place_in_recep: ["cleanable", "isclean"],
  pick_heat_then_place_in_recep: ["heatable", "ishot"],
  pick_cool_then_place_in_recep: ["coolable", "iscool"],
} as const;

/** The PDDL formula of a goal, exactly as upstream writes it (a `pddl` goal is returned as is). */
export function goalToFormula(goal: GameGoal): GoalFormula {
  switch (goal.type) {
    case "pick_and_place_simple": {
      const { objectType, receptacleType } = goal;
      return and(
        exists(
          [["?r", "receptacle"]],
          exists(
            [["?o", "object"]],
            and(atom("inreceptacle", "?o", "?r"), atom("objecttype", "?o", objectType), atom("receptacletype", "?r", receptacleType)),
          ),
        ),
      );
    }
    case "pick_clean_then_place_in_recep":
    case "pick_heat_then_place_in_recep":
    case "pick_cool_then_place_in_recep": {
      const [affordance, property] = stateGoals[goal.type];
      return and(
        exists(
          [["?r", "receptacle"]],
          exists(
            [["?o", "object"]],
            and(
              atom(affordance, "?o"),
              atom("objecttype", "?o", goal.objectType),
              atom("receptacletype", "?r", goal.receptacleType),
              atom(property, "?o"),
              atom("inreceptacle", "?o", "?r"),
            ),
          ),
        ),
      );
    }
    case "pick_two_obj_and_place": {
      const { objectType, receptacleType } = goal;
      return and(
        exists(
          [["?r", "receptacle"]],
          exists(
            [["?o1", "object"]],
            and(
              atom("objecttype", "?o1", objectType),
              atom("receptacletype", "?r", receptacleType),
              atom("inreceptacle", "?o1", "?r"),
              exists(
                [["?o2", "object"]],
                and(
                  { op: "not", arg: { op: "equal", left: "?o1", right: "?o2" } },
                  atom("objecttype", "?o2", objectType),
                  atom("receptacletype", "?r", receptacleType),
                  atom("inreceptacle", "?o2", "?r"),
                ),
              ),
            ),
          ),
        ),
      );
    }
    case "look_at_obj_in_light":
      return and(
        exists(
          [
            ["?ot", "object"],
            ["?r", "receptacle"],
            ["?a", "agent"],
            ["?l", "location"],
          ],
          and(
            atom("objecttype", "?ot", goal.toggleType),
            atom("toggleable", "?ot"),
            atom("istoggled", "?ot"),
            atom("receptacleatlocation", "?r", "?l"),
            atom("atlocation", "?a", "?l"),
            atom("inreceptacle", "?ot", "?r"),
          ),
        ),
        exists(
          [
            ["?o", "object"],
            ["?a", "agent"],
          ],
          and(atom("objecttype", "?o", goal.objectType), atom("holds", "?a", "?o")),
        ),
      );
    case "pddl":
      return goal.formula;
  }
}

function collectTypeConstants(formula: GoalFormula, predicate: string, out: string[]): string[] {
  switch (formula.op) {
    case "and":
    case "or":
      for (const arg of formula.args) collectTypeConstants(arg, predicate, out);
      break;
    case "not":
      collectTypeConstants(formula.arg, predicate, out);
      break;
    case "exists":
    case "forall":
      collectTypeConstants(formula.body, predicate, out);
      break;
    case "atom": {
      const constant = formula.args[1];
      if (formula.predicate === predicate && constant !== undefined && !constant.startsWith("?")) out.push(constant);
      break;
    }
    case "equal":
      break;
  }
  return out;
}

/**
 * The typed goal whose exact formula this is, or a `pddl` goal when the formula has none of the six
 * shapes (a different order of conjuncts also counts as "none": it is then evaluated generically,
 * with the same result).
 */
export function recognizeGoal(formula: GoalFormula): GameGoal {
  const objectTypes = collectTypeConstants(formula, "objecttype", []);
  const receptacleTypes = collectTypeConstants(formula, "receptacletype", []);
  const candidates: GameGoal[] = [];
  const objectType = objectTypes[0];
  const receptacleType = receptacleTypes[0];
  if (objectType !== undefined && receptacleType !== undefined) {
    for (const type of placeTaskTypes) candidates.push({ type, objectType, receptacleType });
  }
  const toggleType = objectTypes[0];
  const heldType = objectTypes[1];
  if (toggleType !== undefined && heldType !== undefined) {
    candidates.push({ type: "look_at_obj_in_light", objectType: heldType, toggleType });
  }
  const text = formatGoalFormula(formula);
  return candidates.find((goal) => formatGoalFormula(goalToFormula(goal)) === text) ?? { type: "pddl", formula };
}

const placeTaskTypes = [
  "pick_and_place_simple",
  "pick_clean_then_place_in_recep",
  "pick_heat_then_place_in_recep",
  "pick_cool_then_place_in_recep",
  "pick_two_obj_and_place",
] as const;

/** The task type of a goal, if it is one of the six shapes. */
export function goalTaskType(goal: GameGoal): TaskTypeName | undefined {
  return goal.type === "pddl" ? undefined : goal.type;
}
