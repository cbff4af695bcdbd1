import type { AlfworldGame, GameGoal } from "../model/game-model.js";

/**
 * Tests only: a small hand-made kitchen that exercises every command without the shared data.
 *
 * Receptacles (printed names): cabinet 1 (openable), countertop 1 and toaster 1 (one location),
 * desk 1, drawer 2 (not openable) and drawer 1 (openable) at one location, fridge 1, microwave 1,
 * sinkbasin 1. Objects: apple 1 and knife 1 on the countertop, mug 1 holding pencil 1 in the
 * cabinet, desklamp 1 and alarmclock 1 on the desk, a cold tomato 1 in the fridge, scenery sink 1.
 */
export function tinyGame(goal: GameGoal = { type: "pick_heat_then_place_in_recep", objectType: "appletype", receptacleType: "countertoptype" }): AlfworldGame {
  return {
    taskLine: "Your task is to: put a hot apple in countertop.",
    goal,
    agent: { id: "agent1", location: "loc_bar_start" },
    receptacles: [
      { id: "cabinet_bar_1", type: "cabinettype", location: "loc_bar_b", openable: true },
      { id: "countertop_bar_1", type: "countertoptype", location: "loc_bar_a" },
      { id: "desk_bar_1", type: "desktype", location: "loc_bar_f" },
      { id: "drawer_bar_1", type: "drawertype", location: "loc_bar_g" },
      { id: "drawer_bar_2", type: "drawertype", location: "loc_bar_g", openable: true },
      { id: "fridge_bar_1", type: "fridgetype", location: "loc_bar_c", openable: true },
      { id: "microwave_bar_1", type: "microwavetype", location: "loc_bar_d", openable: true },
      { id: "sink_bar_1_bar_sinkbasin", type: "sinkbasintype", location: "loc_bar_e" },
      { id: "toaster_bar_1", type: "toastertype", location: "loc_bar_a" },
    ],
    objects: [
      { id: "alarmclock_bar_1", type: "alarmclocktype", pickupable: true, receptacles: ["desk_bar_1"], locations: ["loc_bar_f"] },
      {
        id: "apple_bar_1",
        type: "appletype",
        pickupable: true,
        heatable: true,
        coolable: true,
        cleanable: true,
        sliceable: true,
        receptacles: ["countertop_bar_1"],
        locations: ["loc_bar_a"],
      },
      { id: "desklamp_bar_1", type: "desklamptype", toggleable: true, receptacles: ["desk_bar_1"], locations: ["loc_bar_f"] },
      { id: "knife_bar_1", type: "knifetype", pickupable: true, cleanable: true, receptacles: ["countertop_bar_1"], locations: ["loc_bar_a"] },
      {
        id: "mug_bar_1",
        type: "mugtype",
        pickupable: true,
        isReceptacleObject: true,
        heatable: true,
        coolable: true,
        cleanable: true,
        receptacles: ["cabinet_bar_1"],
        locations: ["loc_bar_b"],
      },
      { id: "pencil_bar_1", type: "penciltype", pickupable: true, receptacles: ["cabinet_bar_1"], locations: ["loc_bar_b"], insideObjects: ["mug_bar_1"] },
      { id: "sink_bar_1", type: "sinktype", locations: ["loc_bar_e"] },
      {
        id: "tomato_bar_1",
        type: "tomatotype",
        pickupable: true,
        heatable: true,
        coolable: true,
        cleanable: true,
        sliceable: true,
        isCool: true,
        receptacles: ["fridge_bar_1"],
        locations: ["loc_bar_c"],
      },
    ],
    canContain: [
      ["countertoptype", "appletype"],
      ["countertoptype", "knifetype"],
      ["countertoptype", "mugtype"],
      ["countertoptype", "penciltype"],
      ["countertoptype", "alarmclocktype"],
      ["countertoptype", "tomatotype"],
      ["cabinettype", "mugtype"],
      ["fridgetype", "appletype"],
      ["fridgetype", "mugtype"],
      ["fridgetype", "tomatotype"],
      ["microwavetype", "appletype"],
      ["microwavetype", "mugtype"],
      ["sinkbasintype", "appletype"],
      ["sinkbasintype", "knifetype"],
      ["sinkbasintype", "mugtype"],
      ["desktype", "alarmclocktype"],
      ["desktype", "mugtype"],
      ["desktype", "penciltype"],
      ["drawertype", "knifetype"],
      ["drawertype", "penciltype"],
    ],
  };
}
