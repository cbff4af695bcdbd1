/** Helpers shared by the ALFWorld experts: Plan-Execute output text and subgoal wording. */

/** One Plan-Execute turn (plan-execute-hae.md §1.1): three blocks, a newline between them. */
export function planExecuteText(switchDecision: "KEEP" | "SWITCH", subgoal: string, action: string): string {
  return `<switch>${switchDecision}</switch>\n<subgoal>${subgoal}</subgoal>\n<action>${action}</action>`;
}

/** The class of a printed name: `alarmclock 2` → `alarmclock`. */
export function classOf(name: string): string {
  return name.replace(/ \d+$/, "");
}

/** `an apple`, `a mug`: the English article for subgoal text (the game itself always says `a`). */
export function withArticle(word: string): string {
  return `${/^[aeiou]/.test(word) ? "an" : "a"} ${word}`;
}

/** The subgoal wordings both experts use, so that their trajectories share one vocabulary. */
export const Subgoals = {
  /** Searching for an object and taking it are one subgoal: `take` alone would be a single command (spec §1.1). */
  fetch: (objectClass: string, another = false) =>
    another ? `find and take another ${objectClass}` : `find and take ${withArticle(objectClass)}`,
  find: (objectClass: string) => `find ${withArticle(objectClass)}`,
  treat: (verb: string, object: string, appliance: string) => `${verb} ${object} with ${appliance}`,
  put: (object: string, receptacle: string) => `put ${object} in ${receptacle}`,
  lookUnder: (object: string, lamp: string) => `look at ${object} under ${lamp}`,
  turnOn: (lamp: string) => `turn on ${lamp}`,
  slice: (object: string, knife: string) => `slice ${object} with ${knife}`,
  explore: () => "explore the room",
} as const;
