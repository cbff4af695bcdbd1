import type { SeededRandom } from "@hiper/core";
import type { IdFactory } from "./pddl-ids.js";
import {
  OBJECT_PLACEMENT,
  OPENABLE_MODES,
  RECEPTACLE_COUNTS,
  SHARED_LOCATIONS,
  type OpenableModes,
  type RoomKind,
} from "./room-statistics.js";
import type { SceneReceptacle, SceneTask } from "./scene.js";
import { pickWeighted, poisson } from "./sampling.js";
import { CLASS_NAMES, canContain } from "./vocabulary.js";

/** Knobs for the furniture of a room. */
export interface LayoutSize {
  /** Multiplies the count of every receptacle class that has several instances (1 = as in real scenes). */
  receptacleScale: number;
  /** Upper bound on the number of receptacles (required ones are always kept). */
  maxReceptacles?: number | undefined;
}

/** The appliance a task needs besides its target: sink basin, microwave or fridge. */
export function applianceClass(task: SceneTask): string | undefined {
  switch (task.type) {
    case "pick_clean_then_place_in_recep":
      return "sinkbasin";
    case "pick_heat_then_place_in_recep":
      return "microwave";
    case "pick_cool_then_place_in_recep":
      return "fridge";
    default:
      return undefined;
  }
}

/** Receptacle classes an object of `objectClass` may start in for this task (never the target class of a put task). */
export function sourceAllowed(task: SceneTask, objectClass: string, receptacleClass: string): boolean {
  if (!canContain(receptacleClass, objectClass)) return false;
  if (objectClass !== task.objectClass) return true;
  return !(task.type === "pick_and_place_simple" || task.type === "pick_two_obj_and_place") || receptacleClass !== task.receptacleClass;
}

const DEFAULT_OPENABLE: OpenableModes = { all: 3, mixed: 1, none: 0, mixedFraction: 0.6 };
const ALWAYS_OPENABLE = new Set(["fridge", "microwave"]);
const SOMETIMES_OPENABLE = new Set(["cabinet", "drawer", "safe"]);

/** Receptacles per game in the shipped data (spec §3.3): unscaled rooms are redrawn until they fit. */
const REAL_RECEPTACLE_RANGE = [6, 54] as const;

/** How many receptacles of each class the room gets, with the task's needs guaranteed. */
function receptacleCounts(random: SeededRandom, room: RoomKind, task: SceneTask, size: LayoutSize): Map<string, number> {
  const table = RECEPTACLE_COUNTS[room];
  const counts = new Map<string, number>();
  for (let attempt = 0; attempt < 20; attempt++) {
    let total = 0;
    for (const [className, distribution] of Object.entries(table)) {
      let count = pickWeighted(random, distribution);
      if (count > 1 && size.receptacleScale !== 1) count = Math.max(1, Math.round(count * size.receptacleScale));
      counts.set(className, count);
      total += count;
    }
    if (size.receptacleScale !== 1 || (total >= REAL_RECEPTACLE_RANGE[0] && total <= REAL_RECEPTACLE_RANGE[1])) break;
  }
  const required = new Set<string>();
  const need = (className: string) => {
    required.add(className);
    if ((counts.get(className) ?? 0) < 1) counts.set(className, 1);
  };
  if (task.type !== "look_at_obj_in_light") need(task.receptacleClass);
  const appliance = applianceClass(task);
  if (appliance) need(appliance);
  // somewhere to find the target object, and for the look task somewhere for the desk lamp
  const holders: Array<[string, (className: string) => boolean]> = [[task.objectClass, (c) => sourceAllowed(task, task.objectClass, c)]];
  if (task.type === "look_at_obj_in_light") holders.push(["desklamp", () => true]);
  for (const [objectClass, allowed] of holders) {
    const weights = Object.entries(OBJECT_PLACEMENT[room][objectClass]?.weights ?? {}).filter(
      ([className, weight]) => weight > 0 && table[className] !== undefined && allowed(className),
    );
    const present = weights.filter(([className]) => (counts.get(className) ?? 0) > 0);
    if (present.length > 0) {
      for (const [className] of present) required.add(className);
      continue;
    }
    if (weights.length > 0) need(pickWeighted(random, weights));
  }
  if (size.maxReceptacles !== undefined) shrink(random, counts, required, size.maxReceptacles);
  return counts;
}

