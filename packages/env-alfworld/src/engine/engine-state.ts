import type { CompiledGame } from "./compiled-game.js";

/** The dynamic facts of one episode (everything else is static in `CompiledGame`). */
export interface EngineState {
  /** `atLocation(agent, l)`. */
  agentLocation: number;
  /** `holds(agent, o)`, -1 for empty hands. */
  held: number;
  /** `opened(r)` per receptacle. */
  opened: Uint8Array;
  /** `ObjectFlag` bits per object. */
  flags: Uint8Array;
  /** `inReceptacle(o, r)`: per receptacle, its objects ascending. */
  contents: number[][];
  /** `objectAtLocation(o, l)`: per object, its locations (a set, any order). */
  objectLocations: number[][];
  /**
   * TextWorld's bookkeeping fact `not_inReceptacle(o, r)` (spec §5.5), keyed `o * receptacleCount + r`:
   * added by `take o from r`, removed by `move o to r`.
   */
  notInReceptacle: Set<number>;
}

/** A fresh copy of the game's initial state. */
export function initialState(game: CompiledGame): EngineState {
  const initial = game.initial;
  return {
    agentLocation: initial.agentLocation,
    held: initial.held,
    opened: initial.opened.slice(),
    flags: initial.flags.slice(),
    contents: initial.contents.map((list) => list.slice()),
    objectLocations: initial.objectLocations.map((list) => list.slice()),
    notInReceptacle: new Set(),
  };
}

/** Inserts `value` into an ascending list unless present. */
export function insertSorted(list: number[], value: number): void {
  let i = list.length;
  while (i > 0 && (list[i - 1] as number) > value) i -= 1;
  if (i > 0 && list[i - 1] === value) return;
  list.splice(i, 0, value);
}

/** Removes `value` from a list if present. */
export function removeValue(list: number[], value: number): void {
  const i = list.indexOf(value);
  if (i >= 0) list.splice(i, 1);
}
