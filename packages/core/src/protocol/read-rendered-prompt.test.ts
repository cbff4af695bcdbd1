import { describe, expect, it } from "vitest";
import { extractTask } from "../env/remote/agentgym-protocol.js";
import type { PolicyInput } from "../policy/policy.js";
import { SeededRandom } from "../util/seeded-random.js";
import type { HistoryEntry } from "./history.js";
import { RenderedPromptParts, readRenderedPrompt } from "./read-rendered-prompt.js";
import { WEBSHOP_PROMPT_LIMIT, renderPrompt } from "./render-prompt.js";
import { ALF_RESET, ALF_TASK, alfworldInput } from "./fixtures/alfworld-input.js";

const asInput = (parts: RenderedPromptParts): PolicyInput => ({ ...parts, envId: parts.envId ?? "" });

/** Reads a prompt and checks that rendering what was read gives the same prompt back. */
function readBack(prompt: string): RenderedPromptParts {
  const parts = readRenderedPrompt(prompt);
  expect(parts).not.toBeNull();
  const read = RenderedPromptParts.parse(parts);
  expect(renderPrompt(asInput(read))).toBe(prompt);
  return read;
}

// --- hand-written cases -------------------------------------------------------------------------


describe("readRenderedPrompt: ALFWorld", () => {
  it("first turn: the multi-line reset observation, task from its `Your task is to:` line (b), subgoal None (a)", () => {
    const shown = alfworldInput({ observation: { text: ALF_RESET, task: ALF_TASK, admissibleActions: ["go to countertop 1", "go to sinkbasin 1", "inventory", "look"] } });
    expect(readBack(renderPrompt(alfworldInput()))).toEqual(shown);
  });

  it("later turn: quotes, brackets and blank lines inside history and current observations", () => {
    const input = alfworldInput({
      step: 7,
      observation: { text: "You arrive at 'desk 1'. [On it]: a mug's handle,\n\nand a pen.", task: ALF_TASK, admissibleActions: ["take mug 1 from desk 1", "look"] },
      history: [
        { turn: 6, observation: ALF_RESET, action: "go to desk 1" },
        { turn: 7, observation: "It's closed. ', Action 6: 'x' [Observation 8: 'y'", action: "open 'drawer' 1']" },
      ],
      currentSubgoal: "find the mug's owner\nthen [leave]",
    });
    expect(readBack(renderPrompt(input))).toEqual(input);
  });

  it("(c) `help` is never listed, so it is not read back; a missing list reads as []", () => {
    const withHelp = alfworldInput({ observation: { text: ALF_RESET, task: ALF_TASK, admissibleActions: ["help", "look"] } });
    expect(readBack(renderPrompt(withHelp)).observation.admissibleActions).toEqual(["look"]);
    const none = alfworldInput({ observation: { text: ALF_RESET, task: ALF_TASK } });
    expect(readBack(renderPrompt(none)).observation.admissibleActions).toEqual([]);
  });

  it("(a) the first turn shows neither history nor subgoal: step 0, history [], subgoal None", () => {
    const input = alfworldInput({ history: [{ turn: 1, observation: "o", action: "a" }], currentSubgoal: "find a mug" });
    expect(readBack(renderPrompt(input))).toMatchObject({ step: 0, history: [], currentSubgoal: "None" });
  });

  it("(b) a first observation without a task line gives task ''", () => {
    const input = alfworldInput({ observation: { text: "You are in a room.", task: ALF_TASK, admissibleActions: ["look"] } });
    expect(readBack(renderPrompt(input))).toMatchObject({ task: "", observation: { task: "" } });
  });

  it("accepts the prompt without its leading and trailing newline (trimmed chat messages)", () => {
    const prompt = renderPrompt(alfworldInput({ step: 2, currentSubgoal: "go" }));
    expect(readRenderedPrompt(prompt.trim())).toEqual(readRenderedPrompt(prompt));
  });
});

const WS_TASK = "i want an xx-small sized slim fit button down shirt with long sleeves, and price lower than 50.00 dollars";
const WS_SEARCH_PAGE = `WebShop [SEP] Instruction: [SEP] ${WS_TASK} [SEP] Search`;
const WS_RESULTS_PAGE = `Instruction: [SEP] ${WS_TASK} [SEP] Back to Search [SEP] Page 1 (Total results: 1) [SEP] Next > [SEP] B09P87V3LZ [SEP] Men's Slim Fit 'Oxford' Shirt [SEP] $100.0`;
const WS_DONE_PAGE = "Thank you for shopping with us! [SEP] Your code: [SEP] None [SEP] Reward [SEP] 1.0";