/** Lowers counts until the total fits `max`: first the largest multi-instance classes, then optional classes. */
function shrink(random: SeededRandom, counts: Map<string, number>, required: Set<string>, max: number): void {
  const total = () => [...counts.values()].reduce((sum, n) => sum + n, 0);
  while (total() > max) {
    let largest: string | undefined;
    for (const [className, count] of counts) {
      if (count > 1 && (largest === undefined || count > (counts.get(largest) ?? 0))) largest = className;
    }
    if (largest !== undefined) {
      counts.set(largest, (counts.get(largest) ?? 1) - 1);
      continue;
    }
    const optional = [...counts.entries()].filter(([className, count]) => count > 0 && !required.has(className));
    if (optional.length === 0) return;
    const [dropped] = optional[random.int(optional.length)] as [string, number];
    counts.set(dropped, 0);
  }
}

function openableFlags(random: SeededRandom, room: RoomKind, className: string, count: number): boolean[] {
  if (ALWAYS_OPENABLE.has(className)) return Array.from({ length: count }, () => true);
  if (!SOMETIMES_OPENABLE.has(className)) return Array.from({ length: count }, () => false);
  const modes = OPENABLE_MODES[room][className] ?? DEFAULT_OPENABLE;
  const mode = pickWeighted(random, [
    ["all", modes.all],
    ["mixed", modes.mixed],
    ["none", modes.none],
  ] as const);
  if (mode === "all") return Array.from({ length: count }, () => true);
  if (mode === "none") return Array.from({ length: count }, () => false);
  return Array.from({ length: count }, () => random.next() < modes.mixedFraction);
}

/** The PDDL id of a new receptacle of a class (`Sink_bar_…_bar_SinkBasin` for a sink basin). */
function receptacleId(ids: IdFactory, className: string): string {
  if (className === "sinkbasin") return ids.entity("Sink", "SinkBasin");
  if (className === "bathtubbasin") return ids.entity("Bathtub", "BathtubBasin");
  return ids.entity(CLASS_NAMES[className] ?? className);
}

/**
 * The receptacles of a new room: counts per class drawn from real scenes of the room kind,
 * openable flags per instance, and some receptacles sharing one location (stove burner pairs,
 * cabinets over each other, a toaster on a countertop…) at the rates of real scenes.
 */
export function buildLayout(options: { random: SeededRandom; ids: IdFactory; room: RoomKind; task: SceneTask; size: LayoutSize }): SceneReceptacle[] {
  const { random, ids, room, task, size } = options;
  const receptacles: SceneReceptacle[] = [];
  for (const [className, count] of receptacleCounts(random, room, task, size)) {
    const openable = openableFlags(random, room, className, count);
    for (let i = 0; i < count; i++) {
      receptacles.push({ id: receptacleId(ids, className), className, location: ids.location(), openable: openable[i] ?? false });
    }
  }
  const shared = new Set<number>();
  for (const [classes, rate] of SHARED_LOCATIONS[room]) {
    const times = poisson(random, rate * Math.min(1, size.receptacleScale));
    for (let t = 0; t < times; t++) {
      const group: number[] = [];
      for (const className of classes) {
        const free = receptacles.flatMap((r, index) => (r.className === className && !shared.has(index) && !group.includes(index) ? [index] : []));
        if (free.length === 0) break;
        group.push(free[random.int(free.length)] as number);
      }
      if (group.length !== classes.length) continue;
      const location = (receptacles[group[0] as number] as SceneReceptacle).location;
      for (const index of group) {
        shared.add(index);
        (receptacles[index] as SceneReceptacle).location = location;
      }
    }
  }
  return receptacles;
}
