import { OBJECT_PLACEMENT, ROOM_KINDS, type RoomKind } from "../generator/room-statistics.js";
import { canContain } from "../generator/vocabulary.js";

/**
 * Where to look first, learned from ALFWorld's train split: for each room kind and object class,
 * a weight per receptacle instance of each class (`OBJECT_PLACEMENT`, the same table the
 * generator places objects with). The explorer sees only receptacle names, so it guesses the room
 * kind from them.
 */

const ROOM_MARKERS: ReadonlyArray<readonly [RoomKind, readonly string[]]> = [
  ["kitchen", ["fridge", "microwave", "stoveburner", "coffeemachine", "toaster"]],
  ["bathroom", ["toilet", "toiletpaperhanger", "towelholder", "handtowelholder", "bathtubbasin"]],
  ["bedroom", ["bed"]],
  ["livingroom", ["sofa", "tvstand", "coffeetable"]],
];

/** The room kind a set of receptacle classes suggests, or undefined when nothing gives it away. */
export function guessRoomKind(receptacleClasses: Iterable<string>): RoomKind | undefined {
  const present = new Set(receptacleClasses);
  for (const [room, markers] of ROOM_MARKERS) if (markers.some((marker) => present.has(marker))) return room;
  return undefined;
}

/** Chance that a receptacle of this class must be opened before its contents show. */
export function openableShare(receptacleClass: string): number {
  switch (receptacleClass) {
    case "fridge":
    case "microwave":
      return 1;
    case "cabinet":
    case "drawer":
    case "safe":
      return 0.83;
    default:
      return 0;
  }
}

/**
 * How promising one receptacle of `receptacleClass` is for finding `objectClass` (relative; 0 =
 * never seen there). Falls back to the average over room kinds, then to `canContain`, for classes
 * the room kind's table lacks.
 */
export function searchWeight(room: RoomKind | undefined, objectClass: string, receptacleClass: string): number {
  const own = room !== undefined ? OBJECT_PLACEMENT[room][objectClass] : undefined;
  if (own) return own.weights[receptacleClass] ?? 0;
  let sum = 0;
  let tables = 0;
  for (const kind of ROOM_KINDS) {
    const placement = OBJECT_PLACEMENT[kind][objectClass];
    if (!placement) continue;
    tables += 1;
    sum += placement.weights[receptacleClass] ?? 0;
  }
  if (tables > 0) return sum / tables;
  return canContain(receptacleClass, objectClass) ? 0.1 : 0;
}
