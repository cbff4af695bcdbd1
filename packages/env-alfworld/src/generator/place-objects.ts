import type { SeededRandom } from "@hiper/core";
import { sourceAllowed } from "./build-layout.js";
import type { IdFactory } from "./pddl-ids.js";
import { OBJECT_COUNTS, OBJECT_PLACEMENT, type RoomKind } from "./room-statistics.js";
import type { SceneObject, SceneReceptacle, SceneTask } from "./scene.js";
import { pickIndexByWeight, pickWeighted } from "./sampling.js";
import { CLASS_NAMES, canContain, OBJECT_CLASSES } from "./vocabulary.js";

/** Knobs for the objects of a room. */
export interface ObjectSize {
  /** Scales how many objects besides the task's own a room holds: 0 = none, 1 = as in real games, 2 = twice as many. */
  distractors: number;
  /** Include scenery (windows, chairs, light switches… never reachable). */
  scenery: boolean;
}

/** Scenery tied one-to-one to a receptacle class: a `Sink` per sink basin, a `StoveKnob` per burner… */
const TIED_SCENERY: Readonly<Record<string, string>> = { sink: "sinkbasin", bathtub: "bathtubbasin", stoveknob: "stoveburner" };

/** Share of objects inside a fridge that start cold (433 of the shipped games' fridge contents). */
const COLD_IN_FRIDGE = 0.05;
/** Share of small objects that sit inside a bowl, mug, plate… on the same receptacle. */
const INSIDE_RECEPTACLE_OBJECT = 0.06;
const SMALL_OBJECTS = new Set(["butterknife", "creditcard", "dishsponge", "fork", "keychain", "knife", "pen", "pencil", "spatula", "spoon"]);

/** How many objects of a class the task needs within reach: its targets (two for pick-two) and a desk lamp to look under. */
function requiredCount(className: string, task: SceneTask): number {
  if (className === task.objectClass) return task.type === "pick_two_obj_and_place" ? 2 : 1;
  return className === "desklamp" && task.type === "look_at_obj_in_light" ? 1 : 0;
}

/** How many objects of a class the room holds, or 0. */
function objectCount(random: SeededRandom, room: RoomKind, className: string, task: SceneTask, size: ObjectSize): number {
  const stats = OBJECT_COUNTS[room][className];
  if (!stats) return 0;
  const info = OBJECT_CLASSES[className];
  const minimum = requiredCount(className, task);
  if (minimum > 0) return Math.max(minimum, pickWeighted(random, stats.counts));
  const scenery = !info?.pickupable && !info?.toggleable;
  if (scenery && !size.scenery) return 0;
  const scale = scenery ? 1 : size.distractors;
  if (random.next() >= Math.min(1, stats.present * scale)) return 0;
  const count = pickWeighted(random, stats.counts);
  return scale > 1 ? Math.max(1, Math.round(count * scale)) : count;
}

/**
 * The objects of a new room: classes and counts drawn from real games of the room kind, each
 * object put into a receptacle instance with probability proportional to its class's weight for
 * that receptacle class (or left on the floor at the real rate). The task's objects are always
 * reachable (in a receptacle that is not the target class of a put task), a look task has a desk
 * lamp in a receptacle, and no goal holds at the start. Returns undefined when the room cannot
 * hold them (the caller retries).
 */
export function placeObjects(options: {
  random: SeededRandom;
  ids: IdFactory;
  room: RoomKind;
  task: SceneTask;
  receptacles: readonly SceneReceptacle[];
  size: ObjectSize;
}): SceneObject[] | undefined {
  const { random, ids, room, task, receptacles, size } = options;
  const objects: SceneObject[] = [];
  const tiedCounts = new Map<string, SceneReceptacle[]>();
  for (const receptacle of receptacles) {
    const list = tiedCounts.get(receptacle.className) ?? [];
    list.push(receptacle);
    tiedCounts.set(receptacle.className, list);
  }

  for (const className of Object.keys(OBJECT_COUNTS[room])) {
    const tiedTo = TIED_SCENERY[className];
    if (tiedTo !== undefined) {
      if (!size.scenery) continue;
      for (const receptacle of tiedCounts.get(tiedTo) ?? []) {
        objects.push({
          id: ids.sibling(receptacle.id, CLASS_NAMES[className] ?? className),
          className,
          receptacle: -1,
          location: ids.location(),
          cool: false,
          insideObject: -1,
        });
      }
      continue;
    }
    const count = objectCount(random, room, className, task, size);
    const mustReach = requiredCount(className, task);
    for (let i = 0; i < count; i++) {
      const receptacle = placeOne(random, room, task, receptacles, className, i < mustReach);
      if (receptacle === undefined) return undefined;
      const where = receptacle >= 0 ? (receptacles[receptacle] as SceneReceptacle) : undefined;
      const inFridge = where?.className === "fridge";
      const cold = inFridge && !(task.type === "pick_cool_then_place_in_recep" && className === task.objectClass) && random.next() < COLD_IN_FRIDGE;
      objects.push({
        id: ids.entity(CLASS_NAMES[className] ?? className),
        className,
        receptacle,
        location: where ? where.location : ids.location(),
        cool: cold,
        insideObject: -1,
      });
    }
  }
  nestSmallObjects(random, task, objects);
  return objects;
}

/** Index of the receptacle for one object, -1 for the floor, undefined when `reachable` cannot be met. */
function placeOne(
  random: SeededRandom,
  room: RoomKind,
  task: SceneTask,
  receptacles: readonly SceneReceptacle[],
  className: string,
  reachable: boolean,
): number | undefined {
  const placement = OBJECT_PLACEMENT[room][className];
  const pickupable = OBJECT_CLASSES[className]?.pickupable ?? false;
  if (!reachable && (!placement || random.next() < placement.floor)) return -1;
  const allowed = (receptacle: SceneReceptacle) => !pickupable || sourceAllowed(task, className, receptacle.className);
  const weights = receptacles.map((receptacle) => (allowed(receptacle) ? (placement?.weights[receptacle.className] ?? 0) : 0));
  const chosen = pickIndexByWeight(random, weights);
  if (chosen >= 0) return chosen;
  if (!reachable) return -1;
  const fallback = receptacles.map((receptacle) => (pickupable && allowed(receptacle) && canContain(receptacle.className, className) ? 1 : 0));
  const index = pickIndexByWeight(random, fallback);
  return index >= 0 ? index : undefined;
}

/** Puts a few small objects inside a receptacle object (a fork in a bowl) on the same receptacle (`inReceptacleObject`). */
function nestSmallObjects(random: SeededRandom, task: SceneTask, objects: SceneObject[]): void {
  const containersByReceptacle = new Map<number, number[]>();
  objects.forEach((object, index) => {
    if (object.receptacle < 0 || !OBJECT_CLASSES[object.className]?.receptacleObject) return;
    const list = containersByReceptacle.get(object.receptacle) ?? [];
    list.push(index);
    containersByReceptacle.set(object.receptacle, list);
  });
  for (const object of objects) {
    if (object.receptacle < 0 || !SMALL_OBJECTS.has(object.className) || object.className === task.objectClass) continue;
    const containers = containersByReceptacle.get(object.receptacle);
    if (!containers || random.next() >= INSIDE_RECEPTACLE_OBJECT) continue;
    object.insideObject = containers[random.int(containers.length)] as number;
  }
}
