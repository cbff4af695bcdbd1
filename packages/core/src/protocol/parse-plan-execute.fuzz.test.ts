import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { parsePlanExecute } from "./parse-plan-execute.js";
import { PlanExecuteOutput } from "./plan-execute-output.js";
import type { PromptStyle } from "./prompt-style.js";

// ---------------------------------------------------------------------------------------------
// Seeded generator of model outputs and their mutations.

/** mulberry32: a small seeded PRNG, so every failure reproduces from its case number. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next, int, pick };
}
type Random = ReturnType<typeof createRandom>;

const SWITCH_VALUES = ["KEEP", "SWITCH", "keep", "Switch", " KEEP ", "\nSWITCH\n", "MAYBE", "", "KEEP SWITCH", "ＫＥＥＰ", "ſwitch"];
const WORDS = ["go", "to", "countertop", "1", "take", "mug", "from", "put", "in/on", "search[", "]", "click[buy now]", "&amp;", "'", '"', "杯子", "ひ", "🙂", "\u00a0", "\ufeff", "İ", "ß", "<", ">", "/"];
const TAGS = ["<switch>", "</switch>", "<subgoal>", "</subgoal>", "<action>", "</action>", "<ACTION>", "</ACTION>", "<SWITCH>", "</Subgoal>", "<action", "</"];
const GARBAGE = [..."abcXYZ <>/&;\"'\n\t\r\0\x07\x1b\x1c\u0085\u00a0\u2028\u3000\ufeff\ud800\udc00", "好", "\u4e00", "\u9fff", "\u4dff", "\ua000", "🙂", "𠀀", "ＡＢ"];

function words(random: Random, max: number): string {
  return Array.from({ length: random.int(max) }, () => random.pick(WORDS)).join(random.pick([" ", "", "  "]));
}

/** A model output as a model might write it: usually the three blocks, sometimes not. */
function generateOutput(random: Random): string {
  const separator = () => random.pick(["", "\n", " ", "\n\n", "\r\n"]);
  const blocks = [
    `<switch>${random.pick(SWITCH_VALUES)}</switch>`,
    `<subgoal>${words(random, 6)}</subgoal>`,
    `${random.pick(["<action>", "<ACTION>", "<Action>"])}${words(random, 6)}${random.pick(["</action>", "</ACTION>"])}`,
  ];
  if (random.next() < 0.2) blocks.reverse();
  if (random.next() < 0.2) blocks.splice(random.int(blocks.length), 1);
  const prose = () => (random.next() < 0.2 ? words(random, 12) : "");
  return prose() + blocks.join(separator()) + prose();
}

/** One random edit: truncate, delete, duplicate, nest tags, insert garbage, change case, repeat. */
function mutate(random: Random, text: string): string {
  const at = () => random.int(text.length + 1);
  switch (random.int(9)) {
    case 0:
      return text.slice(0, at());
    case 1: {
      const start = at();
      return text.slice(0, start) + text.slice(start + random.int(12));
    }
    case 2: {
      const start = at();
      const piece = text.slice(start, start + random.int(40));
      const to = at();
      return text.slice(0, to) + piece + text.slice(to);
    }
    case 3: {
      const to = at();
      return text.slice(0, to) + random.pick(TAGS) + text.slice(to);
    }
    case 4: {
      const to = at();
      const garbage = Array.from({ length: 1 + random.int(8) }, () => random.pick(GARBAGE)).join("");
      return text.slice(0, to) + garbage + text.slice(to);
    }
    case 5: {
      const start = at();
      const end = start + random.int(30);
      const span = text.slice(start, end);
      return text.slice(0, start) + (random.next() < 0.5 ? span.toUpperCase() : span.toLowerCase()) + text.slice(end);
    }
    case 6: {
      const start = at();
      const piece = text.slice(start, start + 1 + random.int(20));
      return text + piece.repeat(random.int(200));
    }
    case 7:
      return `<${random.pick(["switch", "subgoal", "action"])}>${text}`;
    default:
      return text + random.pick(TAGS);
  }
}

// ---------------------------------------------------------------------------------------------
// An independent reference of spec §1.4, written differently on purpose (regular expressions,
// Array.from for code points). Quadratic in the worst case, so only used on small inputs.

const PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const strip = (text: string) => text.replace(new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g"), "");
const tail = (text: string, count: number) => Array.from(text).slice(-count).join("");
const firstBlock = (text: string, tag: string) => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(text)?.[1] ?? null;

function referenceParse(y: string, style: PromptStyle): PlanExecuteOutput {
  const web = style === "webshop";
  const lowered = y.toLowerCase();
  const actionContent = firstBlock(lowered, "action");
  if (actionContent === null) {
    return { switch: "", subgoal: "", action: tail(lowered, web ? 20 : 30), valid: false, reason: "missing_action" };
  }
  const action = strip(actionContent);
  const switchContent = firstBlock(y, "switch");
  if (switchContent === null) {
    return { switch: "", subgoal: web ? "None" : tail(action, 30), action, valid: false, reason: "missing_switch" };
  }
  const decision = strip(switchContent).toUpperCase();
  if (decision !== "KEEP" && decision !== "SWITCH") {
    return { switch: web ? "KEEP" : "", subgoal: "", action, valid: false, reason: "bad_switch" };
  }
  const subgoalContent = firstBlock(y, "subgoal");
  if (subgoalContent === null) return { switch: decision, subgoal: "", action, valid: false, reason: "missing_subgoal" };
  const subgoal = strip(subgoalContent);
  const cjk = Array.from(y).some((c) => (c.codePointAt(0) ?? 0) >= 0x4e00 && (c.codePointAt(0) ?? 0) <= 0x9fff);
  return cjk ? { switch: decision, subgoal, action, valid: false, reason: "cjk" } : { switch: decision, subgoal, action, valid: true, reason: null };
}

// ---------------------------------------------------------------------------------------------

const CASES = 100_000;
const STYLES: PromptStyle[] = ["alfworld", "webshop", "generic"];

describe("parsePlanExecute fuzz", () => {
  it(`never throws, always validates and always gives a reason when invalid (${CASES.toLocaleString("en")} outputs)`, () => {
    const random = createRandom(20260218);
    const failures: string[] = [];
    const reasons = new Map<string, number>();
    let longest = 0;
    const started = performance.now();

    for (let index = 0; index < CASES && failures.length < 5; index += 1) {
      let text = generateOutput(random);
      const mutations = random.int(5);
      for (let m = 0; m < mutations; m += 1) text = mutate(random, text);
      longest = Math.max(longest, text.length);
      const style = STYLES[index % STYLES.length] as PromptStyle;
      const label = `case ${index} (${style}): ${JSON.stringify(text.slice(0, 300))}`;

      let result: PlanExecuteOutput;
      try {
        result = parsePlanExecute(text, { style });
      } catch (error) {
        failures.push(`${label} threw ${String(error)}`);
        continue;
      }
      const checked = PlanExecuteOutput.safeParse(result);
      if (!checked.success) failures.push(`${label} does not validate: ${checked.error.message}`);
      if (result.valid !== (result.reason === null)) failures.push(`${label} valid/reason disagree: ${JSON.stringify(result)}`);
      if (result.valid && result.switch === "") failures.push(`${label} valid without a switch`);
      if (text.length <= 20_000) {
        const expected = referenceParse(text, style);
        if (JSON.stringify(result) !== JSON.stringify(expected)) {
          failures.push(`${label}\n  got      ${JSON.stringify(result)}\n  expected ${JSON.stringify(expected)}`);
        }
      }
      reasons.set(result.reason ?? "valid", (reasons.get(result.reason ?? "valid") ?? 0) + 1);
    }

    const seconds = (performance.now() - started) / 1000;
    expect(failures).toEqual([]);
    // The generator must reach every outcome, or the property says little.
    for (const outcome of ["valid", "missing_action", "missing_switch", "bad_switch", "missing_subgoal", "cjk"]) {
      expect(reasons.get(outcome) ?? 0, `${outcome} in ${JSON.stringify([...reasons])}`).toBeGreaterThan(500);
    }
    expect(longest).toBeGreaterThan(1_000);
    expect(seconds).toBeLessThan(10);
  });

  it("parses multi-megabyte adversarial inputs in well under a second each", () => {
    const random = createRandom(7);
    const mb = 1 << 20;
    const randomGarbage = Array.from({ length: 4 * mb }, () => random.pick(GARBAGE)).join("").slice(0, 4 * mb);
    const inputs: Array<[string, string]> = [
      ["4 MB of random garbage", randomGarbage],
      ["5 MB of '<'", "<".repeat(5 * mb)],
      ["open action tags, never closed", "<action>".repeat(600_000)],
      ["partial tags", "<action</switch<subgoal".repeat(200_000)],
      ["nested switch opens then a valid output", `${"<switch>".repeat(500_000)}</switch><subgoal>s</subgoal><action>look</action>`],
      ["a 6 MB action", `<switch>KEEP</switch><subgoal>s</subgoal><action>${"go to desk 1 ".repeat(480_000)}</action>`],
      ["4 MB of CJK around a valid output", `${"好".repeat(2 * mb)}${"<switch>KEEP</switch><subgoal>s</subgoal><action>look</action>"}${"杯".repeat(2 * mb)}`],
      ["8 MB of whitespace inside the blocks", `<switch>${" ".repeat(2 * mb)}KEEP${"\n".repeat(2 * mb)}</switch><subgoal>${"\u3000".repeat(2 * mb)}</subgoal><action>${"\t".repeat(2 * mb)}look</action>`],
    ];
    for (const [name, text] of inputs) {
      for (const style of ["alfworld", "webshop"] as const) {
        const started = performance.now();
        const result = parsePlanExecute(text, { style });
        const ms = performance.now() - started;
        expect(PlanExecuteOutput.safeParse(result).success, name).toBe(true);
        expect(result.valid || result.reason !== null, name).toBe(true);
        expect(ms, `${name} (${style}) took ${ms.toFixed(0)} ms`).toBeLessThan(1000);
      }
    }
    expect(parsePlanExecute(inputs[4]?.[1] ?? "")).toMatchObject({ reason: "bad_switch" });
    expect(parsePlanExecute(inputs[6]?.[1] ?? "")).toMatchObject({ reason: "cjk", action: "look" });
    expect(parsePlanExecute(inputs[7]?.[1] ?? "")).toMatchObject({ valid: true, switch: "KEEP", subgoal: "", action: "look" });
  });

  it("agrees with fast-xml-parser on well-formed outputs (an independent XML reader as oracle)", () => {
    // Entities are left undecoded on both sides: the spec keeps block contents as written.
    const xml = new XMLParser({ preserveOrder: true, trimValues: false, processEntities: false, parseTagValue: false });
    const random = createRandom(99);
    const textWords = WORDS.filter((w) => !["<", ">", "/", "'", '"', "search[", "]", "İ", "ß", "\ufeff"].includes(w));
    const separators = ["", "\n", " ", "\n\n"];
    for (let index = 0; index < 2_000; index += 1) {
      const switchValue = random.pick(["KEEP", "SWITCH", "keep", " Switch ", "\nKEEP\n", "MAYBE"]);
      const subgoal = Array.from({ length: random.int(5) }, () => random.pick(textWords)).join(" ");
      const action = Array.from({ length: 1 + random.int(5) }, () => random.pick(textWords)).join(" ");
      const blocks = [`<switch>${switchValue}</switch>`, `<subgoal>${subgoal}</subgoal>`, `<action>${action}</action>`];
      const text = blocks.join(random.pick(separators));

      const tree = xml.parse(`<root>${text}</root>`) as Array<{ root: Array<Record<string, Array<{ "#text"?: string }>>> }>;
      const children = tree[0]?.root ?? [];
      const content = (tag: string) => children.find((child) => tag in child)?.[tag]?.[0]?.["#text"] ?? "";

      const parsed = parsePlanExecute(text);
      expect(parsed.action, text).toBe(content("action").trim().toLowerCase());
      const decision = content("switch").trim().toUpperCase();
      if (decision === "KEEP" || decision === "SWITCH") {
        expect(parsed, text).toMatchObject({ switch: decision, subgoal: content("subgoal").trim() });
        expect(parsed.valid || parsed.reason === "cjk", text).toBe(true);
      } else {
        expect(parsed.reason, text).toBe("bad_switch");
      }
    }
  });
});
