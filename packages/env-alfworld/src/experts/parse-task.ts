import type { TaskTypeName } from "../model/task-type.js";

/** What a task sentence asks for. Classes are lower-case ALFRED class names as printed (`mug`, `countertop`). */
export interface ParsedTask {
  type: TaskTypeName;
  objectClass: string;
  /** The target receptacle class; `desklamp` for `look_at_obj_in_light`. */
  receptacleClass: string;
}

/** Both goal templates of every task type (spec alfworld.md §8.1), most specific first. */
const PATTERNS: ReadonlyArray<readonly [RegExp, TaskTypeName]> = [
  [/^put a clean (\S+) in (\S+?)\.?$/, "pick_clean_then_place_in_recep"],
  [/^clean some (\S+) and put it in (\S+?)\.?$/, "pick_clean_then_place_in_recep"],
  [/^put a hot (\S+) in (\S+?)\.?$/, "pick_heat_then_place_in_recep"],
  [/^heat some (\S+) and put it in (\S+?)\.?$/, "pick_heat_then_place_in_recep"],
  [/^put a cool (\S+) in (\S+?)\.?$/, "pick_cool_then_place_in_recep"],
  [/^cool some (\S+) and put it in (\S+?)\.?$/, "pick_cool_then_place_in_recep"],
  [/^put two (\S+) in (\S+?)\.?$/, "pick_two_obj_and_place"],
  [/^find two (\S+) and put them in (\S+?)\.?$/, "pick_two_obj_and_place"],
  [/^look at (\S+) under the (\S+?)\.?$/, "look_at_obj_in_light"],
  [/^examine the (\S+) with the (\S+?)\.?$/, "look_at_obj_in_light"],
  [/^put a (\S+) in (\S+?)\.?$/, "pick_and_place_simple"],
  [/^put some (\S+) on (\S+?)\.?$/, "pick_and_place_simple"],
];

/**
 * Reads a task sentence (`heat some apple and put it in fridge.`, with or without the leading
 * `Your task is to: `). Returns undefined for text that matches none of the twelve templates.
 */
export function parseTask(text: string): ParsedTask | undefined {
  const sentence = text
    .trim()
    .replace(/^your task is to:\s*/i, "")
    .toLowerCase();
  for (const [pattern, type] of PATTERNS) {
    const match = pattern.exec(sentence);
    if (match) return { type, objectClass: match[1] as string, receptacleClass: match[2] as string };
  }
  return undefined;
}
