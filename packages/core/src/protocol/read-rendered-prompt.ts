import { z } from "zod";
import { Observation } from "../env/environment.js";
import { extractTask } from "../env/remote/agentgym-protocol.js";
import { HistoryEntry } from "./history.js";
import { PromptStyle } from "./prompt-style.js";
import { ACTION_RULE_FREE, ACTION_RULE_LISTED, BLOCKS, EXEMPLAR, SUBGOAL_INTRO, formatRules } from "./prompt-templates.js";
import { formatWebshopObservation } from "./render-prompt.js";

/** What `readRenderedPrompt` recovers from a hosted-model prompt: the parts of a `PolicyInput`. */
export const RenderedPromptParts = z.object({
  promptStyle: PromptStyle,
  /** The generic template's quoted environment id; "alfworld" / "webshop" for those styles. */
  envId: z.string().optional(),
  task: z.string(),
  step: z.number().int().nonnegative(),
  history: z.array(HistoryEntry),
  /** `admissibleActions` is undefined when the generic template lists none. */
  observation: Observation,
  currentSubgoal: z.string(),
});
export type RenderedPromptParts = z.infer<typeof RenderedPromptParts>;

// The fixed text of the templates that `renderPrompt` writes inline.
const ALFWORLD_INTRO = "You are an expert agent working in the ALFRED embodied household environment.";
const GENERIC_INTRO = 'You are an expert agent working in the "';
const GENERIC_INTRO_END = '" environment.\nYour overall task is: ';
const TASK_LINE = "\nYour overall task is: ";
const WEBSHOP_INTRO = "You are an expert autonomous agent working in the WebShop e-commerce environment. Your task is to: ";
const AFTER_INTRO = `\n\n${SUBGOAL_INTRO}\n\n`;
const OBSERVATION_HEADER = "Your current observation is:\n";
const FIRST_TURN_NOTE = '\n(On the first step of an episode this is "None".)';
const FREE_ACTIONS = "Any action the environment understands (none are listed for this environment).";
const TAIL = (turn: Turn, actionRule: string = ACTION_RULE_LISTED) => `\n\n${BLOCKS}\n\n${formatRules(turn, actionRule)}\n\n${EXEMPLAR}\n`;
const SEP = " [SEP] ";

type Turn = "first" | "later";

/**
 * The inverse of `renderPrompt`: reads a hosted-model Plan-Execute prompt (any style, any turn)
 * back into the parts of the `PolicyInput` that produced it, or null when the text is not one of
 * our templates (it never throws). Pure and linear in practice: fixed markers are found with
 * `indexOf`, never by splitting on quotes.
 *
 * Variable fields are delimited by the template's own structure: the header fields (env id, task)
 * end at the first following fixed marker; the history lines are read one by one (`[Observation
 * n: '`, then `', Action n: '`, then `']` followed by the next line's head or the next section);
 * the action list, the subgoal and the current observation are read from the end, so the current
 * observation — the freest text — is whatever lies between its header and the subgoal header.
 * A field that itself contains the marker that ends it (`', Action 3: '` inside a history
 * observation, `']\n[Observation 4: '` inside a history action, `'\n '` or `',\n'` inside an
 * admissible action, or a section header inside the subgoal) cannot be told apart from the
 * structure and is read differently. The leading and trailing newline of the template may be
 * missing (chat clients often trim messages).
 *
 * What the prompt does not show, and what is returned instead:
 * - (a) turn 0 shows no history, step or subgoal: step 0, history [], currentSubgoal "None".
 * - (b) ALFWorld's first turn has no task line: the task is read from the observation's last
 *   `Your task is to: …` line (`extractTask`), or "" when it has none.
 * - (c) ALFWorld never lists `help`: the admissible actions are those shown (no `help`), and a
 *   missing list reads as []. Generic: "none are listed" reads as undefined (also for []).
 *   WebShop: an empty block reads as [] (also for undefined).
 * - (d) WebShop observations are shown formatted (the parts after the instruction, quoted). When
 *   every ` [SEP] ` part of the shown text is quoted, the page is rebuilt in the environment's raw
 *   form — `Instruction: [SEP] <task> [SEP] <parts unquoted>`, with `WebShop [SEP] ` in front for
 *   the search page (parts `['Search']`) — which is exactly the real page for every page
 *   `env-webshop` produces, and what a local model trained on raw observations expects. The
 *   rebuilt page formats back to the same shown text (checked; otherwise the shown text is kept),
 *   so rendering the result again gives the same prompt. Text shown unformatted (the done page)
 *   is returned as shown.
 * - (e) a WebShop later turn over 13,000 characters is rendered with the first-turn template but
 *   the real subgoal. A first-turn WebShop prompt whose subgoal is not "None" can only be that
 *   fallback: it reads as step 1 (the smallest later step: a later turn, count unknown) with
 *   history []; with subgoal "None" it cannot be told from a real first turn and reads as (a).
 * - `observation.task` is the task; `envId` is "alfworld" / "webshop" for those styles.
 */
