import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/index.js";
import type { EpisodeRecord } from "../trajectory/episode-record.js";
import type { TurnRecord } from "../trajectory/turn-record.js";
import { ADVANTAGE_PRESETS, AdvantageResult, computeAdvantages, TurnAdvantage } from "./compute-advantages.js";

interface TurnSpec {
  switch: string;
  subgoal: string;
  action?: string;
  valid?: boolean;
  reward?: number;
  done?: boolean;
  values?: { high: number; low: number; term: number };
  anchor?: string;
}

/** Pieces like §2.6's toy tokenizer: tags, words, a newline between blocks, then EOS. */
function piecesOf(spec: TurnSpec): string[] {
  const words = (text: string) => text.split(/(?= )/);
  const action = spec.action === undefined ? [] : ["\n", "<action>", ...words(spec.action), "</action>"];
  return ["<switch>", spec.switch, "</switch>", "\n", "<subgoal>", ...words(spec.subgoal), "</subgoal>", ...action, "<EOS>"];
}

const vocabulary = new Map<string, number>();
const idOf = (piece: string) => vocabulary.get(piece) ?? (vocabulary.set(piece, vocabulary.size + 1), vocabulary.size);

function episode(trajectoryId: string, groupId: string, specs: TurnSpec[], options: { tokens: boolean }): EpisodeRecord {
  const turns: TurnRecord[] = specs.map((spec, turnIndex) => {
    const pieces = piecesOf(spec);
    const output = pieces.filter((piece) => piece !== "<EOS>").join("");
    const envSwitch = spec.switch === "KEEP" || spec.switch === "SWITCH" ? spec.switch : "";
    return {
      trajectoryId,
      groupId,
      turnIndex,
      observation: spec.anchor ?? `obs ${turnIndex}`,
      currentSubgoal: "None",
      prompt: "prompt",
      output,
      parsed: { switch: envSwitch, subgoal: spec.subgoal, action: spec.action ?? "", valid: spec.valid ?? true, reason: spec.valid === false ? "missing_action" : null },
      executedAction: spec.action ?? "",
      ...(options.tokens ? { tokens: { ids: pieces.map(idOf), pieces, logprobs: null } } : {}),
      ...(spec.values ? { values: spec.values } : {}),
      reward: spec.reward ?? 0,
      done: spec.done ?? false,
      truncated: false,
      info: {},
    };
  });
  return {
    schemaVersion: 1,
    trajectoryId,
    groupId,
    envId: "test",
    policyId: "test",
    task: "task",
    status: "done",
    won: false,
    totalReward: turns.reduce((sum, turn) => sum + turn.reward, 0),
    steps: turns.length,
    invalidTurns: 0,
    startedAt: "2026-01-01T00:00:00.000Z",
    durationMs: 1,
    turns,
  };
}

// §3.12 Example A as turn records: turn 1 copies turn 0's subgoal, turn 3 changes it.
const EXAMPLE_A: TurnSpec[] = [
  { switch: "SWITCH", subgoal: "find a mug", action: "go to countertop 1", values: { high: 2, low: 3, term: 2.5 } },
  { switch: "KEEP", subgoal: "find a mug", action: "take mug 1", valid: false, values: { high: 0, low: 4, term: 3.5 } },
  { switch: "SWITCH", subgoal: "heat the mug", action: "go to microwave 1", values: { high: 6, low: 7, term: 6.5 } },
  { switch: "KEEP", subgoal: "heat it", action: "heat mug 1 with microwave 1", reward: 10, done: true, values: { high: 0, low: 8, term: 9 } },
];
const HAE_RAW = { hae: { ...ADVANTAGE_PRESETS.alfworld.hae, normAdv: false } };

