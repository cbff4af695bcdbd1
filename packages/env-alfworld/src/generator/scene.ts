import type { TaskTypeName } from "../model/task-type.js";
import type { RoomKind } from "./room-statistics.js";

/**
 * The generator's own compact picture of a game before it is written as PDDL: full knowledge of
 * where everything is. Classes are lower-case ALFRED class names (`countertop`, `mug`); ids are
 * the PDDL ids in their original case.
 */

export interface SceneReceptacle {
  id: string;
  /** Receptacle class, e.g. `cabinet`, `sinkbasin`. */
  className: string;
  location: string;
  openable: boolean;
}

export interface SceneObject {
  id: string;
  /** Object class, e.g. `mug`, `desklamp`, `stoveknob`. */
  className: string;
  /** Index into `Scene.receptacles`, or -1 for an object lying on the floor (never reachable). */
  receptacle: number;
  location: string;
  /** Starts cold (`isCool`): only some objects inside fridges. */
  cool: boolean;
  /** Index into `Scene.objects` of a receptacle object (bowl, mug…) this object sits in, or -1. */
  insideObject: number;
}

export interface SceneTask {
  type: TaskTypeName;
  /** Target object class (`apple`). */
  objectClass: string;
  /** Target receptacle class (`fridge`); `desklamp` for `look_at_obj_in_light`. */
  receptacleClass: string;
  /** Which of the two goal templates of spec §8.1 words the task line (0 = A, 1 = B). */
  template: 0 | 1;
}

export interface Scene {
  room: RoomKind;
  agentLocation: string;
  receptacles: SceneReceptacle[];
  objects: SceneObject[];
  task: SceneTask;
}