export function readRenderedPrompt(text: string): RenderedPromptParts | null {
  if (typeof text !== "string") return null;
  let prompt = text.startsWith("\n") ? text : `\n${text}`;
  if (!prompt.endsWith("\n")) prompt += "\n";
  if (prompt.startsWith(`\n${WEBSHOP_INTRO}`)) return readWebshop(prompt);
  return readListStyle(prompt);
}

/** The ALFWorld-shaped templates (ALFWorld and generic). */
function readListStyle(text: string): RenderedPromptParts | null {
  let style: "alfworld" | "generic";
  let envId: string;
  let pos: number;
  let task: string | null = null;
  if (text.startsWith(`\n${ALFWORLD_INTRO}`)) {
    style = "alfworld";
    envId = "alfworld";
    pos = 1 + ALFWORLD_INTRO.length;
    if (text.startsWith(TASK_LINE, pos)) {
      const end = text.indexOf(AFTER_INTRO, pos);
      if (end < 0) return null;
      task = text.slice(pos + TASK_LINE.length, end);
      pos = end;
    }
  } else if (text.startsWith(`\n${GENERIC_INTRO}`)) {
    style = "generic";
    const idStart = 1 + GENERIC_INTRO.length;
    const idEnd = text.indexOf(GENERIC_INTRO_END, idStart);
    if (idEnd < 0) return null;
    envId = text.slice(idStart, idEnd);
    const taskStart = idEnd + GENERIC_INTRO_END.length;
    const taskEnd = text.indexOf(AFTER_INTRO, taskStart);
    if (taskEnd < 0) return null;
    task = text.slice(taskStart, taskEnd);
    pos = taskEnd;
  } else {
    return null;
  }
  if (!text.startsWith(AFTER_INTRO, pos)) return null;
  pos += AFTER_INTRO.length;

  let turn: Turn = "first";
  let step = 0;
  let history: HistoryEntry[] = [];
  if (text.startsWith(LATER_TURN_START, pos)) {
    turn = "later";
    const header = readLaterTurnHeader(text, pos, " step(s).\nThe last ", " observations and actions:\n");
    if (!header) return null;
    const lines = readHistory(text, header.end, header.count, `\n\n${OBSERVATION_HEADER}`, identity);
    if (!lines) return null;
    step = header.steps;
    history = lines.entries;
    pos = lines.end;
  } else {
    if (!text.startsWith(OBSERVATION_HEADER, pos)) return null;
    pos += OBSERVATION_HEADER.length;
  }

  const actionRule = text.endsWith(TAIL(turn, ACTION_RULE_FREE)) ? ACTION_RULE_FREE : ACTION_RULE_LISTED;
  const tail = TAIL(turn, actionRule);
  if (!text.endsWith(tail) || (style === "alfworld" && actionRule !== ACTION_RULE_LISTED)) return null;
  const body = text.slice(0, text.length - tail.length);
  const sections = readTrailingSections(body, pos, {
    actionsHeader: "\n\nYour admissible actions are:\n",
    subgoalEnd: turn === "first" ? FIRST_TURN_NOTE : "",
    subgoalHeader: "\n\nYour current sub-goal is:\n",
  });
  if (!sections) return null;

  let admissibleActions: string[] | undefined;
  if (actionRule === ACTION_RULE_FREE) {
    if (sections.actions !== FREE_ACTIONS) return null;
  } else {
    const listed = readBracketList(sections.actions);
    if (!listed) return null;
    admissibleActions = listed;
  }
  const observationText = sections.observation;
  const resolvedTask = task ?? extractTask(observationText) ?? "";
  return {
    promptStyle: style,
    envId,
    task: resolvedTask,
    step,
    history,
    observation: { text: observationText, task: resolvedTask, ...(admissibleActions ? { admissibleActions } : {}) },
    currentSubgoal: sections.subgoal,
  };
}

