import { describe, expect, it } from "vitest";
import type { PolicyInput } from "../policy/policy.js";
import { ALF_RESET, ALF_TASK, alfworldInput } from "./fixtures/alfworld-input.js";
import {
  WEBSHOP_PROMPT_LIMIT,
  formatAlfworldActions,
  formatHistoryLines,
  formatWebshopActions,
  formatWebshopObservation,
  renderPrompt,
} from "./render-prompt.js";

// The expected prompts are written out in full, so any change to the wording or layout shows.

const INTRO = `You will solve the task by always keeping a SHORT-TERM SUB-GOAL. A sub-goal is a small high-level objective that usually takes only a few actions to reach. A sub-goal is NOT the whole task and NOT a single low-level action.

At every step, reconsider your sub-goal in light of the newest observation: either continue it or switch to a new short-term sub-goal.`;

const BLOCKS = `Every step, you MUST produce EXACTLY THREE blocks, in this order:
1) a <switch> block   (KEEP or SWITCH)
2) a <subgoal> block  (the sub-goal you will pursue next)
3) an <action> block  (one admissible action)`;

const RULES_FIRST = `Do not write anything else: no comments or reasoning before, between or after the blocks.

STRICT FORMAT RULES:
- <switch> contains ONLY "KEEP" or "SWITCH".
- <subgoal> is required at EVERY step:
    * after <switch>KEEP</switch>, copy the current sub-goal EXACTLY;
    * after <switch>SWITCH</switch>, write a NEW short sub-goal reachable in a few actions.
- <action> contains EXACTLY ONE action copied verbatim from the admissible actions.`;

const RULES_STEP = `No other text, comments or reasoning may appear anywhere in the output.

STRICT FORMAT RULES:
- <switch> contains ONLY "KEEP" or "SWITCH".
- <subgoal> is required at EVERY step:
    * if you KEEP, copy the EXACT current sub-goal into <subgoal>;
    * if you SWITCH, write a NEW short sub-goal reachable in a few actions and NOT the whole task.
- <action> contains EXACTLY ONE action copied verbatim from the admissible actions.`;

const EXEMPLAR = `Answer now in exactly this format, with no extra text:

<switch>KEEP or SWITCH</switch>
<subgoal>the sub-goal you will pursue next</subgoal>
<action>exactly one admissible action</action>`;

// --- ALFWorld -----------------------------------------------------------------------------------


describe("renderPrompt: ALFWorld", () => {
  it("turn 0: first-step template, no task line, subgoal None, `help` removed, `'a'\\n 'b'` list", () => {
    expect(renderPrompt(alfworldInput())).toBe(`
You are an expert agent working in the ALFRED embodied household environment.

${INTRO}

Your current observation is:
${ALF_RESET}

Your current sub-goal is:
None
(On the first step of an episode this is "None".)

Your admissible actions are:
['go to countertop 1'
 'go to sinkbasin 1'
 'inventory'
 'look']

${BLOCKS}

${RULES_FIRST}

${EXEMPLAR}
`);
  });

  it("turn 0 shows None even if the caller passes another current subgoal", () => {
    expect(renderPrompt(alfworldInput({ currentSubgoal: "find a mug" }))).toContain("Your current sub-goal is:\nNone\n");
  });

  it("later turns: task line, step count, history lines, current subgoal, step rules", () => {
    const input = alfworldInput({
      step: 3,
      observation: { text: "You arrive at countertop 1. On the countertop 1, you see a mug 1.", task: ALF_TASK, admissibleActions: ["take mug 1 from countertop 1", "help", "look"] },
      history: [
        { turn: 2, observation: "You arrive at sinkbasin 1. On the sinkbasin 1, you see nothing.", action: "go to sinkbasin 1" },
        { turn: 3, observation: "Nothing happens.", action: "open the sink" },
      ],
      currentSubgoal: "find a mug",
    });
    expect(renderPrompt(input)).toBe(`
You are an expert agent working in the ALFRED embodied household environment.
Your overall task is: ${ALF_TASK}

${INTRO}

You have already taken 3 step(s).
The last 2 observations and actions:
[Observation 2: 'You arrive at sinkbasin 1. On the sinkbasin 1, you see nothing.', Action 2: 'go to sinkbasin 1']
[Observation 3: 'Nothing happens.', Action 3: 'open the sink']

Your current observation is:
You arrive at countertop 1. On the countertop 1, you see a mug 1.

Your current sub-goal is:
find a mug

Your admissible actions are:
['take mug 1 from countertop 1'
 'look']

${BLOCKS}

${RULES_STEP}

${EXEMPLAR}
`);
  });

  it("history_length is the number of lines the caller passed; the current subgoal may be empty", () => {
    const prompt = renderPrompt(
      alfworldInput({ step: 1, history: [{ turn: 1, observation: ALF_RESET, action: "look" }], currentSubgoal: "" }),
    );
    expect(prompt).toContain(`You have already taken 1 step(s).\nThe last 1 observations and actions:\n[Observation 1: '${ALF_RESET}', Action 1: 'look']\n\n`);
    expect(prompt).toContain("Your current sub-goal is:\n\n\nYour admissible actions are:");
    const none = renderPrompt(alfworldInput({ step: 5, history: [] }));
    expect(none).toContain("You have already taken 5 step(s).\nThe last 0 observations and actions:\n\n\nYour current observation is:");
  });
});

