import { ActionKind, commandText, encodeAction } from "./action-code.js";
import { ObjectStatic, ReceptacleStatic, type CompiledGame } from "./compiled-game.js";
import type { EngineState } from "./engine-state.js";

/**
 * The admissible commands of a state (spec alfworld.md §6–7): every grounded command whose
 * precondition holds, rendered, de-duplicated and sorted by code units. `codes[i]` is the action
 * that `commands[i]` runs.
 */
export interface AdmissibleCommands {
  readonly commands: string[];
  readonly codes: number[];
}

interface Sorted {
  commands: string[];
  codes: number[];
}

const byText = (a: { text: string }, b: { text: string }) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);

/** Per location: `go to` every receptacle standing elsewhere, plus `help`, `inventory`, `look`; sorted. */
const staticCache = new WeakMap<CompiledGame, Array<Sorted | undefined>>();

function staticCommands(game: CompiledGame, location: number): Sorted {
  let perLocation = staticCache.get(game);
  if (!perLocation) {
    perLocation = [];
    staticCache.set(game, perLocation);
  }
  let found = perLocation[location];
  if (!found) {
    const entries: Array<{ text: string; code: number }> = [];
    const add = (code: number) => entries.push({ text: commandText(game, code), code });
    game.receptacleIds.forEach((_, r) => {
      if (game.receptacleLocation[r] !== location) add(encodeAction(ActionKind.goTo, r));
    });
    add(encodeAction(ActionKind.help));
    add(encodeAction(ActionKind.inventory));
    add(encodeAction(ActionKind.look));
    entries.sort(byText);
    found = { commands: entries.map((e) => e.text), codes: entries.map((e) => e.code) };
    perLocation[location] = found;
  }
  return found;
}

/** Computes the admissible commands of `state`. */
export function admissibleCommands(game: CompiledGame, state: EngineState): AdmissibleCommands {
  const location = state.agentLocation;
  const held = state.held;
  const dynamic: Array<{ text: string; code: number }> = [];
  const add = (code: number) => dynamic.push({ text: commandText(game, code), code });
  const objectStatic = game.objectStatic;
  const heldStatic = held >= 0 ? (objectStatic[held] as number) : 0;
  const heldType = held >= 0 ? (game.objectType[held] as number) : -1;
  const typeCount = game.typeIndex.size;

  for (const r of game.receptaclesAt[location] as readonly number[]) {
    const bits = game.receptacleStatic[r] as number;
    const openable = (bits & ReceptacleStatic.openable) !== 0;
    const accessible = !openable || state.opened[r] === 1;
    add(encodeAction(ActionKind.examineReceptacle, r));
    if (openable) add(encodeAction(state.opened[r] === 1 ? ActionKind.close : ActionKind.open, r));
    for (const o of state.contents[r] as number[]) {
      const objectBits = objectStatic[o] as number;
      if (held < 0 && accessible && objectBits & ObjectStatic.pickupable) add(encodeAction(ActionKind.take, o, r));
      if (objectBits & ObjectStatic.toggleable) add(encodeAction(ActionKind.use, o));
    }
    if (held >= 0) {
      if (accessible && heldType >= 0 && game.canContain[(game.receptacleType[r] as number) * typeCount + heldType] === 1) {
        add(encodeAction(ActionKind.move, held, r));
      }
      if (heldStatic & ObjectStatic.heatable && bits & ReceptacleStatic.microwave) add(encodeAction(ActionKind.heat, held, r));
      if (heldStatic & ObjectStatic.coolable && bits & ReceptacleStatic.fridge) add(encodeAction(ActionKind.cool, held, r));
      if (heldStatic & ObjectStatic.cleanable && bits & ReceptacleStatic.sink) add(encodeAction(ActionKind.clean, held, r));
    }
  }
  if (held >= 0) {
    add(encodeAction(ActionKind.examineObject, held));
    if (heldStatic & ObjectStatic.knife) {
      for (const o of game.sliceableObjects) {
        if ((state.objectLocations[o] as number[]).includes(location)) add(encodeAction(ActionKind.slice, o, held));
      }
    }
  }
  dynamic.sort(byText);
  return merge(staticCommands(game, location), dynamic);
}

/** Merges the sorted static list with the sorted dynamic entries, dropping repeated texts. */
function merge(fixed: Sorted, dynamic: Array<{ text: string; code: number }>): AdmissibleCommands {
  const commands: string[] = [];
  const codes: number[] = [];
  const fixedCount = fixed.commands.length;
  const dynamicCount = dynamic.length;
  let i = 0;
  let j = 0;
  let last: string | undefined;
  while (i < fixedCount || j < dynamicCount) {
    let text: string;
    let code: number;
    const entry = dynamic[j];
    if (i < fixedCount && (entry === undefined || (fixed.commands[i] as string) <= entry.text)) {
      text = fixed.commands[i] as string;
      code = fixed.codes[i] as number;
      i += 1;
    } else {
      text = (entry as { text: string }).text;
      code = (entry as { code: number }).code;
      j += 1;
    }
    if (text === last) continue;
    commands.push(text);
    codes.push(code);
    last = text;
  }
  return { commands, codes };
}

/** The action of `command` if it is admissible (binary search), else -1. */
export function findAdmissible(admissible: AdmissibleCommands, command: string): number {
  const { commands } = admissible;
  let low = 0;
  let high = commands.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const text = commands[middle] as string;
    if (text === command) return admissible.codes[middle] as number;
    if (text < command) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
