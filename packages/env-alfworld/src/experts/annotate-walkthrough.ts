import { classOf, Subgoals } from "./turn-text.js";

/** One walkthrough command with the subgoal it serves. */
export interface AnnotatedStep {
  action: string;
  subgoal: string;
  /** This command starts a new subgoal (the turn says SWITCH). */
  starts: boolean;
}

/**
 * Splits a walkthrough into subgoal segments. Moving and opening (`go to`, `open`, `examine`…)
 * belong to the next key command; key commands close a segment:
 *
 * - moves plus `take mug 1 from …` make `find and take a mug` (`find and take another mug` for a
 *   later object of a class already taken);
 * - moves plus `clean`/`heat`/`cool mug 1 with sinkbasin 1` make `clean mug 1 with sinkbasin 1`;
 * - moves plus `move mug 1 to coffeemachine 1` make `put mug 1 in coffeemachine 1`;
 * - moves plus `use desklamp 1` make `look at mug 1 under desklamp 1` while holding something,
 *   else `turn on desklamp 1`.
 *
 * Works on any command list (generated or real walkthroughs). Moves after the last key command form
 * an `explore the room` segment.
 */
export function annotateWalkthrough(commands: readonly string[]): AnnotatedStep[] {
  const steps: AnnotatedStep[] = [];
  let pending: string[] = [];
  let held: string | undefined;
  const takenClasses = new Set<string>();
  const segment = (actions: readonly string[], subgoal: string) => {
    actions.forEach((action, index) => steps.push({ action, subgoal, starts: index === 0 }));
  };

  for (const command of commands) {
    const take = /^take (.+) from (.+)$/.exec(command);
    const treat = /^(clean|heat|cool) (.+) with (.+)$/.exec(command);
    const move = /^move (.+) to (.+)$/.exec(command);
    const use = /^use (.+)$/.exec(command);
    const slice = /^slice (.+) with (.+)$/.exec(command);
    if (take) {
      const object = take[1] as string;
      const objectClass = classOf(object);
      segment([...pending, command], Subgoals.fetch(objectClass, takenClasses.has(objectClass)));
      takenClasses.add(objectClass);
      held = object;
    } else if (treat) {
      segment([...pending, command], Subgoals.treat(treat[1] as string, treat[2] as string, treat[3] as string));
    } else if (move) {
      segment([...pending, command], Subgoals.put(move[1] as string, move[2] as string));
      held = undefined;
    } else if (use) {
      const lamp = use[1] as string;
      segment([...pending, command], held !== undefined ? Subgoals.lookUnder(held, lamp) : Subgoals.turnOn(lamp));
    } else if (slice) {
      segment([...pending, command], Subgoals.slice(slice[1] as string, slice[2] as string));
    } else {
      pending.push(command);
      continue;
    }
    pending = [];
  }
  if (pending.length > 0) segment(pending, Subgoals.explore());
  return steps;
}
