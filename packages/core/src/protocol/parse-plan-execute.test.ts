import { describe, expect, it } from "vitest";
import { parsePlanExecute } from "./parse-plan-execute.js";
import type { PlanExecuteOutput } from "./plan-execute-output.js";
import { nextCurrentSubgoal, resolveSubgoal } from "./subgoal-in-force.js";

const alfworld = (text: string) => parsePlanExecute(text, { style: "alfworld" });
const webshop = (text: string) => parsePlanExecute(text, { style: "webshop" });
const generic = (text: string) => parsePlanExecute(text, { style: "generic" });

const WELL_FORMED = "<switch>KEEP</switch>\n<subgoal>find a mug</subgoal>\n<action>go to countertop 1</action>";

describe("parsePlanExecute: valid outputs", () => {
  it("reads the three blocks of a well-formed output", () => {
    const expected: PlanExecuteOutput = {
      switch: "KEEP",
      subgoal: "find a mug",
      action: "go to countertop 1",
      valid: true,
      reason: null,
    };
    expect(alfworld(WELL_FORMED)).toEqual(expected);
    expect(webshop(WELL_FORMED)).toEqual(expected);
    expect(parsePlanExecute(WELL_FORMED)).toEqual(expected);
  });

  it("accepts upper-case <ACTION> tags and lower-cases the action", () => {
    const parsed = alfworld("<switch>SWITCH</switch><subgoal>Heat The Mug</subgoal><ACTION> Go To Microwave 1 </ACTION>");
    expect(parsed).toMatchObject({ valid: true, action: "go to microwave 1", subgoal: "Heat The Mug", switch: "SWITCH" });
    expect(alfworld("<switch>KEEP</switch><subgoal>s</subgoal><Action>look</aCtIoN>").action).toBe("look");
  });

  it("accepts a lower-case or padded switch value and upper-cases it", () => {
    expect(alfworld("<switch>keep</switch><subgoal>s</subgoal><action>look</action>")).toMatchObject({ switch: "KEEP", valid: true });
    expect(alfworld("<switch> Switch\n</switch><subgoal>s</subgoal><action>look</action>")).toMatchObject({
      switch: "SWITCH",
      valid: true,
    });
  });

  it("does not check block order, duplicates, extra text or admissibility", () => {
    const reordered = "Sure! <action>open drawer 1</action> then <subgoal>check drawers</subgoal> <switch>SWITCH</switch> bye";
    expect(alfworld(reordered)).toEqual({
      switch: "SWITCH",
      subgoal: "check drawers",
      action: "open drawer 1",
      valid: true,
      reason: null,
    });
    const duplicated = `${WELL_FORMED}\n<switch>SWITCH</switch><subgoal>other</subgoal><action>fly to the moon</action>`;
    expect(alfworld(duplicated)).toMatchObject({ switch: "KEEP", subgoal: "find a mug", action: "go to countertop 1", valid: true });
    expect(alfworld("<switch>KEEP</switch><subgoal>s</subgoal><action>fly to the moon</action>").valid).toBe(true);
  });

  it("allows empty subgoal and action blocks", () => {
    expect(alfworld("<switch>KEEP</switch><subgoal></subgoal><action> </action>")).toEqual({
      switch: "KEEP",
      subgoal: "",
      action: "",
      valid: true,
      reason: null,
    });
  });

  it("keeps XML entities as written (upstream does not decode them)", () => {
    const parsed = webshop("<switch>SWITCH</switch><subgoal>find m&amp;m candy</subgoal><action>search[m&amp;m &lt;3]</action>");
    expect(parsed).toMatchObject({ subgoal: "find m&amp;m candy", action: "search[m&amp;m &lt;3]", valid: true });
  });

  it("strips like Python str.strip(): \\x1c-\\x1f, NBSP and U+3000 go, U+FEFF stays", () => {
    const parsed = alfworld("<switch>\u3000KEEP\u00a0</switch><subgoal>\x1c find \x1f</subgoal><action>\ufefflook\u2003</action>");
    expect(parsed).toMatchObject({ switch: "KEEP", subgoal: "find", action: "\ufefflook", valid: true });
  });
});