/** WebShop's first- and later-turn templates. */
function readWebshop(text: string): RenderedPromptParts | null {
  const taskStart = 1 + WEBSHOP_INTRO.length;
  const taskEnd = text.indexOf(`.${AFTER_INTRO}`, taskStart);
  if (taskEnd < 0) return null;
  const task = text.slice(taskStart, taskEnd);
  const unformat = (shown: string) => unformatWebshopObservation(shown, task);
  let pos = taskEnd + 1 + AFTER_INTRO.length;

  let turn: Turn = "first";
  let step = 0;
  let history: HistoryEntry[] = [];
  if (text.startsWith(LATER_TURN_START, pos)) {
    turn = "later";
    const header = readLaterTurnHeader(text, pos, " step(s). Here are the last ", " observations and the actions you took: ");
    if (!header) return null;
    const terminator = `\nYou are now at step ${header.steps + 1} and your current observation is: `;
    const lines = readHistory(text, header.end, header.count, terminator, unformat);
    if (!lines) return null;
    step = header.steps;
    history = lines.entries;
    pos = lines.end;
  } else {
    if (!text.startsWith("Your current observation is: ", pos)) return null;
    pos += "Your current observation is: ".length;
  }

  const tail = `\n].${TAIL(turn)}`;
  if (!text.endsWith(tail)) return null;
  const sections = readTrailingSections(text.slice(0, text.length - tail.length), pos, {
    actionsHeader: ".\n\nYour admissible actions in the current situation are:\n[\n",
    subgoalEnd: "",
    subgoalHeader: ".\n\nYour current sub-goal is: ",
  });
  if (!sections) return null;
  const admissibleActions = readWebshopActions(sections.actions);
  if (!admissibleActions) return null;

  // A first-turn template with a real subgoal is the over-length fallback of a later turn.
  if (turn === "first" && sections.subgoal !== "None") step = 1;
  return {
    promptStyle: "webshop",
    envId: "webshop",
    task,
    step,
    history,
    observation: { text: unformat(sections.observation), task, admissibleActions },
    currentSubgoal: sections.subgoal,
  };
}

/**
 * The three sections at the end of a prompt body, read from the right: the action block after the
 * last actions header, the subgoal after the last subgoal header before it (minus `subgoalEnd`),
 * and the observation from `observationStart` up to that subgoal header.
 */
function readTrailingSections(
  body: string,
  observationStart: number,
  markers: { actionsHeader: string; subgoalEnd: string; subgoalHeader: string },
): { observation: string; subgoal: string; actions: string } | null {
  const actionsAt = body.lastIndexOf(markers.actionsHeader);
  if (actionsAt < observationStart) return null;
  const beforeActions = body.slice(0, actionsAt);
  if (!beforeActions.endsWith(markers.subgoalEnd)) return null;
  const subgoalRegion = beforeActions.slice(0, beforeActions.length - markers.subgoalEnd.length);
  const subgoalAt = subgoalRegion.lastIndexOf(markers.subgoalHeader);
  if (subgoalAt < observationStart) return null;
  return {
    observation: body.slice(observationStart, subgoalAt),
    subgoal: subgoalRegion.slice(subgoalAt + markers.subgoalHeader.length),
    actions: body.slice(actionsAt + markers.actionsHeader.length),
  };
}

/**
 * `count` history lines `[Observation n: '<obs>', Action n: '<act>']` joined by newlines, starting
 * at `start` and followed by `terminator`. An observation ends at the first `', Action n: '` with
 * its own n; an action at the first `']` followed by the next line's head (or the terminator).
 */