const webshopInput = (overrides: Partial<PolicyInput> = {}): PolicyInput => ({
  envId: "webshop",
  promptStyle: "webshop",
  task: WS_TASK,
  observation: { text: WS_SEARCH_PAGE, task: WS_TASK, admissibleActions: ["search[<your query>]"] },
  step: 0,
  history: [],
  currentSubgoal: "None",
  ...overrides,
});

describe("readRenderedPrompt: WebShop", () => {
  it("(d) first and later turns give back the raw pages (the env's own form), quotes inside parts kept", () => {
    expect(readBack(renderPrompt(webshopInput()))).toEqual(webshopInput());
    const later = webshopInput({
      step: 2,
      observation: { text: WS_RESULTS_PAGE, task: WS_TASK, admissibleActions: ["click[back to search]", "click[b09p87v3lz]"] },
      history: [
        { turn: 1, observation: WS_SEARCH_PAGE, action: "search[men's 'oxford' shirt]" },
        { turn: 2, observation: WS_DONE_PAGE, action: "click[buy now]" },
      ],
      currentSubgoal: "open the first result",
    });
    expect(readBack(renderPrompt(later))).toEqual(later);
  });

  it("(d) a page with another prefix before the instruction comes back in the standard form", () => {
    const input = webshopInput({ step: 1, currentSubgoal: "s", observation: { text: `Amazon [SEP] Instruction: [SEP] ${WS_TASK} [SEP] Back to Search [SEP] x`, task: WS_TASK, admissibleActions: [] } });
    expect(readBack(renderPrompt(input)).observation.text).toBe(`Instruction: [SEP] ${WS_TASK} [SEP] Back to Search [SEP] x`);
  });

  it("(e) an over-long later turn (first-turn template, real subgoal) reads as step 1 with no history", () => {
    const input = webshopInput({
      step: 9,
      observation: { text: `${WS_RESULTS_PAGE} [SEP] ${"x".repeat(WEBSHOP_PROMPT_LIMIT)}`, task: WS_TASK, admissibleActions: ["click[next >]"] },
      history: [{ turn: 9, observation: WS_SEARCH_PAGE, action: "search[shirt]" }],
      currentSubgoal: "look at the results",
    });
    const prompt = renderPrompt(input);
    expect(prompt).not.toContain("You have already taken");
    expect(readBack(prompt)).toEqual({ ...input, step: 1, history: [] });
  });

  it("(e) the fallback with subgoal None cannot be told from a first turn", () => {
    const input = webshopInput({ step: 3, observation: { text: `${WS_SEARCH_PAGE} [SEP] ${"y".repeat(WEBSHOP_PROMPT_LIMIT)}`, task: WS_TASK, admissibleActions: [] }, currentSubgoal: "None" });
    expect(readRenderedPrompt(renderPrompt(input))).toMatchObject({ step: 0, history: [], currentSubgoal: "None" });
  });
});

describe("readRenderedPrompt: generic", () => {
  const genericInput = (overrides: Partial<PolicyInput> = {}): PolicyInput => ({
    envId: 'my "maze"',
    promptStyle: "generic",
    task: "reach the exit",
    observation: { text: "You are in a corridor.", task: "reach the exit", admissibleActions: ["north", "help"] },
    step: 0,
    history: [],
    currentSubgoal: "None",
    ...overrides,
  });

  it("reads the quoted env id, the task line and the list as given (help included)", () => {
    expect(readBack(renderPrompt(genericInput()))).toEqual(genericInput());
    const later = genericInput({ step: 4, history: [{ turn: 4, observation: "A wall.", action: "north" }], currentSubgoal: "go north" });
    expect(readBack(renderPrompt(later))).toEqual(later);
  });

  it("'none are listed' reads as undefined, also when the input listed []", () => {
    for (const admissibleActions of [undefined, []]) {
      const input = genericInput({ observation: { text: "A wall.", task: "reach the exit", ...(admissibleActions ? { admissibleActions } : {}) } });
      const read = readBack(renderPrompt(input));
      expect(read.observation).toEqual({ text: "A wall.", task: "reach the exit" });
    }
  });
});

// --- property: random inputs round-trip ----------------------------------------------------------

const PIECES = [
  ..."abcdefghijklmnopqrstuvwxyz     ABCXYZ0123456789",
  ..."'\"[](),:.;!?-\n\t",
  "é",
  "中文",
  "🙂",
  "—",
  "\n\n",
  "''",
  "']",
  "['",
  "Observation 2:",
  "Action 1:",
  "[Observation ",
  "'Search'",
  "None",
  "step(s)",
  "Your current",
  "You arrive at",
  "', Action 3: '",
  "']\n[Observation x: '",
];
const TASK_PIECES = [..."abcdefghijklmnopqrstuvwxyz   0123456789'\"[],.", "é", "中", "🙂"];

