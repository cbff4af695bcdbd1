/**
 * The hosted-model Plan-Execute prompts (spec §1.3), in our own words: the same information, the
 * same order and the same tag names as upstream's templates. Every template starts and ends with
 * a newline, as upstream's do; each paragraph is one line. `render-prompt.ts` fills them.
 */

/** [SUBGOAL-INTRO], shared by every template. */
export const SUBGOAL_INTRO = [
  "You will solve the task by always keeping a SHORT-TERM SUB-GOAL. A sub-goal is a small high-level objective that usually takes only a few actions to reach. A sub-goal is NOT the whole task and NOT a single low-level action.",
  "",
  "At every step, reconsider your sub-goal in light of the newest observation: either continue it or switch to a new short-term sub-goal.",
].join("\n");

/** [BLOCKS], shared by every template. */
export const BLOCKS = [
  "Every step, you MUST produce EXACTLY THREE blocks, in this order:",
  "1) a <switch> block   (KEEP or SWITCH)",
  "2) a <subgoal> block  (the sub-goal you will pursue next)",
  "3) an <action> block  (one admissible action)",
].join("\n");

/** [EXEMPLAR], shared by every template. */
export const EXEMPLAR = [
  "Answer now in exactly this format, with no extra text:",
  "",
  "<switch>KEEP or SWITCH</switch>",
  "<subgoal>the sub-goal you will pursue next</subgoal>",
  "<action>exactly one admissible action</action>",
].join("\n");

/** The <action> rule when the admissible actions are listed. */
export const ACTION_RULE_LISTED = "- <action> contains EXACTLY ONE action copied verbatim from the admissible actions.";
/** The <action> rule of the generic template when the environment lists no actions. */
export const ACTION_RULE_FREE = "- <action> contains EXACTLY ONE action, written as plain text.";

/** [RULES-FIRST] (first turn) or [RULES-STEP] (later turns). */
export function formatRules(turn: "first" | "later", actionRule: string = ACTION_RULE_LISTED): string {
  const first = turn === "first";
  return [
    first
      ? "Do not write anything else: no comments or reasoning before, between or after the blocks."
      : "No other text, comments or reasoning may appear anywhere in the output.",
    "",
    "STRICT FORMAT RULES:",
    '- <switch> contains ONLY "KEEP" or "SWITCH".',
    "- <subgoal> is required at EVERY step:",
    first
      ? "    * after <switch>KEEP</switch>, copy the current sub-goal EXACTLY;"
      : "    * if you KEEP, copy the EXACT current sub-goal into <subgoal>;",
    first
      ? "    * after <switch>SWITCH</switch>, write a NEW short sub-goal reachable in a few actions."
      : "    * if you SWITCH, write a NEW short sub-goal reachable in a few actions and NOT the whole task.",
    actionRule,
  ].join("\n");
}

/** The filled parts of an ALFWorld-shaped prompt (ALFWorld and generic). */
export interface ListStyleParts {
  turn: "first" | "later";
  /** The first line: who the agent is and where. */
  intro: string;
  /** The task line; ALFWorld's first turn has none (the task is inside the observation). */
  task: string | null;
  /** Later turns: the step count and the history lines. */
  stepCount: number;
  historyLines: string[];
  observation: string;
  subgoal: string;
  /** The admissible-action block, already formatted (e.g. `['a'\n 'b']`). */
  actions: string;
  actionRule: string;
}

/** ALFWorld's first- and later-turn templates (also used, with another intro, for "generic"). */
export function listStylePrompt(parts: ListStyleParts): string {
  const first = parts.turn === "first";
  const header = parts.task === null ? parts.intro : `${parts.intro}\nYour overall task is: ${parts.task}`;
  const history = first
    ? []
    : [
        `You have already taken ${parts.stepCount} step(s).`,
        `The last ${parts.historyLines.length} observations and actions:`,
        parts.historyLines.join("\n"),
        "",
      ];
  return [
    "",
    header,
    "",
    SUBGOAL_INTRO,
    "",
    ...history,
    "Your current observation is:",
    parts.observation,
    "",
    "Your current sub-goal is:",
    parts.subgoal,
    ...(first ? ['(On the first step of an episode this is "None".)'] : []),
    "",
    "Your admissible actions are:",
    parts.actions,
    "",
    BLOCKS,
    "",
    formatRules(parts.turn, parts.actionRule),
    "",
    EXEMPLAR,
    "",
  ].join("\n");
}

/** The filled parts of a WebShop prompt. */
export interface WebshopStyleParts {
  turn: "first" | "later";
  task: string;
  stepCount: number;
  historyLines: string[];
  observation: string;
  subgoal: string;
  /** The available actions, already formatted (`'search[<your query>]',\n'click[…]',`). */
  actions: string;
}

/** WebShop's first- and later-turn templates. */
export function webshopStylePrompt(parts: WebshopStyleParts): string {
  const first = parts.turn === "first";
  const situation = first
    ? [`Your current observation is: ${parts.observation}.`]
    : [
        `You have already taken ${parts.stepCount} step(s). Here are the last ${parts.historyLines.length} observations and the actions you took: ${parts.historyLines.join("\n")}`,
        `You are now at step ${parts.stepCount + 1} and your current observation is: ${parts.observation}.`,
      ];
  return [
    "",
    `You are an expert autonomous agent working in the WebShop e-commerce environment. Your task is to: ${parts.task}.`,
    "",
    SUBGOAL_INTRO,
    "",
    ...situation,
    "",
    `Your current sub-goal is: ${parts.subgoal}.`,
    "",
    "Your admissible actions in the current situation are:",
    "[",
    parts.actions,
    "].",
    "",
    BLOCKS,
    "",
    formatRules(parts.turn),
    "",
    EXEMPLAR,
    "",
  ].join("\n");
}