describe("parsePlanExecute: reason codes and the ALFWorld/WebShop differences", () => {
  it("missing_action: the last 30 (ALFWorld) or 20 (WebShop) characters of the lower-cased text", () => {
    const text = "<switch>KEEP</switch><subgoal>find a mug</subgoal>\nI Will Now Go To The Countertop Number 1";
    const lowered = text.toLowerCase();
    expect(alfworld(text)).toEqual({ switch: "", subgoal: "", action: lowered.slice(-30), valid: false, reason: "missing_action" });
    expect(webshop(text)).toEqual({ switch: "", subgoal: "", action: lowered.slice(-20), valid: false, reason: "missing_action" });
    expect(alfworld(text).action).toBe(" go to the countertop number 1");
    expect(webshop(text).action).toBe(" countertop number 1");
  });

  it("missing_action when a tag is missing, truncated, or the close tag only precedes the open tag", () => {
    for (const text of [
      "",
      "look",
      "<switch>KEEP</switch><subgoal>s</subgoal><action>look",
      "<switch>KEEP</switch><subgoal>s</subgoal>look</action>",
      "<switch>KEEP</switch><subgoal>s</subgoal><action>look</act",
      "</action> <switch>KEEP</switch><subgoal>s</subgoal><action>look",
    ]) {
      expect(alfworld(text).reason, JSON.stringify(text)).toBe("missing_action");
    }
  });

  it("missing_action: short outputs are kept whole, and an astral character is never split", () => {
    expect(alfworld("Look")).toMatchObject({ action: "look", reason: "missing_action" });
    const text = `🙂${"x".repeat(29)}`;
    expect(alfworld(text).action).toBe(text);
    expect(webshop(text).action).toBe("x".repeat(20));
    expect(alfworld(`a${text}`).action).toBe(text);
  });

  it("missing_action skips every later check, CJK included", () => {
    expect(alfworld("<switch>MAYBE</switch> 你好")).toMatchObject({ reason: "missing_action", switch: "", subgoal: "" });
  });

  it("missing_switch: subgoal = last 30 characters of the action (ALFWorld) or 'None' (WebShop)", () => {
    const action = "put the clean mug in coffeemachine 1";
    const text = `<subgoal>clean the mug</subgoal><action>${action}</action>`;
    expect(alfworld(text)).toEqual({ switch: "", subgoal: action.slice(-30), action, valid: false, reason: "missing_switch" });
    expect(webshop(text)).toEqual({ switch: "", subgoal: "None", action, valid: false, reason: "missing_switch" });
    expect(alfworld("<switch>KEEP<subgoal>s</subgoal><action>look</action>")).toMatchObject({
      subgoal: "look",
      reason: "missing_switch",
    });
  });

  it("missing_switch for upper-case <SWITCH> tags (switch tags are case-sensitive)", () => {
    const text = "<SWITCH>KEEP</SWITCH><subgoal>find a mug</subgoal><action>look</action>";
    expect(alfworld(text)).toMatchObject({ switch: "", subgoal: "look", valid: false, reason: "missing_switch" });
    expect(webshop(text)).toMatchObject({ switch: "", subgoal: "None", valid: false, reason: "missing_switch" });
  });

  it("bad_switch: subgoal ''; switch '' (ALFWorld) or 'KEEP' (WebShop)", () => {
    for (const value of ["MAYBE", "", "  ", "KEEP SWITCH", "KEEP."]) {
      const text = `<switch>${value}</switch><subgoal>find a mug</subgoal><action>look</action>`;
      expect(alfworld(text), value).toEqual({ switch: "", subgoal: "", action: "look", valid: false, reason: "bad_switch" });
      expect(webshop(text), value).toEqual({ switch: "KEEP", subgoal: "", action: "look", valid: false, reason: "bad_switch" });
    }
  });

  it("missing_subgoal: the switch is kept and the subgoal is ''", () => {
    for (const text of [
      "<switch>SWITCH</switch><action>look</action>",
      "<switch>SWITCH</switch><subgoal>never closed<action>look</action>",
      "<switch>SWITCH</switch><SUBGOAL>upper</SUBGOAL><action>look</action>",
    ]) {
      expect(alfworld(text), text).toEqual({ switch: "SWITCH", subgoal: "", action: "look", valid: false, reason: "missing_subgoal" });
      expect(webshop(text), text).toEqual({ switch: "SWITCH", subgoal: "", action: "look", valid: false, reason: "missing_subgoal" });
    }
  });

  it("looks for a close tag only after its open tag (the SDK rule; upstream would slice backwards)", () => {
    const text = "</subgoal> <switch>KEEP</switch><subgoal>find a mug</subgoal><action>look</action>";
    expect(alfworld(text)).toMatchObject({ subgoal: "find a mug", valid: true });
    const closeOnlyBefore = "<switch>KEEP</switch></subgoal><subgoal>find a mug<action>look</action>";
    expect(alfworld(closeOnlyBefore)).toMatchObject({ reason: "missing_subgoal" });
  });

  it("cjk: any character in U+4E00–U+9FFF makes an otherwise valid turn invalid", () => {
    const text = "<switch>SWITCH</switch><subgoal>找到杯子</subgoal><action>go to desk 1</action>";
    expect(alfworld(text)).toEqual({ switch: "SWITCH", subgoal: "找到杯子", action: "go to desk 1", valid: false, reason: "cjk" });
    expect(webshop(text).reason).toBe("cjk");
    expect(alfworld(`${WELL_FORMED} 好`).reason).toBe("cjk");
    expect(alfworld(`\u4e00${WELL_FORMED}`).reason).toBe("cjk");
    expect(alfworld(`\u9fff${WELL_FORMED}`).reason).toBe("cjk");
    // just outside the range, and other scripts: valid
    expect(alfworld(`\u4dff\ua000ひらがなカタカナ한국어${WELL_FORMED}`).valid).toBe(true);
  });

  it("reason is the first failed check: CJK does not replace an earlier reason", () => {
    expect(alfworld("<switch>SWITCH</switch><action>看</action>").reason).toBe("missing_subgoal");
    expect(alfworld("<switch>好</switch><subgoal>s</subgoal><action>look</action>").reason).toBe("bad_switch");
    expect(alfworld("<subgoal>s</subgoal><action>look</action>好").reason).toBe("missing_switch");
  });

  it("'generic' behaves like 'alfworld', which is also the default", () => {
    for (const text of [
      WELL_FORMED,
      "no tags at all, just a long rambling answer",
      "<subgoal>s</subgoal><action>put the clean mug in coffeemachine 1</action>",
      "<switch>MAYBE</switch><subgoal>s</subgoal><action>look</action>",
    ]) {
      expect(generic(text)).toEqual(alfworld(text));
      expect(parsePlanExecute(text)).toEqual(alfworld(text));
    }
  });

  it("never throws on a non-string (from untyped JavaScript callers)", () => {
    for (const value of [null, undefined, 42, {}, [], Symbol("s")]) {
      expect(parsePlanExecute(value as unknown as string)).toEqual({
        switch: "",
        subgoal: "",
        action: "",
        valid: false,
        reason: "missing_action",
      });
    }
  });
});

