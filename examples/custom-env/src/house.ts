import { SeededRandom } from "@hiper/core";

/**
 * The world of the house: its data, how a seed builds one, and the rules of the game. Everything
 * here is plain data and pure functions (except `applyAction`, which changes the world it is
 * given), so the environment and the expert share one source of truth.
 */

export interface Room {
  name: string;
  /** One piece of furniture per room; its name is unique in the house. */
  furniture: string;
}

/** A door between a room and a room further from the start. Locked doors need their key. */
export interface Door {
  /** The side nearer the start (the agent always meets a locked door from this side). */
  from: string;
  to: string;
  key: string | null;
  locked: boolean;
}

export type Location = { type: "floor"; room: string } | { type: "on"; furniture: string } | { type: "held" };

export interface Item {
  name: string;
  location: Location;
}

export type Goal = { type: "place"; item: string; furniture: string } | { type: "deliver"; item: string; room: string };

export interface World {
  rooms: Room[];
  doors: Door[];
  items: Item[];
  goal: Goal;
  /** The room the agent is in. */
  agent: string;
}

const ROOM_NAMES = ["hall", "kitchen", "study", "bedroom", "bathroom", "cellar", "library", "pantry", "attic", "garden room"];
const FURNITURE_NAMES = ["table", "desk", "shelf", "bed", "counter", "chest", "bench", "cabinet", "sideboard", "stool"];
const KEY_NAMES = ["brass key", "iron key", "silver key", "copper key", "bone key"];
const OBJECT_NAMES = ["apple", "book", "candle", "mug", "letter", "lamp", "vase", "hat"];

/** The largest house the name lists allow (one key per door). */
export const MAX_ROOMS = KEY_NAMES.length + 1;

/** A task id becomes a seed (FNV-1a hash), so any string names a reproducible house. */
export function seedFromTaskId(taskId: string): number {
  let hash = 0x811c9dc5;
  for (const char of taskId) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return hash;
}

/**
 * Builds a house: rooms form a tree grown from the start room (room i hangs off an earlier room).
 * A locked door into room i gets a key lying in an earlier room, so every house can be solved.
 */
export function generateHouse(seed: number, rooms: { min: number; max: number }): World {
  const random = new SeededRandom(seed);
  const count = rooms.min + random.int(rooms.max - rooms.min + 1);
  const names = random.shuffle([...ROOM_NAMES]).slice(0, count);
  const furniture = random.shuffle([...FURNITURE_NAMES]);
  const keys = random.shuffle([...KEY_NAMES]);
  const objects = random.shuffle([...OBJECT_NAMES]);
  const roomAt = (index: number) => names[index] as string;
  const randomLocation = (room: string): Location =>
    random.next() < 0.5 ? { type: "floor", room } : { type: "on", furniture: furnitureIn(world, room) };

  const world: World = {
    rooms: names.map((name, index) => ({ name, furniture: furniture[index] as string })),
    doors: [],
    items: [],
    goal: { type: "deliver", item: "", room: "" },
    agent: roomAt(0),
  };
  const lockDoor = (index: number): void => {
    const door = world.doors[index - 1] as Door;
    const key = keys.pop() as string;
    Object.assign(door, { key, locked: true });
    world.items.push({ name: key, location: { type: "floor", room: roomAt(random.int(index)) } });
  };
  for (let index = 1; index < count; index++) {
    world.doors.push({ from: roomAt(random.int(index)), to: roomAt(index), key: null, locked: false });
    if (random.next() < 0.5) lockDoor(index);
  }

  // The goal object lies beyond the start room; the target is somewhere else.
  const itemRoomIndex = 1 + random.int(count - 1);
  const item = objects.pop() as string;
  world.items.push({ name: item, location: randomLocation(roomAt(itemRoomIndex)) });
  const targetRoom = random.pick(names.filter((name) => name !== roomAt(itemRoomIndex)));
  world.goal = random.next() < 0.5 ? { type: "place", item, furniture: furnitureIn(world, targetRoom) } : { type: "deliver", item, room: targetRoom };

  // Every task needs a key: lock the door to the goal object when no locked door is on the way.
  const onTheWay = [...pathBetween(world, world.agent, roomAt(itemRoomIndex)), ...pathBetween(world, roomAt(itemRoomIndex), targetRoom)];
  if (!onTheWay.some((door) => door.locked)) lockDoor(itemRoomIndex);

  for (let n = 1 + random.int(3); n > 0; n--) {
    world.items.push({ name: objects.pop() as string, location: randomLocation(random.pick(names)) });
  }
  return world;
}

export function furnitureIn(world: World, room: string): string {
  return world.rooms.find((r) => r.name === room)?.furniture ?? "";
}

/** The room a piece of furniture stands in. */
export function roomOfFurniture(world: World, furniture: string): string {
  return world.rooms.find((r) => r.furniture === furniture)?.name ?? "";
}

/** The room an item is in; the agent's room when it is held. */
export function roomOfItem(world: World, item: Item): string {
  const { location } = item;
  if (location.type === "floor") return location.room;
  if (location.type === "on") return roomOfFurniture(world, location.furniture);
  return world.agent;
}

export function findItem(world: World, name: string): Item | undefined {
  return world.items.find((item) => item.name === name);
}