describe("computeAdvantages('hiper')", () => {
  const withTokens = computeAdvantages("hiper", [episode("a", "g", EXAMPLE_A, { tokens: true })], HAE_RAW);

  it("reproduces Example A from turn records with token pieces", () => {
    expect(withTokens.warnings).toEqual([]);
    const blocks = withTokens.turns.map((turn) => turn.blocks);
    const expected = [
      { action: 2.825, subgoal: 7.26875, switch: 3.325 },
      { action: 1.825, subgoal: null, switch: 2.325 },
      { action: 2.625, subgoal: 3.625, switch: 3.125 },
      { action: 1.625, subgoal: null, switch: 0.625 },
    ];
    blocks.forEach((block, t) => {
      const want = expected[t]!;
      expect(block?.action).toBeCloseTo(want.action, 9);
      expect(block?.switch).toBeCloseTo(want.switch, 9);
      if (want.subgoal === null) expect(block?.subgoal).toBeNull();
      else expect(block?.subgoal).toBeCloseTo(want.subgoal, 9);
    });
    expect(withTokens.turns.map((turn) => turn.reward.toFixed(9))).toEqual(["0.000000000", "-0.175000000", "0.000000000", "9.625000000"]);
    expect(withTokens.turns.map((turn) => turn.isBoundary)).toEqual([true, false, true, false]);
    expect(withTokens.turns[1]?.valueTargets).toEqual({ low: expect.closeTo(5.825, 9), high: null, term: expect.closeTo(5.825, 9) });
  });

  it("puts each block's advantage on its tokens and masks the copied subgoal (§3.7, §2.5)", () => {
    // Turn 0 pieces: <switch> SWITCH </switch> \n <subgoal> find ␣a ␣mug </subgoal> \n <action> go ␣to ␣countertop ␣1 </action> <EOS>
    const [a0, a1] = withTokens.turns;
    expect(a0?.tokenAdvantages?.map((x) => Number(x.toFixed(9)))).toEqual([
      3.325, 3.325, 3.325, 0, 7.26875, 7.26875, 7.26875, 7.26875, 7.26875, 0, 2.825, 2.825, 2.825, 2.825, 2.825, 2.825, 0,
    ]);
    expect(a0?.lossMask).toEqual([true, true, true, false, true, true, true, true, true, false, true, true, true, true, true, true, false]);
    expect(a0?.valueIndex).toEqual({ high: 0, low: 9, term: 0 });
    // Turn 1 is KEEP: its subgoal tokens (4–8) get nothing and are out of the loss.
    expect(a1?.tokenAdvantages?.slice(4, 9)).toEqual([0, 0, 0, 0, 0]);
    expect(a1?.lossMask?.slice(4, 9)).toEqual([false, false, false, false, false]);
  });

  it("without tokens: the same block advantages from the text, turn-level only, with a warning", () => {
    const textOnly = computeAdvantages("hiper", [episode("a", "g", EXAMPLE_A, { tokens: false })], HAE_RAW);
    expect(textOnly.warnings).toEqual([expect.objectContaining({ type: "missing-tokens", turns: 4 })]);
    textOnly.turns.forEach((turn, t) => {
      expect(turn.tokenAdvantages).toBeUndefined();
      expect(turn.blocks).toEqual(withTokens.turns[t]?.blocks);
    });
  });

  it("q follows the training rule without tokens too: <switch>maybe</switch> is a boundary", () => {
    const specs: TurnSpec[] = [
      { switch: "SWITCH", subgoal: "a", action: "x" },
      { switch: "maybe", subgoal: "b", action: "y", done: true },
    ];
    const result = computeAdvantages("hiper", [episode("m", "g", specs, { tokens: false })], HAE_RAW);
    expect(result.turns.map((turn) => turn.isBoundary)).toEqual([true, true]);
  });

  it("missing critic values: zeros are used and a warning is returned, not logged", () => {
    const specs = EXAMPLE_A.map(({ values: _values, ...rest }) => rest);
    const result = computeAdvantages("hiper", [episode("a", "g", specs, { tokens: true })], HAE_RAW);
    expect(result.warnings).toEqual([expect.objectContaining({ type: "missing-values", turns: 4 })]);
    // With V ≡ 0 and γ = λ_turn = 1 the low advantages are the in-segment returns: [−0.175, −0.175, 9.625, 9.625].
    expect(result.turns.map((turn) => Number(turn.blocks?.action.toFixed(9)))).toEqual([-0.175, -0.175, 9.625, 9.625]);
  });

  it("normalises over the whole batch with the official preset", () => {
    const result = computeAdvantages("hiper", [episode("a", "g", EXAMPLE_A, { tokens: true })], ADVANTAGE_PRESETS.alfworld);
    expect(result.turns.map((turn) => Number(turn.blocks?.action.toFixed(6)))).toEqual([1.176697, -0.784465, 0.784465, -1.176697]);
  });
});

