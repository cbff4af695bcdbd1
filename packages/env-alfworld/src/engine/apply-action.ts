import { ActionKind, actionFirst, actionKind, actionSecond } from "./action-code.js";
import { ObjectFlag, ObjectStatic, ReceptacleStatic, type CompiledGame } from "./compiled-game.js";
import { insertSorted, removeValue, type EngineState } from "./engine-state.js";
import { formatList, HELP_TEXT } from "./text.js";

/** Observation texts and action effects (spec alfworld.md §5–6). */

const withArticles = (game: CompiledGame, objects: readonly number[]): string[] =>
  objects.map((o) => `a ${game.objectNames[o] as string}`);

/** `examineReceptacle(r)` (§5.4). */
export function describeReceptacle(game: CompiledGame, state: EngineState, r: number): string {
  const name = game.receptacleNames[r] as string;
  if ((game.receptacleStatic[r] as number) & ReceptacleStatic.openable) {
    if (state.opened[r] !== 1) return `The ${name} is closed.`;
    return `The ${name} is open. In it, you see ${formatList(withArticles(game, state.contents[r] as number[]))}.`;
  }
  return `On the ${name}, you see ${formatList(withArticles(game, state.contents[r] as number[]))}.`;
}

/** `look` (§5.5). */
export function describeLocation(game: CompiledGame, state: EngineState): string {
  const location = state.agentLocation;
  const here = game.receptaclesAt[location] as readonly number[];
  if (here.length === 0) {
    const all = game.receptacleNames.map((name) => `a ${name}`);
    return `You are in the middle of a room. Looking quickly around you, you see ${formatList(all)}.`;
  }
  const receptacleCount = game.receptacleIds.length;
  const floor: number[] = [];
  if (state.notInReceptacle.size > 0) {
    state.objectLocations.forEach((locations, o) => {
      if (!locations.includes(location)) return;
      if (here.some((r) => state.notInReceptacle.has(o * receptacleCount + r))) floor.push(o);
    });
  }
  const facing = formatList(here.map((r) => game.receptacleNames[r] as string));
  return `You are facing the ${facing}. Next to it, you see ${formatList(withArticles(game, floor))}.`;
}

/** `examineObject(o)` (§5.6): the first matching case wins. */
export function describeObject(game: CompiledGame, state: EngineState, o: number): string {
  const name = game.objectNames[o] as string;
  const bits = game.objectStatic[o] as number;
  if (bits & ObjectStatic.receptacleObject) {
    return `This is a normal ${name}. In it, you see ${formatList(withArticles(game, game.objectContents[o] as readonly number[]))}.`;
  }
  const flags = state.flags[o] as number;
  const clean = (flags & ObjectFlag.clean) !== 0;
  const hot = (flags & ObjectFlag.hot) !== 0;
  const cool = (flags & ObjectFlag.cool) !== 0;
  const sliced = (flags & ObjectFlag.sliced) !== 0;
  if (clean && hot && sliced) return `This is a hot and clean sliced ${name}.`;
  if (clean && cool && sliced) return `This is a cool and clean sliced ${name}.`;
  if (clean && sliced) return `This is a clean sliced ${name}.`;
  if (hot && sliced) return `This is a hot sliced ${name}.`;
  if (cool && sliced) return `This is a cool sliced ${name}.`;
  if (clean && hot) return `This is a hot and clean ${name}.`;
  if (clean && cool) return `This is a cool and clean ${name}.`;
  if (hot) return `This is a hot ${name}.`;
  if (clean) return `This is a clean ${name}.`;
  if (cool) return `This is a cold ${name}.`;
  // Upstream's "This … is off." also needs the bookkeeping fact `not_isToggled`, which no action
  // ever adds (isToggled is never removed), so that case cannot fire.
  if (bits & ObjectStatic.toggleable && flags & ObjectFlag.toggled) return `This ${name} is on.`;
  if (bits & ObjectStatic.sliceable && sliced) return `This is a sliced ${name}.`;
  return `There's nothing special about ${name}.`;
}

/** Inventory (§5.7). */
export function describeInventory(game: CompiledGame, state: EngineState): string {
  if (state.held < 0) return "You are not carrying anything.";
  return `You are carrying: a ${game.objectNames[state.held] as string}.`;
}

/** Applies an admissible action to `state` and returns its observation. */
export function applyAction(game: CompiledGame, state: EngineState, code: number): string {
  const a = actionFirst(code);
  const b = actionSecond(code);
  switch (actionKind(code)) {
    case ActionKind.look:
      return describeLocation(game, state);
    case ActionKind.inventory:
      return describeInventory(game, state);
    case ActionKind.help:
      return HELP_TEXT;
    case ActionKind.goTo:
      state.agentLocation = game.receptacleLocation[a] as number;
      return `You arrive at ${game.receptacleNames[a] as string}. ${describeReceptacle(game, state, a)}`;
    case ActionKind.examineReceptacle:
      return describeReceptacle(game, state, a);
    case ActionKind.examineObject:
      return describeObject(game, state, a);
    case ActionKind.open:
      state.opened[a] = 1;
      return `You open the ${game.receptacleNames[a] as string}. ${describeReceptacle(game, state, a)}`;
    case ActionKind.close:
      state.opened[a] = 0;
      return `You close the ${game.receptacleNames[a] as string}.`;
    case ActionKind.take:
      removeValue(state.contents[b] as number[], a);
      state.notInReceptacle.add(a * game.receptacleIds.length + b);
      removeValue(state.objectLocations[a] as number[], state.agentLocation);
      state.held = a;
      return `You pick up the ${game.objectNames[a] as string} from the ${game.receptacleNames[b] as string}.`;
    case ActionKind.move: {
      insertSorted(state.contents[b] as number[], a);
      state.notInReceptacle.delete(a * game.receptacleIds.length + b);
      const locations = state.objectLocations[a] as number[];
      if (!locations.includes(state.agentLocation)) locations.push(state.agentLocation);
      state.held = -1;
      return `You move the ${game.objectNames[a] as string} to the ${game.receptacleNames[b] as string}.`;
    }
    case ActionKind.heat:
      state.flags[a] = ((state.flags[a] as number) | ObjectFlag.hot) & ~ObjectFlag.cool;
      return `You heat the ${game.objectNames[a] as string} using the ${game.receptacleNames[b] as string}.`;
    case ActionKind.cool:
      state.flags[a] = ((state.flags[a] as number) | ObjectFlag.cool) & ~ObjectFlag.hot;
      return `You cool the ${game.objectNames[a] as string} using the ${game.receptacleNames[b] as string}.`;
    case ActionKind.clean:
      state.flags[a] = (state.flags[a] as number) | ObjectFlag.clean;
      return `You clean the ${game.objectNames[a] as string} using the ${game.receptacleNames[b] as string}.`;
    case ActionKind.use: {
      const flags = state.flags[a] as number;
      state.flags[a] = (flags ^ ObjectFlag.on) | ObjectFlag.toggled;
      // The grammar prints "turn off" only when isToggled is false after the action: never (§6).
      return `You turn on the ${game.objectNames[a] as string}.`;
    }
    case ActionKind.slice:
      state.flags[a] = (state.flags[a] as number) | ObjectFlag.sliced;
      return `You sliced the ${game.objectNames[a] as string} with the ${game.objectNames[b] as string}.`;
    default:
      throw new Error(`unknown action code ${code}`);
  }
}