// --- WebShop ------------------------------------------------------------------------------------

const WS_TASK = "i want an xx-small sized slim fit button down shirt with long sleeves. pick something in white, and price lower than 50.00 dollars";
const WS_SEARCH_PAGE = `WebShop [SEP] Instruction: [SEP] ${WS_TASK} [SEP] Search`;
const WS_ITEM_PAGE = `Instruction: [SEP] ${WS_TASK} [SEP] Back to Search [SEP] < Prev [SEP] color [SEP] black [SEP] purple [SEP] red [SEP] size [SEP] 6.5 [SEP] 7.5 [SEP] 8 [SEP] 8.5 [SEP] 9 [SEP] PMUYBHF Womens Fashion Flat Shoes Comfortable Running Shoes Sneakers Tennis Athletic Shoe Casual Walking Shoes [SEP] Price: $100.0 [SEP] Rating: N.A. [SEP] Description [SEP] Features [SEP] Reviews [SEP] Buy Now`;
const WS_ITEM_FORMATTED = `'Back to Search' [SEP] '< Prev' [SEP] 'color' [SEP] 'black' [SEP] 'purple' [SEP] 'red' [SEP] 'size' [SEP] '6.5' [SEP] '7.5' [SEP] '8' [SEP] '8.5' [SEP] '9' [SEP] 'PMUYBHF Womens Fashion Flat Shoes Comfortable Running Shoes Sneakers Tennis Athletic Shoe Casual Walking Shoes' [SEP] 'Price: $100.0' [SEP] 'Rating: N.A.' [SEP] 'Description' [SEP] 'Features' [SEP] 'Reviews' [SEP] 'Buy Now'`;
const WS_RESULTS_PAGE = `Instruction: [SEP] ${WS_TASK} [SEP] Back to Search [SEP] Page 1 (Total results: 1) [SEP] Next > [SEP] B09P87V3LZ [SEP] PMUYBHF Womens Fashion Flat Shoes [SEP] $100.0`;

const webshopInput = (overrides: Partial<PolicyInput> = {}): PolicyInput => ({
  envId: "webshop",
  promptStyle: "webshop",
  task: WS_TASK,
  observation: { text: WS_SEARCH_PAGE, task: WS_TASK, admissibleActions: ["search[<your query>]", "click[search]"] },
  step: 0,
  history: [],
  currentSubgoal: "None",
  ...overrides,
});

const webshopLater = (observationText: string, currentSubgoal = "pick the white shirt") =>
  webshopInput({
    step: 2,
    observation: { text: observationText, task: WS_TASK, admissibleActions: ["click[back to search]", "click[< prev]", "click[buy now]"] },
    history: [
      { turn: 1, observation: WS_SEARCH_PAGE, action: "search[white slim fit shirt]" },
      { turn: 2, observation: WS_RESULTS_PAGE, action: "click[b09p87v3lz]" },
    ],
    currentSubgoal,
  });

