import type { CompiledGame } from "./compiled-game.js";

/** Grounded actions, encoded as `kind * 2^24 + a * 2^12 + b` (a, b: receptacle or object indices). */
export const ActionKind = {
  look: 0,
  inventory: 1,
  help: 2,
  goTo: 3, // a = receptacle
  examineReceptacle: 4, // a = receptacle
  examineObject: 5, // a = object
  open: 6, // a = receptacle
  close: 7, // a = receptacle
  take: 8, // a = object, b = receptacle
  move: 9, // a = object, b = receptacle
  heat: 10, // a = object, b = receptacle
  cool: 11, // a = object, b = receptacle
  clean: 12, // a = object, b = receptacle
  use: 13, // a = object
  slice: 14, // a = object sliced, b = knife object
} as const;
export type ActionKind = (typeof ActionKind)[keyof typeof ActionKind];

const KIND = 16_777_216;
const FIRST = 4096;

export const encodeAction = (kind: ActionKind, a = 0, b = 0): number => kind * KIND + a * FIRST + b;
export const actionKind = (code: number): ActionKind => Math.floor(code / KIND) as ActionKind;
export const actionFirst = (code: number): number => Math.floor(code / FIRST) % FIRST;
export const actionSecond = (code: number): number => code % FIRST;

const cache = new WeakMap<CompiledGame, Map<number, string>>();

function render(game: CompiledGame, code: number): string {
  const a = actionFirst(code);
  const b = actionSecond(code);
  const r = (i: number) => game.receptacleNames[i] as string;
  const o = (i: number) => game.objectNames[i] as string;
  switch (actionKind(code)) {
    case ActionKind.look:
      return "look";
    case ActionKind.inventory:
      return "inventory";
    case ActionKind.help:
      return "help";
    case ActionKind.goTo:
      return `go to ${r(a)}`;
    case ActionKind.examineReceptacle:
      return `examine ${r(a)}`;
    case ActionKind.examineObject:
      return `examine ${o(a)}`;
    case ActionKind.open:
      return `open ${r(a)}`;
    case ActionKind.close:
      return `close ${r(a)}`;
    case ActionKind.take:
      return `take ${o(a)} from ${r(b)}`;
    case ActionKind.move:
      return `move ${o(a)} to ${r(b)}`;
    case ActionKind.heat:
      return `heat ${o(a)} with ${r(b)}`;
    case ActionKind.cool:
      return `cool ${o(a)} with ${r(b)}`;
    case ActionKind.clean:
      return `clean ${o(a)} with ${r(b)}`;
    case ActionKind.use:
      return `use ${o(a)}`;
    case ActionKind.slice:
      return `slice ${o(a)} with ${o(b)}`;
    default:
      throw new Error(`unknown action code ${code}`);
  }
}

/** The command text of an action (`take mug 1 from shelf 2`), cached per game. */
export function commandText(game: CompiledGame, code: number): string {
  let table = cache.get(game);
  if (!table) {
    table = new Map();
    cache.set(game, table);
  }
  let text = table.get(code);
  if (text === undefined) {
    text = render(game, code);
    table.set(code, text);
  }
  return text;
}