// §5.9 as turn records.
const GROUP_EPISODES = [
  episode("ep1", "task", [
    { switch: "SWITCH", subgoal: "s", action: "a", anchor: "A" },
    { switch: "KEEP", subgoal: "s", action: "a", anchor: "B" },
    { switch: "KEEP", subgoal: "s", action: "a", anchor: "C", reward: 10, done: true },
  ], { tokens: true }),
  episode("ep2", "task", [
    { switch: "SWITCH", subgoal: "s", action: "a", anchor: "A" },
    { switch: "KEEP", subgoal: "s", action: "a", anchor: "D", valid: false },
  ], { tokens: false }),
];

describe("computeAdvantages: the group baselines on the §5.9 example", () => {
  const advantages = (result: AdvantageResult) => result.turns.map((turn) => turn.advantage as number);

  it("grpo", () => {
    const result = computeAdvantages("grpo", GROUP_EPISODES);
    expect(result.turns.map((turn) => turn.reward)).toEqual([10, 10, 10, 0, -0.1]);
    advantages(result).forEach((a, i) => expect(a).toBeCloseTo([0.7302815, 0.7302815, 0.7302815, -1.0863392, -1.1045054][i]!, 6));
  });

  it("rloo", () => {
    advantages(computeAdvantages("rloo", GROUP_EPISODES)).forEach((a, i) => expect(a).toBeCloseTo([5.025, 5.025, 5.025, -7.475, -7.6][i]!, 9));
  });

  it("gigpo, with the generic and the WebShop preset (mean_norm)", () => {
    const std = advantages(computeAdvantages("gigpo", GROUP_EPISODES));
    std.forEach((a, i) => expect(a).toBeCloseTo([1.4373882, 0.7302815, 0.7302815, -1.7934459, -1.1045054][i]!, 6));
    const meanNorm = advantages(computeAdvantages("gigpo", GROUP_EPISODES, ADVANTAGE_PRESETS.webshop));
    meanNorm.forEach((a, i) => expect(a).toBeCloseTo([8.5325, 4.02, 4.02, -10.4925, -6.08][i]!, 9));
  });

  it("broadcasts the turn's advantage to every token when the record has tokens", () => {
    const [first] = computeAdvantages("rloo", GROUP_EPISODES).turns;
    expect(first?.tokenAdvantages?.every((a) => a === first.advantage)).toBe(true);
    expect(first?.lossMask?.every(Boolean)).toBe(true);
    expect(first?.lossMask?.length).toBe(piecesOf({ switch: "SWITCH", subgoal: "s", action: "a" }).length);
  });

  it("the Plan-Execute-prompt arm adds κ = −0.3 to env-side KEEP rows (§5.7)", () => {
    const result = computeAdvantages("grpo", GROUP_EPISODES, { reward: { keepPenalty: -0.3 } });
    expect(result.turns.map((turn) => Number(turn.reward.toFixed(9)))).toEqual([10, 9.7, 9.7, 0, -0.4]);
  });
});

