import { InvalidInputError, type SeededRandom } from "@hiper/core";
import { TASK_TYPES, type TaskTypeName } from "../model/task-type.js";
import { OBJECT_COUNTS, RECEPTACLE_COUNTS, ROOM_KINDS, type RoomKind, type Weighted } from "./room-statistics.js";
import type { SceneTask } from "./scene.js";
import { pickWeightedAt } from "./sampling.js";
import { TASK_TARGETS, type TaskTargets } from "./task-statistics.js";
import { canContain, OBJECT_CLASSES } from "./vocabulary.js";

export interface TaskChoice {
  taskType?: TaskTypeName | undefined;
  room?: RoomKind | undefined;
  objectClass?: string | undefined;
  receptacleClass?: string | undefined;
}

/** Rooms a task type can be set in (spec §15.5, `GOALS_VALID`). */
export function roomsForTaskType(type: TaskTypeName): RoomKind[] {
  return ROOM_KINDS.filter((room) => TASK_TARGETS[type][room] !== undefined);
}

/** Whether an object class can be the target of a task type (its affordance, spec §15.1). */
export function objectFitsTask(type: TaskTypeName, objectClass: string): boolean {
  const info = OBJECT_CLASSES[objectClass];
  if (!info?.pickupable) return false;
  switch (type) {
    case "pick_clean_then_place_in_recep":
      return info.cleanable;
    case "pick_heat_then_place_in_recep":
      return info.heatable;
    case "pick_cool_then_place_in_recep":
      return info.coolable;
    case "pick_and_place_simple":
    case "look_at_obj_in_light":
    case "pick_two_obj_and_place":
      return true;
  }
}

/** Whether a (task, room, object, receptacle) combination can be generated and won. */
function validTarget(type: TaskTypeName, room: RoomKind, objectClass: string, receptacleClass: string): boolean {
  if (!objectFitsTask(type, objectClass) || OBJECT_COUNTS[room][objectClass] === undefined) return false;
  if (type === "look_at_obj_in_light") return receptacleClass === "desklamp";
  return RECEPTACLE_COUNTS[room][receptacleClass] !== undefined && canContain(receptacleClass, objectClass);
}

const taskTypeWeights: Weighted<TaskTypeName> = TASK_TYPES.map((type) => [
  type,
  Object.values(TASK_TARGETS[type]).reduce((sum, targets) => sum + (targets?.games ?? 0), 0),
]);

/** The allowed items; a pinned value replaces the list (kept only if allowed, weight 1). */
function candidates(items: Weighted<string>, allowed: (value: string) => boolean, pinned: string | undefined): Weighted<string> {
  if (pinned !== undefined) return allowed(pinned) ? [[pinned, 1]] : [];
  return items.filter(([value]) => allowed(value));
}

/**
 * Picks the task of a new game: its type (train-split frequencies unless given), a room kind the
 * type allows, and target classes drawn from the train split's targets for that type and room,
 * keeping only combinations that can be won (`canContain`, affordances). Pinned fields are
 * validated and kept. Always consumes the same five draws of `random`, so pinning a field to the
 * value it would have had anyway gives the same game. Throws `InvalidInputError` for an impossible
 * combination.
 */
export function chooseTask(random: SeededRandom, choice: TaskChoice): { room: RoomKind; task: SceneTask } {
  const draws = [random.next(), random.next(), random.next(), random.next(), random.next()] as const;
  const type = choice.taskType ?? pickWeightedAt(draws[0], taskTypeWeights);
  const rooms = roomsForTaskType(type);
  if (choice.room !== undefined && !rooms.includes(choice.room)) {
    throw new InvalidInputError(`a ${type} game cannot be set in a ${choice.room} (possible: ${rooms.join(", ")})`);
  }
  const objectsFor = (room: RoomKind, targets: TaskTargets): Weighted<string> =>
    candidates(targets.objects, (value) => objectFitsTask(type, value) && OBJECT_COUNTS[room][value] !== undefined, choice.objectClass).filter(
      ([objectClass]) => receptaclesFor(room, targets, objectClass).length > 0,
    );
  const receptaclesFor = (room: RoomKind, targets: TaskTargets, objectClass: string): Weighted<string> =>
    candidates(targets.receptacles, (value) => validTarget(type, room, objectClass, value), choice.receptacleClass);

  const roomCandidates: Array<readonly [RoomKind, number]> = [];
  for (const room of rooms) {
    const targets = TASK_TARGETS[type][room];
    if (targets && objectsFor(room, targets).length > 0) roomCandidates.push([room, choice.room === undefined || choice.room === room ? targets.games : 0]);
  }
  if (!roomCandidates.some(([, weight]) => weight > 0)) {
    const wanted = [choice.objectClass, choice.receptacleClass].filter((v) => v !== undefined).join(" / ");
    throw new InvalidInputError(`no ${choice.room ?? "room"} can hold a ${type} game with ${wanted || "these settings"}`);
  }
  const room = pickWeightedAt(draws[1], roomCandidates);
  const targets = TASK_TARGETS[type][room] as TaskTargets;
  const objectClass = pickWeightedAt(draws[2], objectsFor(room, targets));
  const receptacleClass = pickWeightedAt(draws[3], receptaclesFor(room, targets, objectClass));
  const template = draws[4] < 0.5 ? 0 : 1;
  return { room, task: { type, objectClass, receptacleClass, template } };
}