describe("formatWebshopObservation", () => {
  it("quotes every part after the instruction (the spec's examples)", () => {
    expect(formatWebshopObservation(WS_SEARCH_PAGE, WS_TASK)).toBe("'Search'");
    expect(formatWebshopObservation(WS_ITEM_PAGE, WS_TASK)).toBe(WS_ITEM_FORMATTED);
  });

  it("keeps the raw text when no part equals the instruction, and is idempotent", () => {
    const done = "Thank you for shopping with us! [SEP] Your code: [SEP] None [SEP] Reward [SEP] 1.0";
    expect(formatWebshopObservation(done, WS_TASK)).toBe(done);
    expect(formatWebshopObservation(WS_ITEM_PAGE, "another instruction")).toBe(WS_ITEM_PAGE);
    expect(formatWebshopObservation(WS_ITEM_FORMATTED, WS_TASK)).toBe(WS_ITEM_FORMATTED);
  });

  it("uses the first exact match, keeps empty parts, and gives '' when the instruction is last", () => {
    expect(formatWebshopObservation(`a [SEP] ${WS_TASK} [SEP] b [SEP]  [SEP] ${WS_TASK}`, WS_TASK)).toBe(`'b' [SEP] '' [SEP] '${WS_TASK}'`);
    expect(formatWebshopObservation(`Instruction: [SEP] ${WS_TASK}`, WS_TASK)).toBe("");
  });
});

describe("renderPrompt: WebShop", () => {
  it("turn 0: first-step template, formatted observation, `'search[<your query>]',` list", () => {
    expect(renderPrompt(webshopInput())).toBe(`
You are an expert autonomous agent working in the WebShop e-commerce environment. Your task is to: ${WS_TASK}.

${INTRO}

Your current observation is: 'Search'.

Your current sub-goal is: None.

Your admissible actions in the current situation are:
[
'search[<your query>]',
'click[search]',
].

${BLOCKS}

${RULES_FIRST}

${EXEMPLAR}
`);
  });

  it("later turns: history after the colon, formatted observations, step t+1, step rules", () => {
    expect(renderPrompt(webshopLater(WS_ITEM_PAGE))).toBe(`
You are an expert autonomous agent working in the WebShop e-commerce environment. Your task is to: ${WS_TASK}.

${INTRO}

You have already taken 2 step(s). Here are the last 2 observations and the actions you took: [Observation 1: ''Search'', Action 1: 'search[white slim fit shirt]']
[Observation 2: ''Back to Search' [SEP] 'Page 1 (Total results: 1)' [SEP] 'Next >' [SEP] 'B09P87V3LZ' [SEP] 'PMUYBHF Womens Fashion Flat Shoes' [SEP] '$100.0'', Action 2: 'click[b09p87v3lz]']
You are now at step 3 and your current observation is: ${WS_ITEM_FORMATTED}.

Your current sub-goal is: pick the white shirt.

Your admissible actions in the current situation are:
[
'click[back to search]',
'click[< prev]',
'click[buy now]',
].

${BLOCKS}

${RULES_STEP}

${EXEMPLAR}
`);
  });

  it(`falls back to the first-step template, with the real subgoal, above ${WEBSHOP_PROMPT_LIMIT} characters`, () => {
    // Pad the current page so that the later-turn prompt is exactly the limit, then one more.
    const base = renderPrompt(webshopLater(`${WS_ITEM_PAGE} [SEP] `));
    const padding = WEBSHOP_PROMPT_LIMIT - base.length;
    expect(padding).toBeGreaterThan(0);

    const atLimit = renderPrompt(webshopLater(`${WS_ITEM_PAGE} [SEP] ${"x".repeat(padding)}`));
    expect(atLimit).toHaveLength(WEBSHOP_PROMPT_LIMIT);
    expect(atLimit).toContain("You have already taken 2 step(s).");

    const over = webshopLater(`${WS_ITEM_PAGE} [SEP] ${"x".repeat(padding + 1)}`);
    const fallback = renderPrompt(over);
    expect(fallback).not.toContain("You have already taken");
    expect(fallback).toContain(`\n\nYour current observation is: ${WS_ITEM_FORMATTED} [SEP] '${"x".repeat(padding + 1)}'.\n\n`);
    expect(fallback).toContain("Your current sub-goal is: pick the white shirt.");
    expect(fallback).toContain(RULES_FIRST);
    expect(fallback).toBe(renderPrompt({ ...over, step: 0 }).replace("Your current sub-goal is: None.", "Your current sub-goal is: pick the white shirt."));
  });

  it("counts the limit in code points, as Python does (an emoji is one character)", () => {
    const base = renderPrompt(webshopLater(`${WS_ITEM_PAGE} [SEP] `));
    const emojis = "🙂".repeat(WEBSHOP_PROMPT_LIMIT - base.length);
    const atLimit = renderPrompt(webshopLater(`${WS_ITEM_PAGE} [SEP] ${emojis}`));
    expect(atLimit.length).toBeGreaterThan(WEBSHOP_PROMPT_LIMIT);
    expect(atLimit).toContain("You have already taken 2 step(s).");
  });
});

