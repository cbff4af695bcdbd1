import { InvalidInputError } from "@hiper/core";
import type { AlfworldGame, GameObject } from "../model/game-model.js";
import { entityNames } from "./entity-names.js";

/**
 * A game turned into integer tables for the engine: receptacles, objects and locations are
 * numbered in sorted-id order (the order of every printed list, spec §5.3), so lists come out
 * sorted by walking indices. One compiled game is shared by every engine that plays it.
 */

/** Static object properties (bit flags of `objectStatic`). */
export const ObjectStatic = {
  pickupable: 1,
  receptacleObject: 2,
  cleanable: 4,
  heatable: 8,
  coolable: 16,
  sliceable: 32,
  toggleable: 64,
  /** `knifetype` or `butterknifetype`: can slice (spec §6). */
  knife: 128,
} as const;

/** Dynamic object state (bit flags of `EngineState.flags`). */
export const ObjectFlag = {
  clean: 1,
  hot: 2,
  cool: 4,
  sliced: 8,
  on: 16,
  toggled: 32,
} as const;

/** Static receptacle properties (bit flags of `receptacleStatic`). */
export const ReceptacleStatic = {
  openable: 1,
  /** `microwavetype`: heats. */
  microwave: 2,
  /** `fridgetype`: cools. */
  fridge: 4,
  /** `sinkbasintype` or `sinktype`: cleans. */
  sink: 8,
} as const;

/** The initial dynamic state, copied by every reset. */
export interface InitialState {
  agentLocation: number;
  held: number;
  opened: Uint8Array;
  flags: Uint8Array;
  /** Per receptacle, the objects in it, ascending. */
  contents: number[][];
  /** Per object, the locations where `objectAtLocation` holds. */
  objectLocations: number[][];
}

export interface CompiledGame {
  readonly game: AlfworldGame;
  readonly agentId: string;
  readonly locationIds: readonly string[];
  readonly receptacleIds: readonly string[];
  readonly receptacleNames: readonly string[];
  readonly receptacleLocation: Int32Array;
  readonly receptacleType: Int32Array;
  readonly receptacleStatic: Uint8Array;
  /** Per location, the receptacles standing there, ascending. */
  readonly receptaclesAt: readonly (readonly number[])[];
  readonly objectIds: readonly string[];
  readonly objectNames: readonly string[];
  /** Type index per object, -1 when the object has no type. */
  readonly objectType: Int32Array;
  readonly objectStatic: Uint8Array;
  /** Per object, the objects inside it (`inReceptacleObject`), ascending. */
  readonly objectContents: readonly (readonly number[])[];
  /** Sliceable objects, ascending. */
  readonly sliceableObjects: readonly number[];
  /** Every type constant (object and receptacle types) → index. */
  readonly typeIndex: ReadonlyMap<string, number>;
  /** `canContain`, as a `typeCount × typeCount` matrix indexed `[receptacleType * typeCount + objectType]`. */
  readonly canContain: Uint8Array;
  readonly initial: InitialState;
  readonly receptacleIndex: ReadonlyMap<string, number>;
  readonly objectIndex: ReadonlyMap<string, number>;
  readonly locationIndex: ReadonlyMap<string, number>;
}

