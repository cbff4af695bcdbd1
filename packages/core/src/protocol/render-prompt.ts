import { InvalidInputError } from "../errors/hiper-error.js";
import type { PolicyInput } from "../policy/policy.js";
import type { HistoryEntry } from "./history.js";
import { ACTION_RULE_FREE, ACTION_RULE_LISTED, listStylePrompt, webshopStylePrompt } from "./prompt-templates.js";
import { codePointLength } from "./python-string.js";

/** A later-turn WebShop prompt longer than this (in characters) falls back to the first-turn template. */
export const WEBSHOP_PROMPT_LIMIT = 13_000;

const WEBSHOP_SEPARATOR = " [SEP] ";

/**
 * A WebShop page as the agent sees it (spec §1.3, webshop.md §13.1): split the page on " [SEP] ",
 * drop every part up to and including the first part equal to the instruction, wrap each remaining
 * part in single quotes and re-join with " [SEP] ". When no part equals the instruction (the done
 * page, or text that is already formatted) the page is returned unchanged.
 */
export function formatWebshopObservation(pageText: string, instruction: string): string {
  const parts = pageText.split(WEBSHOP_SEPARATOR);
  const at = parts.indexOf(instruction);
  if (at === -1) return pageText;
  return parts
    .slice(at + 1)
    .map((part) => `'${part}'`)
    .join(WEBSHOP_SEPARATOR);
}

/** ALFWorld's admissible list: every command but `help`, quoted, joined by newline + space, in brackets. */
export function formatAlfworldActions(actions: readonly string[]): string {
  return `[${actions
    .filter((action) => action !== "help")
    .map((action) => `'${action}'`)
    .join("\n ")}]`;
}

/** WebShop's available actions: one `'action',` per line (the brackets are in the template). */
export function formatWebshopActions(actions: readonly string[]): string {
  return actions.map((action) => `'${action}',`).join("\n");
}

/** One history line per remembered turn: `[Observation n: '<obs>', Action n: '<act>']`. */
export function formatHistoryLines(history: readonly HistoryEntry[], formatObservation: (text: string) => string = (text) => text): string[] {
  return history.map(
    (entry) => `[Observation ${entry.turn}: '${formatObservation(entry.observation)}', Action ${entry.turn}: '${entry.action}']`,
  );
}

/**
 * The hosted-model prompt of one turn (spec §1.3), for `input.promptStyle`:
 *
 * - turn 0 (`input.step === 0`) uses the first-turn template with current subgoal "None";
 *   later turns the template with the step count and `input.history` (the caller chooses the
 *   window; `history_length` is the number of lines shown);
 * - "alfworld": admissible actions without `help`, `['a'\n 'b']`; no task line on turn 0;
 * - "webshop": observations (current and history) formatted by `formatWebshopObservation` with
 *   `input.task` as the instruction; actions as `'a',` lines; a later-turn prompt over 13,000
 *   characters is replaced by the first-turn template with the real current subgoal;
 * - "generic": the ALFWorld shape, introduced with `input.envId`, with the task line on every
 *   turn, and a free-form action rule when the environment lists no admissible actions.
 */
export function renderPrompt(input: PolicyInput): string {
  const turn = input.step === 0 ? "first" : "later";
  const subgoal = turn === "first" ? "None" : input.currentSubgoal;
  const admissible = input.observation.admissibleActions;

  switch (input.promptStyle) {
    case "alfworld":
      return listStylePrompt({
        turn,
        intro: "You are an expert agent working in the ALFRED embodied household environment.",
        task: turn === "first" ? null : input.task,
        stepCount: input.step,
        historyLines: formatHistoryLines(input.history),
        observation: input.observation.text,
        subgoal,
        actions: formatAlfworldActions(admissible ?? []),
        actionRule: ACTION_RULE_LISTED,
      });
    case "generic": {
      const listed = admissible !== undefined && admissible.length > 0;
      return listStylePrompt({
        turn,
        intro: `You are an expert agent working in the "${input.envId}" environment.`,
        task: input.task,
        stepCount: input.step,
        historyLines: formatHistoryLines(input.history),
        observation: input.observation.text,
        subgoal,
        actions: listed
          ? `[${admissible.map((action) => `'${action}'`).join("\n ")}]`
          : "Any action the environment understands (none are listed for this environment).",
        actionRule: listed ? ACTION_RULE_LISTED : ACTION_RULE_FREE,
      });
    }
    case "webshop": {
      const format = (text: string) => formatWebshopObservation(text, input.task);
      const parts = {
        task: input.task,
        stepCount: input.step,
        historyLines: formatHistoryLines(input.history, format),
        observation: format(input.observation.text),
        subgoal,
        actions: formatWebshopActions(admissible ?? []),
      };
      if (turn === "first") return webshopStylePrompt({ ...parts, turn });
      const later = webshopStylePrompt({ ...parts, turn });
      return codePointLength(later) > WEBSHOP_PROMPT_LIMIT ? webshopStylePrompt({ ...parts, turn: "first" }) : later;
    }
    default: {
      const unknown: never = input.promptStyle;
      throw new InvalidInputError(`unknown prompt style: ${String(unknown)}`);
    }
  }
}
