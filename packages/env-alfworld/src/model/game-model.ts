import { z } from "zod";
import { GoalFormula } from "./goal-formula.js";

/**
 * The parsed form of one ALFWorld game: everything the engine needs, nothing more. The PDDL
 * parser (`parseGameFile`) produces it from a `game.tw-pddl` file, and a game generator can build
 * it directly. `formatPddlProblem` writes it back as a PDDL problem.
 *
 * Conventions (spec alfworld.md §3–4):
 * - every id and type is lower case;
 * - types are the PDDL type constants (`appletype`, `cabinettype`, `desklamptype`);
 * - printed names (`cabinet 3`) are not stored: they follow from the ids by the Demangler rule
 *   (`entityNames`), so an id such as `cabinet_bar_1` prints as `cabinet N`;
 * - relations are sets: an object may sit in several receptacles and at several locations
 *   (both happen in shipped games), exactly as the PDDL facts say.
 */

/** A receptacle: a fixed piece of furniture or an appliance the agent can go to. */
export const GameReceptacle = z.object({
  id: z.string().min(1),
  /** `receptacleType`, e.g. `cabinettype`. */
  type: z.string().min(1),
  /** `receptacleAtLocation`: the location id where it stands. Several receptacles may share one. */
  location: z.string().min(1),
  /** `openable` is per instance: some cabinets, drawers and safes are not. */
  openable: z.boolean().optional(),
  /** Initially `opened` (never true in shipped games). */
  opened: z.boolean().optional(),
});
export type GameReceptacle = z.infer<typeof GameReceptacle>;

/** An object: anything that is not a receptacle (pickupable things and scenery). */
export const GameObject = z.object({
  id: z.string().min(1),
  /** `objectType`, e.g. `appletype`. A few shipped objects have none (spec §4.3). */
  type: z.string().min(1).optional(),
  // static affordances
  pickupable: z.boolean().optional(),
  isReceptacleObject: z.boolean().optional(),
  cleanable: z.boolean().optional(),
  heatable: z.boolean().optional(),
  coolable: z.boolean().optional(),
  sliceable: z.boolean().optional(),
  toggleable: z.boolean().optional(),
  // initial dynamic state (only `isCool` occurs in shipped games)
  isClean: z.boolean().optional(),
  isHot: z.boolean().optional(),
  isCool: z.boolean().optional(),
  isSliced: z.boolean().optional(),
  isOn: z.boolean().optional(),
  isToggled: z.boolean().optional(),
  /** `inReceptacle(this, r)` for each receptacle id listed. */
  receptacles: z.array(z.string()).optional(),
  /** `objectAtLocation(this, l)` for each location id listed. */
  locations: z.array(z.string()).optional(),
  /** `inReceptacleObject(this, o)`: the receptacle objects (mug, bowl…) this object is inside. */
  insideObjects: z.array(z.string()).optional(),
});
export type GameObject = z.infer<typeof GameObject>;

const placeGoal = <T extends string>(type: T) =>
  z.object({ type: z.literal(type), objectType: z.string().min(1), receptacleType: z.string().min(1) });

/**
 * The goal of a game. The six task shapes of spec §8 are typed; any other PDDL goal is kept as a
 * formula (`type: "pddl"`) and evaluated generically. `goalToFormula` gives the exact PDDL of
 * each typed goal.
 */
export const GameGoal = z.discriminatedUnion("type", [
  /** Any `objectType` object in any `receptacleType` receptacle. */
  placeGoal("pick_and_place_simple"),
  /** Same, and the object is `cleanable` and `isClean`. */
  placeGoal("pick_clean_then_place_in_recep"),
  /** Same, and the object is `heatable` and `isHot`. */
  placeGoal("pick_heat_then_place_in_recep"),
  /** Same, and the object is `coolable` and `isCool`. */
  placeGoal("pick_cool_then_place_in_recep"),
  /** Two distinct `objectType` objects in one `receptacleType` receptacle. */
  placeGoal("pick_two_obj_and_place"),
  /** Holding an `objectType` object where a toggled `toggleType` lamp sits (always `desklamptype`). */
  z.object({ type: z.literal("look_at_obj_in_light"), objectType: z.string().min(1), toggleType: z.string().min(1) }),
  /** Any other goal, kept as its formula. */
  z.object({ type: z.literal("pddl"), formula: GoalFormula }),
]);
export type GameGoal = z.infer<typeof GameGoal>;

export const AlfworldGame = z.object({
  /** The task line printed at the end of the intro: `Your task is to: put two cd in safe.` */
  taskLine: z.string().startsWith("Your task is to: "),
  goal: GameGoal,
  agent: z.object({
    /** The agent constant, `agent1` in every shipped game. */
    id: z.string().min(1).default("agent1"),
    /** Start location id. In shipped games no receptacle stands there. */
    location: z.string().min(1),
    /** An object held at the start (never in shipped games). */
    holding: z.string().optional(),
  }),
  receptacles: z.array(GameReceptacle),
  objects: z.array(GameObject),
  /** `canContain(receptacleType, objectType)` pairs, per game. */
  canContain: z.array(z.tuple([z.string(), z.string()])),
  /** The expert command list, when known. */
  walkthrough: z.array(z.string()).optional(),
});
export type AlfworldGame = z.infer<typeof AlfworldGame>;
/** What a caller may pass before defaults are applied (e.g. `agent.id` left out). */
export type AlfworldGameInput = z.input<typeof AlfworldGame>;