describe("subgoal in force", () => {
  const keepCopied = alfworld("<switch>KEEP</switch><subgoal>find a mug</subgoal><action>look</action>");
  const keepDrifted = alfworld("<switch>KEEP</switch><subgoal>find mug</subgoal><action>look</action>");
  const switched = alfworld("<switch>SWITCH</switch><subgoal>heat the mug</subgoal><action>look</action>");
  const noSwitch = alfworld("<subgoal>s</subgoal><action>go to the countertop number 1</action>");

  it("resolveSubgoal: KEEP keeps the current subgoal, SWITCH takes the new one, unreadable keeps", () => {
    expect(resolveSubgoal(keepCopied, "find a mug")).toBe("find a mug");
    expect(resolveSubgoal(keepDrifted, "find a mug")).toBe("find a mug");
    expect(resolveSubgoal(switched, "find a mug")).toBe("heat the mug");
    expect(resolveSubgoal(noSwitch, "find a mug")).toBe("find a mug");
    expect(resolveSubgoal(webshop("<switch>??</switch><action>click[x]</action>"), "buy it")).toBe("buy it");
  });

  it("nextCurrentSubgoal: 'parsed' (upstream, default) carries the env-side subgoal as written", () => {
    expect(nextCurrentSubgoal(keepDrifted, { currentSubgoal: "find a mug" })).toBe("find mug");
    expect(noSwitch.subgoal).toBe("go to the countertop number 1");
    expect(nextCurrentSubgoal(noSwitch, { currentSubgoal: "find a mug" })).toBe("go to the countertop number 1");
    expect(nextCurrentSubgoal(switched, { currentSubgoal: "find a mug", carry: "parsed" })).toBe("heat the mug");
    expect(nextCurrentSubgoal(keepDrifted, { currentSubgoal: "find a mug", carry: "resolved" })).toBe("find a mug");
    expect(nextCurrentSubgoal(switched, { currentSubgoal: "find a mug", carry: "resolved" })).toBe("heat the mug");
  });
});