function readHistory(
  text: string,
  start: number,
  count: number,
  terminator: string,
  readObservation: (shown: string) => string,
): { entries: HistoryEntry[]; end: number } | null {
  const entries: HistoryEntry[] = [];
  if (count === 0) return text.startsWith(terminator, start) ? { entries, end: start + terminator.length } : null;
  let pos = start;
  for (let index = 0; index < count; index += 1) {
    const last = index === count - 1;
    const head = readLineHead(text, pos);
    if (!head) return null;
    const middle = `', Action ${head.turn}: '`;
    const observationEnd = text.indexOf(middle, head.end);
    if (observationEnd < 0) return null;
    const actionStart = observationEnd + middle.length;
    const actionEnd = last ? text.indexOf(`']${terminator}`, actionStart) : findLineBreak(text, actionStart);
    if (actionEnd < 0) return null;
    entries.push({ turn: head.turn, observation: readObservation(text.slice(head.end, observationEnd)), action: text.slice(actionStart, actionEnd) });
    pos = actionEnd + (last ? `']${terminator}`.length : "']\n".length);
  }
  return { entries, end: pos };
}

/** The first `']\n` from `from` that is followed by a valid line head; -1 if none. */
function findLineBreak(text: string, from: number): number {
  for (let at = text.indexOf("']\n[Observation ", from); at >= 0; at = text.indexOf("']\n[Observation ", at + 1)) {
    if (readLineHead(text, at + "']\n".length)) return at;
  }
  return -1;
}

/** `[Observation n: '` at `pos`, with n ≥ 1. */
function readLineHead(text: string, pos: number): { turn: number; end: number } | null {
  if (!text.startsWith("[Observation ", pos)) return null;
  const turn = readNumber(text, pos + "[Observation ".length);
  if (!turn || turn.value === 0 || !text.startsWith(": '", turn.end)) return null;
  return { turn: turn.value, end: turn.end + ": '".length };
}

/** A decimal integer as `${n}` writes it (no sign, no leading zeros), at `pos`. */
/** How every later-turn template starts its history part. */
const LATER_TURN_START = "You have already taken ";

/**
 * A later turn's header, `You have already taken N step(s)<between>K<after>`, where the template
 * words `between` and `after` differ by style: the step count N, the history lines K, and where
 * the history starts.
 */
function readLaterTurnHeader(text: string, pos: number, between: string, after: string): { steps: number; count: number; end: number } | null {
  const steps = readNumber(text, pos + LATER_TURN_START.length);
  if (!steps || !text.startsWith(between, steps.end)) return null;
  const count = readNumber(text, steps.end + between.length);
  if (!count || !text.startsWith(after, count.end)) return null;
  return { steps: steps.value, count: count.value, end: count.end + after.length };
}

function readNumber(text: string, pos: number): { value: number; end: number } | null {
  let end = pos;
  while (end < text.length && text.charCodeAt(end) >= 0x30 && text.charCodeAt(end) <= 0x39) end += 1;
  if (end === pos || end - pos > 15 || (text[pos] === "0" && end - pos > 1)) return null;
  return { value: Number(text.slice(pos, end)), end };
}

/** `['a'\n 'b']` (ALFWorld and generic); `[]` is the empty list. */
function readBracketList(block: string): string[] | null {
  if (block === "[]") return [];
  if (block.length < 4 || !block.startsWith("['") || !block.endsWith("']")) return null;
  return block.slice(2, -2).split("'\n '");
}

/** WebShop's `'a',\n'b',` block; empty is the empty list. */
function readWebshopActions(block: string): string[] | null {
  if (block === "") return [];
  if (block.length < 3 || !block.startsWith("'") || !block.endsWith("',")) return null;
  return block.slice(1, -2).split("',\n'");
}

/** A WebShop observation as shown, rebuilt into the environment's raw page where possible (see (d)). */
function unformatWebshopObservation(shown: string, task: string): string {
  if (shown === "") return shown;
  const parts = shown.split(SEP);
  if (!parts.every((part) => part.length >= 2 && part.startsWith("'") && part.endsWith("'"))) return shown;
  const inner = parts.map((part) => part.slice(1, -1));
  const prefix = inner.length === 1 && inner[0] === "Search" ? ["WebShop", "Instruction:"] : ["Instruction:"];
  const raw = [...prefix, task, ...inner].join(SEP);
  return formatWebshopObservation(raw, task) === shown ? raw : shown;
}

const identity = (shown: string) => shown;