const sortedIds = <T extends { id: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

function objectStaticBits(object: GameObject): number {
  let bits = 0;
  if (object.pickupable) bits |= ObjectStatic.pickupable;
  if (object.isReceptacleObject) bits |= ObjectStatic.receptacleObject;
  if (object.cleanable) bits |= ObjectStatic.cleanable;
  if (object.heatable) bits |= ObjectStatic.heatable;
  if (object.coolable) bits |= ObjectStatic.coolable;
  if (object.sliceable) bits |= ObjectStatic.sliceable;
  if (object.toggleable) bits |= ObjectStatic.toggleable;
  if (object.type === "knifetype" || object.type === "butterknifetype") bits |= ObjectStatic.knife;
  return bits;
}

function objectFlagBits(object: GameObject): number {
  let bits = 0;
  if (object.isClean) bits |= ObjectFlag.clean;
  if (object.isHot) bits |= ObjectFlag.hot;
  if (object.isCool) bits |= ObjectFlag.cool;
  if (object.isSliced) bits |= ObjectFlag.sliced;
  if (object.isOn) bits |= ObjectFlag.on;
  if (object.isToggled) bits |= ObjectFlag.toggled;
  return bits;
}

/**
 * Compiles a game model. Throws `InvalidInputError` when the model refers to an id it does not
 * define (a receptacle an object is in, the held object, …) or defines an id twice.
 */
export function compileGame(game: AlfworldGame): CompiledGame {
  const receptacles = sortedIds(game.receptacles);
  const objects = sortedIds(game.objects);
  const fail = (message: string): never => {
    throw new InvalidInputError(`invalid ALFWorld game: ${message}`);
  };

  const receptacleIndex = new Map(receptacles.map((r, i) => [r.id, i]));
  const objectIndex = new Map(objects.map((o, i) => [o.id, i]));
  if (receptacleIndex.size !== receptacles.length) fail("a receptacle id is defined twice");
  if (objectIndex.size !== objects.length) fail("an object id is defined twice");
  for (const id of objectIndex.keys()) if (receptacleIndex.has(id)) fail(`'${id}' is both a receptacle and an object`);

  const locationSet = new Set<string>([game.agent.location]);
  for (const r of receptacles) locationSet.add(r.location);
  for (const o of objects) for (const l of o.locations ?? []) locationSet.add(l);
  const locationIds = [...locationSet].sort();
  const locationIndex = new Map(locationIds.map((l, i) => [l, i]));

  const typeSet = new Set<string>();
  for (const r of receptacles) typeSet.add(r.type);
  for (const o of objects) if (o.type !== undefined) typeSet.add(o.type);
  for (const [rt, ot] of game.canContain) typeSet.add(rt).add(ot);
  const typeIndex = new Map([...typeSet].sort().map((t, i) => [t, i]));
  const typeCount = typeIndex.size;

  const names = entityNames([...receptacleIndex.keys(), ...objectIndex.keys(), ...locationIds, game.agent.id, ...typeSet]);
  const nameOf = (id: string) => names.get(id) as string;

  const receptacleLocation = Int32Array.from(receptacles, (r) => locationIndex.get(r.location) as number);
  const receptacleType = Int32Array.from(receptacles, (r) => typeIndex.get(r.type) as number);
  const receptacleStatic = Uint8Array.from(receptacles, (r) => {
    let bits = r.openable ? ReceptacleStatic.openable : 0;
    if (r.type === "microwavetype") bits |= ReceptacleStatic.microwave;
    if (r.type === "fridgetype") bits |= ReceptacleStatic.fridge;
    if (r.type === "sinkbasintype" || r.type === "sinktype") bits |= ReceptacleStatic.sink;
    return bits;
  });
  const receptaclesAt: number[][] = locationIds.map(() => []);
  receptacles.forEach((_, r) => (receptaclesAt[receptacleLocation[r] as number] as number[]).push(r));

  const contents: number[][] = receptacles.map(() => []);
  const objectContents: number[][] = objects.map(() => []);
  const objectLocations: number[][] = [];
  objects.forEach((object, o) => {
    for (const id of object.receptacles ?? []) {
      const r = receptacleIndex.get(id) ?? fail(`object ${object.id} is in unknown receptacle '${id}'`);
      const list = contents[r] as number[];
      if (!list.includes(o)) list.push(o); // objects are visited in ascending order
    }
    for (const id of object.insideObjects ?? []) {
      const outer = objectIndex.get(id) ?? fail(`object ${object.id} is inside unknown object '${id}'`);
      const list = objectContents[outer] as number[];
      if (!list.includes(o)) list.push(o);
    }
    objectLocations.push([...new Set((object.locations ?? []).map((l) => locationIndex.get(l) as number))]);
  });

  const canContain = new Uint8Array(typeCount * typeCount);
  for (const [rt, ot] of game.canContain) {
    canContain[(typeIndex.get(rt) as number) * typeCount + (typeIndex.get(ot) as number)] = 1;
  }

  const held = game.agent.holding === undefined ? -1 : (objectIndex.get(game.agent.holding) ?? fail(`the agent holds unknown object '${game.agent.holding}'`));
  const objectStatic = Uint8Array.from(objects, objectStaticBits);

  return {
    game,
    agentId: game.agent.id,
    locationIds,
    receptacleIds: receptacles.map((r) => r.id),
    receptacleNames: receptacles.map((r) => nameOf(r.id)),
    receptacleLocation,
    receptacleType,
    receptacleStatic,
    receptaclesAt,
    objectIds: objects.map((o) => o.id),
    objectNames: objects.map((o) => nameOf(o.id)),
    objectType: Int32Array.from(objects, (o) => (o.type === undefined ? -1 : (typeIndex.get(o.type) as number))),
    objectStatic,
    objectContents,
    sliceableObjects: objects.flatMap((_, o) => ((objectStatic[o] as number) & ObjectStatic.sliceable ? [o] : [])),
    typeIndex,
    canContain,
    initial: {
      agentLocation: locationIndex.get(game.agent.location) as number,
      held,
      opened: Uint8Array.from(receptacles, (r) => (r.opened ? 1 : 0)),
      flags: Uint8Array.from(objects, objectFlagBits),
      contents,
      objectLocations,
    },
    receptacleIndex,
    objectIndex,
    locationIndex,
  };
}