function randomText(random: SeededRandom, maxPieces: number, pieces: readonly string[] = PIECES): string {
  let text = "";
  for (let count = random.int(maxPieces + 1); count > 0; count -= 1) text += random.pick(pieces);
  return text;
}

/** Random text without the markers that end the field it goes into (the documented ambiguity). */
function textAvoiding(random: SeededRandom, maxPieces: number, forbidden: ReadonlyArray<string | RegExp>, pieces?: readonly string[]): string {
  for (;;) {
    const text = randomText(random, maxPieces, pieces);
    if (!forbidden.some((marker) => (typeof marker === "string" ? text.includes(marker) : marker.test(text)))) return text;
  }
}

/** A history observation ends at `', Action n: '` with its own n; other numbers may appear. */
const historyObservationEnd = (turn: number) => [`', Action ${turn}: '`];
/** A history action ends at `']` followed by the next line's head or a blank line. */
const HISTORY_ACTION_END = [/'\]\n(\[Observation \d|\n|You are now)/];

function webshopPage(random: SeededRandom, task: string, long: boolean): string {
  const kind = random.int(4);
  if (kind === 0) return `WebShop [SEP] Instruction: [SEP] ${task} [SEP] Search`;
  // Unformatted text (no instruction part); an all-quoted one would read as formatted, see (d).
  if (kind === 1) return random.pick([WS_DONE_PAGE, `raw ${textAvoiding(random, 20, ["SEP"])}`]);
  const parts = Array.from({ length: 1 + random.int(8) }, () => textAvoiding(random, 12, ["SEP", "', Action "]));
  if (long) parts.push("z".repeat(WEBSHOP_PROMPT_LIMIT));
  return ["Instruction:", task, "Back to Search", ...parts].join(" [SEP] ");
}

function randomInput(random: SeededRandom, style: "alfworld" | "webshop" | "generic-listed" | "generic-free"): PolicyInput {
  const first = random.int(4) === 0;
  const length = random.int(13);
  const step = first ? 0 : Math.max(length, 1) + random.int(30);
  const long = style === "webshop" && random.int(10) === 0;
  const task =
    style === "alfworld"
      ? textAvoiding(random, 20, ["Your task is to: "], TASK_PIECES).trim()
      : style === "webshop"
        ? `i want ${textAvoiding(random, 20, ["SEP"])}` // never a part of a page's own text ("None", "Search", ...)
        : randomText(random, 20);
  const observationText = (): string => {
    if (style === "webshop") return webshopPage(random, task, false);
    return style === "alfworld" && random.int(2) === 0 ? `${randomText(random, 30)}\n\nYour task is to: ${task}` : randomText(random, 40);
  };
  const history: HistoryEntry[] = Array.from({ length }, (_, index) => ({
    turn: step - length + 1 + index,
    observation: style === "webshop" ? webshopPage(random, task, false) : textAvoiding(random, 30, historyObservationEnd(step - length + 1 + index)),
    action: textAvoiding(random, 8, HISTORY_ACTION_END),
  }));
  const actionCount = random.int(6);
  const actionSeparator = style === "webshop" ? "',\n'" : "'\n '";
  const actions = Array.from({ length: actionCount }, () => (random.int(5) === 0 ? "help" : textAvoiding(random, 8, [actionSeparator])));
  const text = style === "webshop" ? webshopPage(random, task, long) : observationText();
  return {
    envId: style.startsWith("generic") ? textAvoiding(random, 6, []) : style,
    promptStyle: style.startsWith("generic") ? "generic" : (style as "alfworld" | "webshop"),
    task,
    observation: {
      text: style === "alfworld" && first ? `${randomText(random, 30)}\n\nYour task is to: ${task}` : text,
      task,
      ...(style === "generic-free" ? (random.int(2) === 0 ? { admissibleActions: [] } : {}) : { admissibleActions: actions }),
    },
    step,
    history,
    currentSubgoal: first ? "None" : randomText(random, 10),
  };
}

/** What the prompt of `input` can give back: the input, minus the documented losses (a)–(e). */
function expectedParts(input: PolicyInput, prompt: string): RenderedPromptParts {
  const shown = input.observation.admissibleActions;
  const admissibleActions =
    input.promptStyle === "alfworld"
      ? (shown ?? []).filter((action) => action !== "help")
      : input.promptStyle === "webshop"
        ? (shown ?? [])
        : shown !== undefined && shown.length > 0
          ? shown
          : undefined;
  const task = input.promptStyle === "alfworld" && input.step === 0 ? (extractTask(input.observation.text) ?? "") : input.task;
  const fellBack = input.promptStyle === "webshop" && input.step > 0 && !prompt.includes("\nYou are now at step ");
  const later = input.step > 0 && !fellBack;
  const currentSubgoal = input.step === 0 ? "None" : input.currentSubgoal;
  return {
    promptStyle: input.promptStyle,
    envId: input.promptStyle === "generic" ? input.envId : input.promptStyle,
    task,
    step: later ? input.step : fellBack && currentSubgoal !== "None" ? 1 : 0,
    history: later ? input.history : [],
    observation: { text: input.observation.text, task, ...(admissibleActions ? { admissibleActions } : {}) },
    currentSubgoal,
  };
}

describe("readRenderedPrompt: random inputs round-trip", () => {
  for (const style of ["alfworld", "webshop", "generic-listed", "generic-free"] as const) {
    it(`${style}: 300 random inputs with quotes, brackets, newlines and unicode`, () => {
      const random = new SeededRandom(style.length * 7919);
      let fallbacks = 0;
      for (let case_ = 0; case_ < 300; case_ += 1) {
        const input = randomInput(random, style);
        const prompt = renderPrompt(input);
        const expected = expectedParts(input, prompt);
        const read = readRenderedPrompt(prompt);
        expect(read, `case ${case_}`).toEqual(expected);
        if (input.step > 0 && expected.step !== input.step) fallbacks += 1;
        else expect(renderPrompt(asInput(expected))).toBe(prompt);
      }
      if (style === "webshop") expect(fallbacks).toBeGreaterThan(0);
    });
  }
});

// --- not our templates ----------------------------------------------------------------------------

describe("readRenderedPrompt: not a prompt", () => {
  const samples = [
    renderPrompt(alfworldInput()),
    renderPrompt(alfworldInput({ step: 3, history: [{ turn: 3, observation: "o", action: "a" }], currentSubgoal: "s" })),
    renderPrompt(webshopInput({ step: 1, history: [{ turn: 1, observation: WS_SEARCH_PAGE, action: "search[x]" }], currentSubgoal: "s" })),
    renderPrompt({ ...alfworldInput({ step: 2, currentSubgoal: "s" }), promptStyle: "generic", envId: "maze", observation: { text: "o", task: ALF_TASK } }),
  ];

  it("empty, random and non-template text give null", () => {
    for (const text of ["", "\n", "hello", "You are an expert agent working in the ALFRED embodied household environment.", "<switch>KEEP</switch>"]) {
      expect(readRenderedPrompt(text)).toBeNull();
    }
    const random = new SeededRandom(17);
    for (let case_ = 0; case_ < 200; case_ += 1) expect(readRenderedPrompt(randomText(random, 200))).toBeNull();
  });

  it("every truncation of a prompt gives null (dropping only the final newline is accepted)", () => {
    for (const prompt of samples) {
      for (let cut = 0; cut < prompt.length - 1; cut += 1) expect(readRenderedPrompt(prompt.slice(0, cut))).toBeNull();
      expect(readRenderedPrompt(prompt.slice(0, -1))).toEqual(readRenderedPrompt(prompt));
    }
  });

  it("edited prompts never throw, and read as null or as valid parts", () => {
    const random = new SeededRandom(99);
    for (let case_ = 0; case_ < 2000; case_ += 1) {
      const prompt = random.pick(samples);
      const at = random.int(prompt.length);
      const edited = prompt.slice(0, at) + randomText(random, 3) + prompt.slice(at + random.int(4));
      const read = readRenderedPrompt(edited);
      if (read !== null) expect(RenderedPromptParts.safeParse(read).success).toBe(true);
    }
  });

  it("inconsistent numbers or rules give null", () => {
    const later = samples[1] ?? "";
    expect(readRenderedPrompt(later.replace("The last 1 observations", "The last 2 observations"))).toBeNull();
    expect(readRenderedPrompt(later.replace("taken 3 step(s)", "taken 03 step(s)"))).toBeNull();
    expect(readRenderedPrompt(later.replace("[Observation 3: '", "[Observation 0: '"))).toBeNull();
    expect(readRenderedPrompt(later.replace("No other text, comments", "Do not write anything else: no comments"))).toBeNull();
    const webshop = samples[2] ?? "";
    expect(readRenderedPrompt(webshop.replace("now at step 2", "now at step 3"))).toBeNull();
  });
});
