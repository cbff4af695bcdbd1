import { InvalidInputError, SeededRandom } from "@hiper/core";
import { z } from "zod";
import { entityNames } from "../engine/entity-names.js";
import { TASK_TYPES, type TaskTypeName } from "../model/task-type.js";
import { ALFRED_PDDL_DOMAIN } from "./alfred-domain.js";
import { alfredGrammar } from "./alfred-grammar.js";
import { buildLayout } from "./build-layout.js";
import { chooseTask } from "./choose-task.js";
import { placeObjects } from "./place-objects.js";
import { IdFactory } from "./pddl-ids.js";
import { planWalkthrough } from "./plan-walkthrough.js";
import { ROOM_KINDS, type RoomKind } from "./room-statistics.js";
import type { Scene } from "./scene.js";
import { taskText } from "./task-text.js";
import { CLASS_NAMES } from "./vocabulary.js";
import { writeProblem } from "./write-problem.js";

export const GenerateGameOptions = z.object({
  /** Any integer; the same options always give the same game. */
  seed: z.number().int(),
  /** The task type; drawn with the train split's frequencies when left out. */
  taskType: z.enum(TASK_TYPES).optional(),
  /** The room kind; one the task type allows (spec §15.5) when left out. */
  room: z.enum(ROOM_KINDS).optional(),
  /** Pin the target object class (`mug`); it must suit the task type. */
  objectClass: z.string().min(1).optional(),
  /** Pin the target receptacle class (`countertop`; `desklamp` for the look task). */
  receptacleClass: z.string().min(1).optional(),
  /** Multiplies the count of every receptacle class with several instances (1 = like real scenes). */
  receptacleScale: z.number().min(0.1).max(4).default(1),
  /** At most this many receptacles (the task's own are always kept). */
  maxReceptacles: z.number().int().min(3).optional(),
  /** How many objects besides the task's own: 0 = none, 1 = like real games, up to 4 = four times as many. */
  distractors: z.number().min(0).max(4).default(1),
  /** Include unreachable scenery objects (windows, chairs, light switches…), as real games do. */
  scenery: z.boolean().default(true),
});
export type GenerateGameOptions = z.input<typeof GenerateGameOptions>;
type ResolvedOptions = z.output<typeof GenerateGameOptions>;

/** The JSON of a `game.tw-pddl` file, exactly the keys of the real ones (spec §3). */
export interface GeneratedGameFile {
  pddl_domain: string;
  grammar: string;
  pddl_problem: string;
  solvable: true;
  walkthrough: string[];
}

export interface GeneratedGame {
  /** `generated/<task-type>-<Object>-None-<Receptacle>-<room>/seed-<n>[<knobs>]/game.tw-pddl` */
  path: string;
  seed: number;
  taskType: TaskTypeName;
  room: RoomKind;
  objectClass: string;
  receptacleClass: string;
  /** The task sentence after `Your task is to: `. */
  task: string;
  walkthrough: string[];
  receptacleCount: number;
  objectCount: number;
  file: GeneratedGameFile;
}

const MAX_ATTEMPTS = 50;

/**
 * Generates a new ALFWorld game from the rules and vocabulary of the real ones: a room of the
 * chosen kind with receptacles and objects drawn from the train split's statistics, a task of one
 * of the six types with its goal and task line, and a walkthrough planned from full knowledge. The
 * result is a `game.tw-pddl` file, loaded by the engine like any real game. Deterministic for the
 * same options. Throws `InvalidInputError` for impossible options.
 */
export function generateGame(options: GenerateGameOptions): GeneratedGame {
  const resolved = resolveOptions(options);
  const random = new SeededRandom(resolved.seed);
  const { room, task } = chooseTask(random, resolved);

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const ids = new IdFactory(random);
    const receptacles = buildLayout({ random, ids, room, task, size: resolved });
    const objects = placeObjects({ random, ids, room, task, receptacles, size: resolved });
    if (!objects) continue;
    const scene: Scene = { room, agentLocation: ids.location(), receptacles, objects, task };
    const names = entityNames([...receptacles.map((r) => r.id.toLowerCase()), ...objects.map((o) => o.id.toLowerCase())]);
    const walkthrough = planWalkthrough(scene, (id) => names.get(id.toLowerCase()) ?? id);
    if (!walkthrough) continue;
    const sentence = taskText(task.type, task.template, task.objectClass, task.receptacleClass);
    const file: GeneratedGameFile = {
      pddl_domain: ALFRED_PDDL_DOMAIN,
      grammar: alfredGrammar(sentence),
      pddl_problem: writeProblem(scene, `plan_generated_${resolved.seed >>> 0}`),
      solvable: true,
      walkthrough,
    };
    return {
      path: generatedGamePath(resolved, { taskType: task.type, room, objectClass: task.objectClass, receptacleClass: task.receptacleClass }),
      seed: resolved.seed,
      taskType: task.type,
      room,
      objectClass: task.objectClass,
      receptacleClass: task.receptacleClass,
      task: sentence,
      walkthrough,
      receptacleCount: receptacles.length,
      objectCount: objects.length,
      file,
    };
  }
  throw new InvalidInputError(`could not generate a winnable ${task.type} game in a ${room} for seed ${resolved.seed} (try other options)`);
}

