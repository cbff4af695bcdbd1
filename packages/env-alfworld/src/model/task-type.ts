/**
 * The six ALFWorld task types (spec alfworld.md §2, §8) and the per-type report columns of the
 * HiPER evaluation (plan-execute-hae.md §6.2).
 */
export const TASK_TYPES = [
  "pick_and_place_simple",
  "look_at_obj_in_light",
  "pick_clean_then_place_in_recep",
  "pick_heat_then_place_in_recep",
  "pick_cool_then_place_in_recep",
  "pick_two_obj_and_place",
] as const;
export type TaskTypeName = (typeof TASK_TYPES)[number];

/** Report column of a task type: `Pick`, `Look`, `Clean`, `Heat`, `Cool`, `Pick2`. */
export const TASK_TYPE_COLUMNS = ["Pick", "Look", "Clean", "Heat", "Cool", "Pick2"] as const;
export type TaskTypeColumn = (typeof TASK_TYPE_COLUMNS)[number];

const columnByType: Record<TaskTypeName, TaskTypeColumn> = {
  pick_and_place_simple: "Pick",
  look_at_obj_in_light: "Look",
  pick_clean_then_place_in_recep: "Clean",
  pick_heat_then_place_in_recep: "Heat",
  pick_cool_then_place_in_recep: "Cool",
  pick_two_obj_and_place: "Pick2",
};

/** The report column (`Pick`, …, `Pick2`) of a task type. */
export function taskTypeColumn(type: TaskTypeName): TaskTypeColumn {
  return columnByType[type];
}

/**
 * Path keys of plan-execute-hae.md §6.2, checked in this order. `pick_and_place` is a substring
 * match exactly as upstream keys it (it matches `pick_and_place_simple`).
 */
const pathKeys: ReadonlyArray<readonly [string, TaskTypeName]> = [
  ["pick_and_place", "pick_and_place_simple"],
  ["pick_two_obj_and_place", "pick_two_obj_and_place"],
  ["look_at_obj_in_light", "look_at_obj_in_light"],
  ["pick_heat_then_place_in_recep", "pick_heat_then_place_in_recep"],
  ["pick_cool_then_place_in_recep", "pick_cool_then_place_in_recep"],
  ["pick_clean_then_place_in_recep", "pick_clean_then_place_in_recep"],
];

/** The task type a game path names (`…/pick_two_obj_and_place-CD-None-Safe-308/…`), if any. */
export function taskTypeFromPath(path: string): TaskTypeName | undefined {
  for (const [key, type] of pathKeys) if (path.includes(key)) return type;
  return undefined;
}

export function isTaskTypeName(value: string): value is TaskTypeName {
  return (TASK_TYPES as readonly string[]).includes(value);
}
