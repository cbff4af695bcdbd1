import type { GameGoal } from "../model/game-model.js";
import { ObjectFlag, ObjectStatic, ReceptacleStatic, type CompiledGame } from "./compiled-game.js";
import type { EngineState } from "./engine-state.js";
import { evaluateFormula, type FactOracle } from "./formula-evaluator.js";

/** A compiled goal test, run after every step. */
export type GoalCheck = (state: EngineState) => boolean;

const stateRequirement = {
  pick_and_place_simple: [0, 0],
  pick_clean_then_place_in_recep: [ObjectStatic.cleanable, ObjectFlag.clean],
  pick_heat_then_place_in_recep: [ObjectStatic.heatable, ObjectFlag.hot],
  pick_cool_then_place_in_recep: [ObjectStatic.coolable, ObjectFlag.cool],
} as const;

/**
 * Specialised tests equivalent to the six PDDL goal shapes (spec alfworld.md §8, quirks of §8.2
 * included: any instance counts, pick-two needs one receptacle, the look goal ignores where the
 * object came from). `pddl` goals fall back to `evaluateFormula`.
 */
export function compileGoalCheck(game: CompiledGame, goal: GameGoal): GoalCheck {
  const typeOf = (type: string) => game.typeIndex.get(type) ?? -2; // -2 matches nothing (-1 = untyped)
  const receptaclesOfType = (type: string) => {
    const t = typeOf(type);
    return game.receptacleIds.flatMap((_, r) => (game.receptacleType[r] === t ? [r] : []));
  };
  switch (goal.type) {
    case "pick_and_place_simple":
    case "pick_clean_then_place_in_recep":
    case "pick_heat_then_place_in_recep":
    case "pick_cool_then_place_in_recep": {
      const objectType = typeOf(goal.objectType);
      const targets = receptaclesOfType(goal.receptacleType);
      const [affordance, flag] = stateRequirement[goal.type];
      return (state) =>
        targets.some((r) =>
          (state.contents[r] as number[]).some(
            (o) =>
              game.objectType[o] === objectType &&
              ((game.objectStatic[o] as number) & affordance) === affordance &&
              ((state.flags[o] as number) & flag) === flag,
          ),
        );
    }
    case "pick_two_obj_and_place": {
      const objectType = typeOf(goal.objectType);
      const targets = receptaclesOfType(goal.receptacleType);
      return (state) =>
        targets.some((r) => {
          let count = 0;
          for (const o of state.contents[r] as number[]) if (game.objectType[o] === objectType && ++count === 2) return true;
          return false;
        });
    }
    case "look_at_obj_in_light": {
      const objectType = typeOf(goal.objectType);
      const toggleType = typeOf(goal.toggleType);
      return (state) => {
        if (state.held < 0 || game.objectType[state.held] !== objectType) return false;
        return (game.receptaclesAt[state.agentLocation] as readonly number[]).some((r) =>
          (state.contents[r] as number[]).some(
            (o) =>
              game.objectType[o] === toggleType &&
              (game.objectStatic[o] as number) & ObjectStatic.toggleable &&
              (state.flags[o] as number) & ObjectFlag.toggled,
          ),
        );
      };
    }
    case "pddl":
      return (state) => evaluateFormula(goal.formula, stateOracle(game, state));
  }
}

const checks = new WeakMap<CompiledGame, GoalCheck>();

/** The goal test of a compiled game's own goal, built once per game. */
export function gameGoalCheck(game: CompiledGame): GoalCheck {
  let check = checks.get(game);
  if (!check) {
    check = compileGoalCheck(game, game.game.goal);
    checks.set(game, check);
  }
  return check;
}

const objectStaticPredicates: Record<string, number> = {
  pickupable: ObjectStatic.pickupable,
  isreceptacleobject: ObjectStatic.receptacleObject,
  cleanable: ObjectStatic.cleanable,
  heatable: ObjectStatic.heatable,
  coolable: ObjectStatic.coolable,
  sliceable: ObjectStatic.sliceable,
  toggleable: ObjectStatic.toggleable,
};

const objectFlagPredicates: Record<string, number> = {
  isclean: ObjectFlag.clean,
  ishot: ObjectFlag.hot,
  iscool: ObjectFlag.cool,
  issliced: ObjectFlag.sliced,
  ison: ObjectFlag.on,
  istoggled: ObjectFlag.toggled,
};

/** The facts of an engine state, by id, for `evaluateFormula`. */
export function stateOracle(game: CompiledGame, state: EngineState): FactOracle {
  const receptacle = (id: string | undefined) => (id === undefined ? -1 : (game.receptacleIndex.get(id) ?? -1));
  const object = (id: string | undefined) => (id === undefined ? -1 : (game.objectIndex.get(id) ?? -1));
  const location = (id: string | undefined) => (id === undefined ? -1 : (game.locationIndex.get(id) ?? -1));
  const type = (id: string | undefined) => (id === undefined ? -1 : (game.typeIndex.get(id) ?? -1));
  const types = [...game.typeIndex.keys()];
  const typeCount = types.length;
  return {
    domain(kind) {
      switch (kind) {
        case "object":
          return game.objectIds;
        case "receptacle":
          return game.receptacleIds;
        case "location":
          return game.locationIds;
        case "agent":
          return [game.agentId];
        case "otype":
        case "rtype":
          return types;
        default:
          return [];
      }
    },
    holds(predicate, [a, b]) {
      const isAgent = a === game.agentId;
      switch (predicate) {
        case "atlocation":
          return isAgent && location(b) === state.agentLocation;
        case "holds":
          return isAgent && state.held >= 0 && object(b) === state.held;
        case "holdsany":
          return isAgent && state.held >= 0;
        case "receptacleatlocation": {
          const r = receptacle(a);
          return r >= 0 && game.receptacleLocation[r] === location(b);
        }
        case "receptacletype": {
          const r = receptacle(a);
          return r >= 0 && game.receptacleType[r] === type(b);
        }
        case "openable": {
          const r = receptacle(a);
          return r >= 0 && ((game.receptacleStatic[r] as number) & ReceptacleStatic.openable) !== 0;
        }
        case "opened": {
          const r = receptacle(a);
          return r >= 0 && state.opened[r] === 1;
        }
        case "inreceptacle": {
          const r = receptacle(b);
          return r >= 0 && (state.contents[r] as number[]).includes(object(a));
        }
        case "objectatlocation": {
          const o = object(a);
          return o >= 0 && (state.objectLocations[o] as number[]).includes(location(b));
        }
        case "inreceptacleobject": {
          const outer = object(b);
          return outer >= 0 && (game.objectContents[outer] as readonly number[]).includes(object(a));
        }
        case "objecttype": {
          const o = object(a);
          return o >= 0 && game.objectType[o] === type(b) && type(b) >= 0;
        }
        case "cancontain": {
          const rt = type(a);
          const ot = type(b);
          return rt >= 0 && ot >= 0 && game.canContain[rt * typeCount + ot] === 1;
        }
      }
      const o = object(a);
      if (o < 0) return false;
      const staticBit = objectStaticPredicates[predicate];
      if (staticBit !== undefined) return ((game.objectStatic[o] as number) & staticBit) !== 0;
      const flagBit = objectFlagPredicates[predicate];
      if (flagBit !== undefined) return ((state.flags[o] as number) & flagBit) !== 0;
      return false;
    },
  };
}
