/**
 * Development script (not part of the package API): derives the generator's tables —
 * `vocabulary.ts`, `room-statistics.ts`, `task-statistics.ts` — from ALFWorld's train split.
 *
 *   npx tsx packages/env-alfworld/src/generator/derive-statistics.ts [path/to/train.tgz]
 *
 * The default path is the shared data beside the project (`../shared/data/alfworld/train.tgz`).
 * Only statistics are written; no game is copied.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { loadGamesSync } from "../loader/load-games.js";
import { readTar } from "../loader/tar-reader.js";
import type { AlfworldGame } from "../model/game-model.js";
import { TASK_TYPES } from "../model/task-type.js";

const ROOMS = ["kitchen", "bathroom", "bedroom", "livingroom"] as const;
type Room = (typeof ROOMS)[number];

interface TrainGame {
  path: string;
  taskType: string;
  objectClass: string;
  receptacleClass: string;
  scene: number;
  room: Room;
  game: AlfworldGame;
}

const strip = (type: string) => type.replace(/type$/, "");
const roomOf = (scene: number): Room => (scene <= 30 ? "kitchen" : scene < 300 ? "livingroom" : scene < 400 ? "bedroom" : "bathroom");

function increment<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}
/** `[key, count]` by count descending, then key. */
function byCount<K extends string | number>(map: Map<K, number>): Array<[K, number]> {
  return [...map.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
}
const byKey = <K extends string | number>(map: Map<K, number>): Array<[K, number]> => [...map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const round = (value: number, digits: number) => Number(value.toFixed(digits));
const json = (value: unknown) => JSON.stringify(value);

function readGames(archive: string): TrainGame[] {
  return loadGamesSync({ path: archive, splits: ["train"] }).entries.map((entry) => {
    const taskDir = entry.path.split("/")[1] as string;
    const [taskType, objectName, , receptacleName, scene] = taskDir.split("-") as [string, string, string, string, string];
    return {
      path: entry.path,
      taskType,
      objectClass: objectName.toLowerCase(),
      receptacleClass: receptacleName.toLowerCase(),
      scene: Number(scene),
      room: roomOf(Number(scene)),
      game: entry.load(),
    };
  });
}

/** The primary receptacle class of an object listed in several (a mug in a coffee machine on a countertop). */
function primaryClass(classes: string[]): string {
  const sorted = [...new Set(classes)].sort();
  return sorted.find((c) => c !== "countertop" && c !== "diningtable") ?? (sorted[0] as string);
}

/**
 * Per-instance receptacle weights for one object class (conditional-logit fit by the MM
 * algorithm): each object chose one receptacle instance with probability ∝ weight of its class.
 */
function fitWeights(observations: Array<{ chosen: string; instances: Map<string, number> }>): Map<string, number> {
  const classes = [...new Set(observations.map((o) => o.chosen))].sort();
  const chosenCount = new Map<string, number>();
  for (const o of observations) increment(chosenCount, o.chosen);
  let weights = new Map(classes.map((c) => [c, 1]));
  for (let iteration = 0; iteration < 200; iteration++) {
    const exposure = new Map<string, number>();
    for (const { instances } of observations) {
      let total = 0;
      for (const c of classes) total += (instances.get(c) ?? 0) * (weights.get(c) as number);
      for (const c of classes) if (instances.get(c)) increment(exposure, c, (instances.get(c) as number) / total);
    }
    const next = new Map(classes.map((c) => [c, (chosenCount.get(c) as number) / (exposure.get(c) as number)]));
    const max = Math.max(...next.values());
    weights = new Map([...next].map(([c, w]) => [c, w / max]));
  }
  return weights;
}

function roomStatistics(games: TrainGame[]): string {
  const firstOfScene = new Map<number, TrainGame>();
  for (const g of games) if (!firstOfScene.has(g.scene)) firstOfScene.set(g.scene, g);
  const scenes = [...firstOfScene.values()];
  const out: string[] = [];
  out.push(`// Room statistics of ALFWorld's train split (3,553 games, 108 AI2-THOR scenes; MIT data), used by
// the generator to build plausible rooms and by the explorer as its search prior. Written by
// \`derive-statistics.ts\` from the real files; the numbers are relative weights (counts), not
// probabilities, unless a field says otherwise.

/** The four AI2-THOR room kinds (spec §15.5). */
export const ROOM_KINDS = ["kitchen", "bathroom", "bedroom", "livingroom"] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

/** \`[value, weight]\` pairs of a discrete distribution. */
export type Weighted<T> = ReadonlyArray<readonly [T, number]>;
`);
  // receptacle counts and openable modes per scene
  out.push("/** Per room kind and receptacle class: how many instances a scene has (`[count, scenes]`, 27 scenes per kind). */");
  out.push("export const RECEPTACLE_COUNTS: Readonly<Record<RoomKind, Readonly<Record<string, Weighted<number>>>>> = {");
  const openable: string[] = [];
  for (const room of ROOMS) {
    const roomScenes = scenes.filter((g) => g.room === room);
    const classes = [...new Set(roomScenes.flatMap((g) => g.game.receptacles.map((r) => strip(r.type))))].sort();
    out.push(`  ${room}: {`);
    openable.push(`  ${room}: {`);
    for (const c of classes) {
      const counts = new Map<number, number>();
      const modes = { all: 0, mixed: 0, none: 0 };
      const fractions: number[] = [];
      let anyOpenable = false;
      for (const g of roomScenes) {
        const instances = g.game.receptacles.filter((r) => strip(r.type) === c);
        increment(counts, instances.length);
        if (instances.length === 0) continue;
        const flags = instances.map((r) => r.openable === true);
        anyOpenable ||= flags.some(Boolean);
        if (flags.every(Boolean)) modes.all += 1;
        else if (!flags.some(Boolean)) modes.none += 1;
        else {
          modes.mixed += 1;
          fractions.push(flags.filter(Boolean).length / flags.length);
        }
      }
      out.push(`    ${c}: ${json(byKey(counts))},`);
      if (anyOpenable && c !== "fridge" && c !== "microwave") {
        const mixedFraction = fractions.length > 0 ? round(fractions.reduce((s, f) => s + f, 0) / fractions.length, 2) : 0.5;
        openable.push(`    ${c}: ${json({ ...modes, mixedFraction })},`);
      }
    }
    out.push("  },");
    openable.push("  },");
  }
  out.push("};\n");
  out.push(`/**
 * Openable receptacles per room kind and class: in how many scenes all, some ("mixed") or none of
 * the instances are openable, and the openable fraction within mixed scenes. Classes absent here
 * are never openable, except fridge and microwave, which always are.
 */
export interface OpenableModes {
  all: number;
  mixed: number;
  none: number;
  mixedFraction: number;
}`);
  out.push("export const OPENABLE_MODES: Readonly<Record<RoomKind, Readonly<Record<string, OpenableModes>>>> = {", ...openable, "};\n");

  // shared locations
  out.push("/** Groups of receptacle classes that share one location, with their mean number per scene. */");
  out.push("export const SHARED_LOCATIONS: Readonly<Record<RoomKind, Weighted<readonly string[]>>> = {");
  for (const room of ROOMS) {
    const roomScenes = scenes.filter((g) => g.room === room);
    const groups = new Map<string, number>();
    for (const g of roomScenes) {
      const byLocation = new Map<string, string[]>();
      for (const r of g.game.receptacles) byLocation.set(r.location, [...(byLocation.get(r.location) ?? []), strip(r.type)]);
      for (const classes of byLocation.values()) if (classes.length > 1) increment(groups, classes.sort().join(" "));
    }
    const rates = byCount(groups).map(([key, n]) => [key.split(" "), round(n / roomScenes.length, 3)]);
    out.push(`  ${room}: ${json(rates)},`);
  }
  out.push("};\n");

  // object counts per game
  out.push(`/** How many objects of a class a game has: the share of games with any (\`present\`), and \`[count, games]\`. */
export interface ObjectCount {
  present: number;
  counts: Weighted<number>;
}`);
  out.push("export const OBJECT_COUNTS: Readonly<Record<RoomKind, Readonly<Record<string, ObjectCount>>>> = {");
  for (const room of ROOMS) {
    const roomGames = games.filter((g) => g.room === room);
    const perClass = new Map<string, Map<number, number>>();
    for (const g of roomGames) {
      const counts = new Map<string, number>();
      for (const o of g.game.objects) if (o.type && o.id.includes("_bar_")) increment(counts, strip(o.type));
      for (const [c, n] of counts) {
        const distribution = perClass.get(c) ?? new Map<number, number>();
        increment(distribution, n);
        perClass.set(c, distribution);
      }
    }
    out.push(`  ${room}: {`);
    for (const c of [...perClass.keys()].sort()) {
      const distribution = perClass.get(c) as Map<number, number>;
      const present = [...distribution.values()].reduce((s, n) => s + n, 0) / roomGames.length;
      out.push(`    ${c}: ${json({ present: round(present, 3), counts: byKey(distribution) })},`);
    }
    out.push("  },");
  }
  out.push("};\n");

  // placement
  out.push(`/**
 * Where objects of a class lie: the share lying on the floor (in no receptacle, so never
 * reachable), and a weight per receptacle class for each single instance of that class (fitted so
 * that choosing an instance with probability proportional to its class weight reproduces the
 * data). The explorer ranks receptacles by the same weights.
 */
export interface ObjectPlacement {
  floor: number;
  weights: Readonly<Record<string, number>>;
}`);
  out.push("export const OBJECT_PLACEMENT: Readonly<Record<RoomKind, Readonly<Record<string, ObjectPlacement>>>> = {");
  for (const room of ROOMS) {
    const observations = new Map<string, Array<{ chosen: string; instances: Map<string, number> }>>();
    const floor = new Map<string, number>();
    const total = new Map<string, number>();
    for (const g of games.filter((game) => game.room === room)) {
      const instances = new Map<string, number>();
      const classOf = new Map<string, string>();
      for (const r of g.game.receptacles) {
        increment(instances, strip(r.type));
        classOf.set(r.id, strip(r.type));
      }
      for (const o of g.game.objects) {
        if (!o.type || !o.id.includes("_bar_")) continue;
        const c = strip(o.type);
        increment(total, c);
        const inside = (o.receptacles ?? []).map((id) => classOf.get(id) as string);
        if (inside.length === 0) {
          increment(floor, c);
          continue;
        }
        observations.set(c, [...(observations.get(c) ?? []), { chosen: primaryClass(inside), instances }]);
      }
    }
    out.push(`  ${room}: {`);
    for (const c of [...total.keys()].sort()) {
      const fitted = observations.has(c) ? fitWeights(observations.get(c) as Array<{ chosen: string; instances: Map<string, number> }>) : new Map<string, number>();
      const weights = Object.fromEntries(
        byCount(fitted)
          .map(([k, w]) => [k, round(w, 4)] as const)
          .filter(([, w]) => w >= 0.0005),
      );
      out.push(`    ${c}: ${json({ floor: round((floor.get(c) ?? 0) / (total.get(c) as number), 3), weights })},`);
    }
    out.push("  },");
  }
  out.push("};\n");
  return out.join("\n");
}

function taskStatistics(games: TrainGame[]): string {
  const out: string[] = [];
  out.push(`import type { TaskTypeName } from "../model/task-type.js";
import type { RoomKind, Weighted } from "./room-statistics.js";

// Task statistics of ALFWorld's train split (MIT data), written by \`derive-statistics.ts\`: how
// often each task type occurs in each room kind, and which target object and receptacle classes
// it uses there (spec §2, §15.4, §15.5).

export interface TaskTargets {
  /** Games of this task type in this room kind. */
  games: number;
  /** Target object classes (lower case) with their game counts. */
  objects: Weighted<string>;
  /** Target receptacle classes (lower case; \`desklamp\` for the look task) with their game counts. */
  receptacles: Weighted<string>;
}
`);
  out.push("export const TASK_TARGETS: Readonly<Record<TaskTypeName, Partial<Record<RoomKind, TaskTargets>>>> = {");
  for (const type of TASK_TYPES) {
    out.push(`  ${type}: {`);
    for (const room of ROOMS) {
      const matching = games.filter((g) => g.taskType === type && g.room === room);
      if (matching.length === 0) continue;
      const objects = new Map<string, number>();
      const receptacles = new Map<string, number>();
      for (const g of matching) {
        increment(objects, g.objectClass);
        increment(receptacles, g.receptacleClass);
      }
      out.push(`    ${room}: {`);
      out.push(`      games: ${matching.length},`);
      out.push(`      objects: ${json(byCount(objects))},`);
      out.push(`      receptacles: ${json(byCount(receptacles))},`);
      out.push("    },");
    }
    out.push("  },");
  }
  out.push("};\n");
  return out.join("\n");
}

function vocabulary(games: TrainGame[], problemText: string): string {
  const declared = [...problemText.matchAll(/^\s*(\w+) - (object|otype|rtype)\s*$/gm)].filter((m) => !(m[1] as string).includes("_bar_"));
  const constants = (kind: string) => declared.filter((m) => m[2] === kind).map((m) => m[1] as string);
  const camel = new Map<string, string>();
  for (const name of constants("object")) camel.set(name.toLowerCase(), name);
  for (const name of constants("rtype")) camel.set(strip(name.toLowerCase()), name.replace(/Type$/, ""));
  const flags = ["pickupable", "cleanable", "heatable", "coolable", "sliceable", "toggleable", "isReceptacleObject"] as const;
  const always = new Map<string, Set<string>>();
  const canContain = new Map<string, Set<string>>();
  for (const g of games) {
    for (const o of g.game.objects) {
      if (!o.type) continue;
      const c = strip(o.type);
      const has = new Set<string>(flags.filter((flag) => o[flag] === true).map((flag) => (flag === "isReceptacleObject" ? "receptacleObject" : flag)));
      const known = always.get(c);
      always.set(c, known ? new Set([...known].filter((f) => has.has(f))) : has);
    }
    for (const [r, o] of g.game.canContain) canContain.set(strip(r), (canContain.get(strip(r)) ?? new Set()).add(strip(o)));
  }
  const record = (entries: Array<[string, string]>) => ["{", ...entries.map(([k, v]) => `  ${k}: ${json(v)},`), "}"].join("\n");
  const list = (names: string[]) => ["[", ...names.map((n) => `  ${json(n)},`), "]"].join("\n");
  return `// The ALFWorld vocabulary as it occurs in the shipped game files (spec alfworld.md §15), written by
// \`derive-statistics.ts\` from the 3,553 games of ALFWorld's train split (MIT). Names are lower-case
// ALFRED class names (\`alarmclock\`, \`sinkbasin\`); \`CLASS_NAMES\` gives their CamelCase spelling
// for PDDL ids.

/** Per-type object affordances (constant per type in the shipped data, spec §15.1). */
export interface ObjectClassInfo {
  pickupable: boolean;
  cleanable: boolean;
  heatable: boolean;
  coolable: boolean;
  sliceable: boolean;
  toggleable: boolean;
  /** Bowl, Box, Cup, Mug, Pan, Plate, Pot: can hold other objects (\`isReceptacleObject\`). */
  receptacleObject: boolean;
}

/** The ALFRED object classes every problem declares in \`:objects\`, in the order of the real files. */
export const PDDL_OBJECT_CLASSES: readonly string[] = ${list(constants("object"))};

/** The object type constants every problem declares, in the order of the real files. */
export const PDDL_OBJECT_TYPES: readonly string[] = ${list(constants("otype"))};

/** The receptacle type constants every problem declares, in the order of the real files. */
export const PDDL_RECEPTACLE_TYPES: readonly string[] = ${list(constants("rtype"))};

/** lower-case class name → CamelCase (\`cd\` → \`CD\`, \`tvstand\` → \`TVStand\`). */
export const CLASS_NAMES: Readonly<Record<string, string>> = ${record([...camel.entries()].sort((a, b) => a[0].localeCompare(b[0])))};

/** The affordances every object of a class has. */
const FLAGS: Record<string, string> = ${record([...always.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([c, set]) => [c, [...set].sort().join(" ")]))};

/** Affordances of every object class that occurs in the data. */
export const OBJECT_CLASSES: Readonly<Record<string, ObjectClassInfo>> = Object.fromEntries(
  Object.entries(FLAGS).map(([name, flags]) => {
    const has = new Set(flags.split(" "));
    const info: ObjectClassInfo = {
      pickupable: has.has("pickupable"),
      cleanable: has.has("cleanable"),
      heatable: has.has("heatable"),
      coolable: has.has("coolable"),
      sliceable: has.has("sliceable"),
      toggleable: has.has("toggleable"),
      receptacleObject: has.has("receptacleObject"),
    };
    return [name, info];
  }),
);

/** \`canContain\`: which object classes each receptacle class can receive (union over the data, spec §15.3). */
const CAN_CONTAIN_LISTS: Record<string, string> = ${record([...canContain.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([r, set]) => [r, [...set].sort().join(" ")]))};

export const CAN_CONTAIN: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries(
  Object.entries(CAN_CONTAIN_LISTS).map(([receptacle, objects]) => [receptacle, new Set(objects.split(" "))]),
);

/** Whether a receptacle class can receive an object class. */
export function canContain(receptacleClass: string, objectClass: string): boolean {
  return CAN_CONTAIN[receptacleClass]?.has(objectClass) ?? false;
}
`;
}

function main(): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const archive = process.argv[2] ?? resolve(here, "../../../../../shared/data/alfworld/train.tgz");
  const games = readGames(archive);
  const first = readTar(gunzipSync(readFileSync(archive))).find((file) => file.path.endsWith("game.tw-pddl"));
  if (!first) throw new Error(`no game file in ${archive}`);
  const problem = (JSON.parse(new TextDecoder().decode(first.data)) as { pddl_problem: string }).pddl_problem;
  writeFileSync(join(here, "vocabulary.ts"), vocabulary(games, problem));
  writeFileSync(join(here, "room-statistics.ts"), roomStatistics(games));
  writeFileSync(join(here, "task-statistics.ts"), taskStatistics(games));
  console.log(`derived from ${games.length} games of ${archive}`);
}

main();