describe("computeAdvantages('ppo'): flat turn-level GAE", () => {
  // §5.3: r = [0, −0.1, 10] (turn 1 invalid), done at t2, V = [5, 6, 8], γ = 1.
  const specs: TurnSpec[] = [
    { switch: "SWITCH", subgoal: "s", action: "a", values: { high: 5, low: 0, term: 0 } },
    { switch: "KEEP", subgoal: "s", action: "a", valid: false, values: { high: 6, low: 0, term: 0 } },
    { switch: "KEEP", subgoal: "s", action: "a", reward: 10, done: true, values: { high: 8, low: 0, term: 0 } },
  ];

  it("reproduces §5.3 (λ = 0.95) with value targets A + V", () => {
    const result = computeAdvantages("ppo", [episode("p", "g", specs, { tokens: false })], { turnGae: { lam: 0.95, normAdv: false } });
    expect(result.turns.map((turn) => Number(turn.advantage?.toFixed(9)))).toEqual([4.61, 3.8, 2]);
    expect(result.turns.map((turn) => Number(turn.valueTarget?.toFixed(9)))).toEqual([9.61, 9.8, 10]);
    expect(result.turns.map((turn) => turn.reward)).toEqual([0, -0.1, 10]);
  });

  it("reads the configured value head and warns when values are missing", () => {
    const result = computeAdvantages("ppo", [episode("p", "g", specs, { tokens: false })], { flatValueHead: "low", turnGae: { normAdv: false } });
    expect(result.turns.map((turn) => Number(turn.advantage?.toFixed(9)))).toEqual([9.9, 9.9, 10]);
    const noValues = specs.map(({ values: _values, ...rest }) => rest);
    expect(computeAdvantages("ppo", [episode("p", "g", noValues, { tokens: false })]).warnings[0]?.type).toBe("missing-values");
  });
});

describe("computeAdvantages: output, order and errors", () => {
  const batch = [episode("a", "g", EXAMPLE_A, { tokens: true }), ...GROUP_EPISODES];

  it("every line parses with the TurnAdvantage schema and survives JSONL", () => {
    for (const algo of ["hiper", "gigpo", "grpo", "rloo", "ppo"] as const) {
      const result = AdvantageResult.parse(computeAdvantages(algo, batch));
      const jsonl = result.turns.map((turn) => JSON.stringify(turn)).join("\n");
      const back = jsonl.split("\n").map((line) => TurnAdvantage.parse(JSON.parse(line)));
      expect(back).toEqual(result.turns);
      expect(result.turns.length).toBe(9);
      expect(result.turns.every((turn) => turn.algo === algo && turn.schemaVersion === 1)).toBe(true);
    }
  });

  it("does not depend on the order of episodes or of turns within them", () => {
    const shuffled = [...batch].reverse().map((record) => ({ ...record, turns: [...record.turns].reverse() }));
    for (const algo of ["hiper", "gigpo", "grpo", "rloo", "ppo"] as const) {
      const key = (turn: TurnAdvantage) => `${turn.trajectoryId}/${turn.turnIndex}`;
      const base = new Map(computeAdvantages(algo, batch).turns.map((turn) => [key(turn), turn]));
      for (const turn of computeAdvantages(algo, shuffled).turns) {
        const same = base.get(key(turn)) as TurnAdvantage;
        // Batch statistics add up in another order, so compare to 1e-12.
        const numbers = (t: TurnAdvantage) => [t.advantage ?? 0, t.blocks?.action ?? 0, t.blocks?.subgoal ?? 0, t.blocks?.switch ?? 0, ...(t.tokenAdvantages ?? [])];
        expect(numbers(turn).length).toBe(numbers(same).length);
        numbers(turn).forEach((x, i) => expect(x).toBeCloseTo(numbers(same)[i]!, 12));
        expect(turn.blocks?.subgoal === null).toBe(same.blocks?.subgoal === null);
        expect(turn.lossMask).toEqual(same.lossMask);
      }
    }
  });

  it("rejects an unknown algorithm, a bad config and non-finite rewards", () => {
    expect(() => computeAdvantages("a2c" as never, batch)).toThrow(InvalidInputError);
    expect(() => computeAdvantages("hiper", batch, { hae: { gamma: 2 } })).toThrow(InvalidInputError);
    expect(() => computeAdvantages("hiper", batch, { hae: { switchAdvantage: "paper" } })).toThrow(/computeHae/);
    const bad = episode("x", "g", [{ switch: "SWITCH", subgoal: "s", action: "a", reward: Number.NaN, done: true }], { tokens: false });
    for (const algo of ["hiper", "gigpo", "grpo", "rloo", "ppo"] as const) expect(() => computeAdvantages(algo, [bad])).toThrow(InvalidInputError);
  });

  it("an empty batch gives no turns and no warnings", () => {
    expect(computeAdvantages("hiper", [])).toEqual({ algo: "hiper", turns: [], warnings: [] });
  });
});