// --- generic ------------------------------------------------------------------------------------

describe("renderPrompt: generic", () => {
  const genericInput = (overrides: Partial<PolicyInput> = {}): PolicyInput => ({
    envId: "my-maze",
    promptStyle: "generic",
    task: "reach the exit",
    observation: { text: "You are in a corridor.", task: "reach the exit", admissibleActions: ["north", "south", "help"] },
    step: 0,
    history: [],
    currentSubgoal: "None",
    ...overrides,
  });

  it("turn 0: the ALFWorld shape, an intro naming the environment, the task line, the list as given", () => {
    expect(renderPrompt(genericInput())).toBe(`
You are an expert agent working in the "my-maze" environment.
Your overall task is: reach the exit

${INTRO}

Your current observation is:
You are in a corridor.

Your current sub-goal is:
None
(On the first step of an episode this is "None".)

Your admissible actions are:
['north'
 'south'
 'help']

${BLOCKS}

${RULES_FIRST}

${EXEMPLAR}
`);
  });

  it("without admissible actions: says any action may be written, and the action rule follows", () => {
    for (const admissibleActions of [undefined, []]) {
      const prompt = renderPrompt(
        genericInput({
          step: 1,
          observation: { text: "A wall.", task: "reach the exit", ...(admissibleActions ? { admissibleActions } : {}) },
          history: [{ turn: 1, observation: "You are in a corridor.", action: "north" }],
          currentSubgoal: "go north",
        }),
      );
      expect(prompt).toContain(`
You are an expert agent working in the "my-maze" environment.
Your overall task is: reach the exit

${INTRO}

You have already taken 1 step(s).
The last 1 observations and actions:
[Observation 1: 'You are in a corridor.', Action 1: 'north']

Your current observation is:
A wall.

Your current sub-goal is:
go north

Your admissible actions are:
Any action the environment understands (none are listed for this environment).
`);
      expect(prompt).toContain("- <action> contains EXACTLY ONE action, written as plain text.");
      expect(prompt).not.toContain("copied verbatim from the admissible actions");
      expect(prompt).toContain("No other text, comments or reasoning may appear anywhere in the output.");
    }
  });
});

describe("prompt pieces", () => {
  it("formats action lists and history lines", () => {
    expect(formatAlfworldActions(["a", "help", "b"])).toBe("['a'\n 'b']");
    expect(formatAlfworldActions([])).toBe("[]");
    expect(formatWebshopActions(["search[<your query>]", "click[search]"])).toBe("'search[<your query>]',\n'click[search]',");
    expect(formatHistoryLines([{ turn: 4, observation: "o", action: "a" }])).toEqual(["[Observation 4: 'o', Action 4: 'a']"]);
  });
});
