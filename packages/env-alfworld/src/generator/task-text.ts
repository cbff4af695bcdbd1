import type { TaskTypeName } from "../model/task-type.js";

/**
 * The two goal templates of each task type (spec alfworld.md §8.1, upstream
 * `alfworld/gen/goal_library.py`). `{obj}` and `{recep}` are lower-case class names; the toggle of
 * the look task is always `desklamp`. Grammar artefacts (`put a toiletpaper in
 * toiletpaperhanger.`, `a` before vowels) are genuine and kept.
 */
export const GOAL_TEMPLATES: Readonly<Record<TaskTypeName, readonly [string, string]>> = {
  pick_and_place_simple: ["put a {obj} in {recep}.", "put some {obj} on {recep}."],
  look_at_obj_in_light: ["look at {obj} under the {toggle}.", "examine the {obj} with the {toggle}."],
  pick_clean_then_place_in_recep: ["put a clean {obj} in {recep}.", "clean some {obj} and put it in {recep}."],
  pick_heat_then_place_in_recep: ["put a hot {obj} in {recep}.", "heat some {obj} and put it in {recep}."],
  pick_cool_then_place_in_recep: ["put a cool {obj} in {recep}.", "cool some {obj} and put it in {recep}."],
  pick_two_obj_and_place: ["put two {obj} in {recep}.", "find two {obj} and put them in {recep}."],
};

/** The task sentence (the text after `Your task is to: `) of a task. */
export function taskText(type: TaskTypeName, template: 0 | 1, objectClass: string, receptacleClass: string): string {
  return GOAL_TEMPLATES[type][template]
    .replace("{obj}", objectClass)
    .replace("{recep}", receptacleClass)
    .replace("{toggle}", "desklamp");
}
