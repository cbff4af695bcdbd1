import { type InvalidReason, PlanExecuteOutput } from "./plan-execute-output.js";
import type { PromptStyle } from "./prompt-style.js";
import { lastCodePoints, pythonStrip } from "./python-string.js";

export interface ParsePlanExecuteOptions {
  /** Which environment's quirks to reproduce; "generic" behaves like "alfworld". Default "alfworld". */
  style?: PromptStyle;
}

/** The places where upstream's ALFWorld and WebShop parsers differ (spec §1.4). */
interface StyleQuirks {
  /** Code points of the lower-cased output kept as the action when the action block is missing. */
  actionTailLength: number;
  /** The subgoal when the switch block is missing, from the extracted action. */
  subgoalWithoutSwitch: (action: string) => string;
  /** The switch when its content is neither KEEP nor SWITCH. */
  switchWhenBad: "" | "KEEP";
}

const ALFWORLD: StyleQuirks = {
  actionTailLength: 30,
  subgoalWithoutSwitch: (action) => lastCodePoints(action, 30),
  switchWhenBad: "",
};

const WEBSHOP: StyleQuirks = {
  actionTailLength: 20,
  subgoalWithoutSwitch: () => "None",
  switchWhenBad: "KEEP",
};

const quirksOf = (style: PromptStyle | undefined): StyleQuirks => (style === "webshop" ? WEBSHOP : ALFWORLD);

/** Any character in U+4E00–U+9FFF (CJK Unified Ideographs). A single class: linear time. */
const CJK = /[\u4e00-\u9fff]/;

/**
 * The content between the first `open` tag and the first `close` tag **after it**, or null when
 * either is missing. (Upstream searches the close tag anywhere; the spec asks the SDK not to. The
 * two differ only on malformed output.) Two `indexOf` calls with short needles: linear time.
 */
function blockContent(text: string, open: string, close: string): string | null {
  const start = text.indexOf(open);
  if (start === -1) return null;
  const contentStart = start + open.length;
  const end = text.indexOf(close, contentStart);
  if (end === -1) return null;
  return text.slice(contentStart, end);
}

/**
 * The environment-side parse of one model output (spec §1.4; upstream `*_projection_options`).
 *
 * 1. action: `<action>…</action>` in the lower-cased text (so `<ACTION>` works), stripped. If the
 *    block is missing, the action is the last 30 (ALFWorld) / 20 (WebShop) characters of the
 *    lower-cased text, the turn is invalid (`missing_action`) and nothing else is read.
 * 2. switch: `<switch>…</switch>` in the original text (case-sensitive tags), stripped and
 *    upper-cased; must be KEEP or SWITCH (`missing_switch`, `bad_switch`).
 * 3. subgoal: `<subgoal>…</subgoal>` in the original text, stripped (`missing_subgoal`).
 * 4. any CJK ideograph makes the turn invalid (`cjk`), whenever step 1 succeeded.
 *
 * `reason` is the first check that failed. Block order, duplicates, extra text, admissibility
 * and whether KEEP really copied the subgoal are not checked. The action is meant to be executed
 * even when the turn is invalid. On KEEP, `subgoal` is what the model wrote, not the subgoal in
 * force: see `resolveSubgoal`.
 *
 * Never throws, runs in linear time, and the result is validated against `PlanExecuteOutput`.
 *
 * Tags are found by plain string search, not by an XML parser: the spec defines a result for
 * malformed output (where an XML parser rejects or repairs), accepts `<ACTION>` but not
 * `<SWITCH>`, and keeps entities such as `&amp;` as written. fast-xml-parser serves instead as an
 * independent oracle on well-formed outputs in the fuzz test.
 */
export function parsePlanExecute(text: string, options: ParsePlanExecuteOptions = {}): PlanExecuteOutput {
  const quirks = quirksOf(options.style);
  const output = typeof text === "string" ? text : "";
  return PlanExecuteOutput.parse(parseWith(output, quirks));
}

function parseWith(output: string, quirks: StyleQuirks): PlanExecuteOutput {
  const invalid = (fields: Omit<PlanExecuteOutput, "valid" | "reason">, reason: InvalidReason): PlanExecuteOutput => ({
    ...fields,
    valid: false,
    reason,
  });

  // 1. action (case-insensitive tags: searched in the lower-cased text)
  const lowered = output.toLowerCase();
  const actionContent = blockContent(lowered, "<action>", "</action>");
  if (actionContent === null) {
    const action = lastCodePoints(lowered, quirks.actionTailLength);
    return invalid({ switch: "", subgoal: "", action }, "missing_action");
  }
  const action = pythonStrip(actionContent);

  // 2. switch (case-sensitive tags, content compared upper-cased)
  const switchContent = blockContent(output, "<switch>", "</switch>");
  if (switchContent === null) {
    return invalid({ switch: "", subgoal: quirks.subgoalWithoutSwitch(action), action }, "missing_switch");
  }
  const decision = pythonStrip(switchContent).toUpperCase();
  if (decision !== "KEEP" && decision !== "SWITCH") {
    return invalid({ switch: quirks.switchWhenBad, subgoal: "", action }, "bad_switch");
  }

  // 3. subgoal
  const subgoalContent = blockContent(output, "<subgoal>", "</subgoal>");
  if (subgoalContent === null) return invalid({ switch: decision, subgoal: "", action }, "missing_subgoal");
  const subgoal = pythonStrip(subgoalContent);

  // 4. CJK (it also runs after a failed step 2 or 3, but cannot change the first reason then)
  if (CJK.test(output)) return invalid({ switch: decision, subgoal, action }, "cjk");
  return { switch: decision, subgoal, action, valid: true, reason: null };
}