function resolveOptions(options: GenerateGameOptions): ResolvedOptions {
  const parsed = GenerateGameOptions.safeParse(options);
  if (!parsed.success) throw new InvalidInputError(`invalid generateGame options: ${parsed.error.message}`, { cause: parsed.error });
  return parsed.data;
}

/** The path `generateGame(options)` will give, computed without building the room (cheap). */
export function generatedGamePathOf(options: GenerateGameOptions): string {
  const resolved = resolveOptions(options);
  const { room, task } = chooseTask(new SeededRandom(resolved.seed), resolved);
  return generatedGamePath(resolved, { taskType: task.type, room, objectClass: task.objectClass, receptacleClass: task.receptacleClass });
}

/** The file text (`JSON.stringify`) of a generated game, as it would be saved to disk. */
export function generatedGameText(game: GeneratedGame): string {
  return JSON.stringify(game.file);
}

const camel = (className: string) => CLASS_NAMES[className] ?? className;

/** The knob suffix of the trial directory: empty for the defaults. */
function knobSuffix(options: ResolvedOptions): string {
  const parts: string[] = [];
  if (options.receptacleScale !== 1) parts.push(`r${options.receptacleScale}`);
  if (options.maxReceptacles !== undefined) parts.push(`m${options.maxReceptacles}`);
  if (options.distractors !== 1) parts.push(`d${options.distractors}`);
  if (!options.scenery) parts.push("s0");
  return parts.length > 0 ? `-${parts.join("-")}` : "";
}

function generatedGamePath(
  options: ResolvedOptions,
  resolved: { taskType: TaskTypeName; room: RoomKind; objectClass: string; receptacleClass: string },
): string {
  const taskDir = `${resolved.taskType}-${camel(resolved.objectClass)}-None-${camel(resolved.receptacleClass)}-${resolved.room}`;
  return `generated/${taskDir}/seed-${options.seed}${knobSuffix(options)}/game.tw-pddl`;
}

const PATH_PATTERN =
  /^(?:.*\/)?generated\/([a-z_]+)-([A-Za-z]+)-None-([A-Za-z]+)-(kitchen|bathroom|bedroom|livingroom)\/seed-(-?\d+)((?:-(?:r[\d.]+|m\d+|d[\d.]+|s0))*)(?:\/game\.tw-pddl)?$/;

/**
 * The options that regenerate the game at a generated path (`generateGame(parseGeneratedGamePath(p))`
 * gives the game whose `path` is `p`), or undefined when the path is not a generated one.
 */
export function parseGeneratedGamePath(path: string): GenerateGameOptions | undefined {
  const match = PATH_PATTERN.exec(path.trim());
  if (!match) return undefined;
  const [, taskType, objectName, receptacleName, room, seed, knobs] = match;
  if (!TASK_TYPES.includes(taskType as TaskTypeName)) return undefined;
  const options: GenerateGameOptions = {
    seed: Number(seed),
    taskType: taskType as TaskTypeName,
    room: room as RoomKind,
    objectClass: (objectName as string).toLowerCase(),
    receptacleClass: (receptacleName as string).toLowerCase(),
  };
  for (const knob of (knobs ?? "").split("-").filter(Boolean)) {
    const value = knob.slice(1);
    if (knob.startsWith("r")) options.receptacleScale = Number(value);
    else if (knob.startsWith("m")) options.maxReceptacles = Number(value);
    else if (knob.startsWith("d")) options.distractors = Number(value);
    else if (knob === "s0") options.scenery = false;
  }
  return options;
}