/** Doors next to a room, each with the room on the other side. */
export function doorsOf(world: World, room: string): Array<{ door: Door; other: string }> {
  return world.doors.flatMap((door) =>
    door.from === room ? [{ door, other: door.to }] : door.to === room ? [{ door, other: door.from }] : [],
  );
}

/** The doors on the one path between two rooms (the rooms form a tree), in walking order. */
export function pathBetween(world: World, from: string, to: string): Door[] {
  const search = (room: string, cameFrom: string | null): Door[] | null => {
    if (room === to) return [];
    for (const { door, other } of doorsOf(world, room)) {
      if (other === cameFrom) continue;
      const rest = search(other, room);
      if (rest) return [door, ...rest];
    }
    return null;
  };
  return search(from, null) ?? [];
}

export function describeTask(goal: Goal): string {
  return goal.type === "place" ? `put the ${goal.item} on the ${goal.furniture}` : `bring the ${goal.item} to the ${goal.room}`;
}

export function taskType(goal: Goal): string {
  return goal.type;
}

export function isWon(world: World): boolean {
  const item = findItem(world, world.goal.item);
  if (!item || item.location.type === "held") return false;
  if (world.goal.type === "place") return item.location.type === "on" && item.location.furniture === world.goal.furniture;
  return roomOfItem(world, item) === world.goal.room;
}

/** "x", "x and y", "x, y and z". */
const joinWithAnd = (parts: string[]): string => (parts.length < 2 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`);
/** "a mug", "a mug and an apple". */
const list = (names: string[]): string => joinWithAnd(names.map((name) => `${/^[aeiou]/.test(name) ? "an" : "a"} ${name}`));
const itemsAt = (world: World, where: (location: Location) => boolean): string[] =>
  world.items.filter((item) => where(item.location)).map((item) => item.name);

/** What the agent sees in its room. */
export function describeRoom(world: World): string {
  const furniture = furnitureIn(world, world.agent);
  const onFurniture = itemsAt(world, (l) => l.type === "on" && l.furniture === furniture);
  const onFloor = itemsAt(world, (l) => l.type === "floor" && l.room === world.agent);
  const doors = doorsOf(world, world.agent).map(({ door, other }) => `the ${other}${door.locked ? " (locked)" : ""}`);
  return [
    `You are in the ${world.agent}.`,
    `There is a ${furniture} here, with ${onFurniture.length ? list(onFurniture) : "nothing"} on it.`,
    ...(onFloor.length ? [`On the floor you see ${list(onFloor)}.`] : []),
    `Doors lead to ${joinWithAnd(doors)}.`,
  ].join(" ");
}

/** What an action does to the world: the text shown, and the change (run by `applyAction`). */
type Effect = { text: string; change?: () => void };

/** Every action possible now, mapped to its effect. The keys are the admissible actions. */
function effects(world: World): Map<string, Effect> {
  const found = new Map<string, Effect>();
  const held = world.items.filter((item) => item.location.type === "held");
  const furniture = furnitureIn(world, world.agent);
  found.set("look", { text: describeRoom(world) });
  found.set("inventory", { text: held.length ? `You are carrying ${list(held.map((item) => item.name))}.` : "You are carrying nothing." });
  for (const { door, other } of doorsOf(world, world.agent)) {
    found.set(
      `go to ${other}`,
      door.locked ? { text: `The door to the ${other} is locked.` } : { text: "", change: () => void (world.agent = other) },
    );
  }
  for (const item of world.items) {
    if (roomOfItem(world, item) !== world.agent || item.location.type === "held") continue;
    found.set(`take ${item.name}`, { text: `You take the ${item.name}.`, change: () => void (item.location = { type: "held" }) });
  }
  for (const item of held) {
    const name = item.name;
    found.set(`drop ${name}`, { text: `You drop the ${name}.`, change: () => void (item.location = { type: "floor", room: world.agent }) });
    found.set(`put ${name} on ${furniture}`, { text: `You put the ${name} on the ${furniture}.`, change: () => void (item.location = { type: "on", furniture }) });
  }
  for (const key of held) {
    for (const { door, other } of doorsOf(world, world.agent)) {
      if (!door.locked) continue;
      found.set(
        `open ${other} door with ${key.name}`,
        door.key === key.name
          ? { text: `You unlock the ${other} door with the ${key.name} and open it.`, change: () => void (door.locked = false) }
          : { text: `The ${key.name} does not fit the ${other} door.` },
      );
    }
  }
  return found;
}

export function admissibleActions(world: World): string[] {
  return [...effects(world).keys()];
}

/** Lower case, single spaces, no "the", no final period: "Take the Apple." reads as "take apple". */
export function normalizeAction(action: string): string {
  return action.toLowerCase().replace(/\bthe\b/g, " ").replace(/\s+/g, " ").trim().replace(/\.$/, "");
}

/** Runs one action on the world. An action that is not admissible changes nothing. */
export function applyAction(world: World, action: string): { text: string; valid: boolean } {
  const effect = effects(world).get(normalizeAction(action));
  if (!effect) return { text: "Nothing happens.", valid: false };
  effect.change?.();
  return { text: effect.text || describeRoom(world), valid: true };
}
