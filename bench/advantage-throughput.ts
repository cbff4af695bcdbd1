/**
 * Advantage estimator throughput: turns per second on 1,000,000 synthetic turns per estimator.
 *
 *   npx tsx bench/advantage-throughput.ts [turns]
 *
 * Episodes of 5–30 turns in groups of 8 (one task per group), 16 tokens per turn for the token
 * estimators, ALFWorld-like anchors (20 distinct observations per group). Each estimator runs
 * once on a warm-up batch, then three times on the full batch; the table shows the best run
 * (inputs are built outside the timing). `NODE_OPTIONS=--expose-gc` adds a GC before each run.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import {
  computeAdvantages,
  computeHae,
  episodeRewardScores,
  episodeRewardTokenGae,
  gigpo,
  grpo,
  HAE_PRESETS,
  haeTokenAdvantages,
  type HaeTurnIn,
  rloo,
  rowPenalty,
  turnGaeBatch,
} from "../packages/core/src/advantage/index.js";
import { BaselineRewardConfig } from "../packages/core/src/advantage/episode-reward.js";
import type { EpisodeRecord } from "../packages/core/src/trajectory/episode-record.js";
import { SeededRandom } from "../packages/core/src/util/seeded-random.js";

const TURNS = Number(process.argv[2] ?? 1_000_000);
const TOKENS_PER_TURN = 16;
const GROUP_SIZE = 8;

interface SyntheticTurn {
  trajectoryId: string;
  groupId: string;
  turnIndex: number;
  envReward: number;
  done: boolean;
  valid: boolean;
  isNewSubgoal: boolean;
  subgoal: number;
  anchor: string;
  vHigh: number;
  vLow: number;
  vTerm: number;
}

function synthesize(turnCount: number, seed: number): SyntheticTurn[][] {
  const random = new SeededRandom(seed);
  const episodes: SyntheticTurn[][] = [];
  let total = 0;
  for (let e = 0; total < turnCount; e++) {
    const groupId = `task-${Math.floor(e / GROUP_SIZE)}`;
    const length = Math.min(5 + random.int(26), turnCount - total);
    const won = random.next() < 0.5;
    let subgoal = 0;
    const turns = Array.from({ length }, (_, t) => {
      const isNewSubgoal = t === 0 || random.next() < 0.3;
      if (isNewSubgoal) subgoal = random.int(1000);
      return {
        trajectoryId: `traj-${e}`,
        groupId,
        turnIndex: t,
        envReward: won && t === length - 1 ? 10 : 0,
        done: won && t === length - 1,
        valid: random.next() < 0.95,
        isNewSubgoal,
        subgoal,
        anchor: `You are in room ${random.int(20)} of task ${groupId}. You see a mug, a plate and a spoon.`,
        vHigh: random.next() * 10,
        vLow: random.next() * 10,
        vTerm: random.next() * 10,
      };
    });
    episodes.push(turns);
    total += length;
  }
  return episodes;
}

function haeInputs(episodes: SyntheticTurn[][]): HaeTurnIn[] {
  return episodes.flat().map((turn) => ({
    trajId: turn.trajectoryId,
    turnIdx: turn.turnIndex,
    envReward: turn.envReward,
    done: turn.done,
    valid: turn.valid,
    isNewSubgoal: turn.isNewSubgoal,
    subgoalTokenIds: [turn.subgoal, turn.subgoal + 1],
    hasActionTokens: true,
    hasSubgoalSpan: true,
    hasSwitchSpan: true,
    vHigh: turn.vHigh,
    vLow: turn.vLow,
    vTerm: turn.vTerm,
  }));
}

const rewardConfig = BaselineRewardConfig.parse({});
function scoredRows(episodes: SyntheticTurn[][]) {
  const flat = episodes.flat();
  const scores = episodeRewardScores(flat, rewardConfig);
  return flat.map((turn, i) => ({ groupId: turn.groupId, trajectoryId: turn.trajectoryId, turnIndex: turn.turnIndex, score: scores[i] as number }));
}
function gigpoRows(episodes: SyntheticTurn[][]) {
  const flat = episodes.flat();
  return scoredRows(episodes).map((row, i) => {
    const turn = flat[i] as SyntheticTurn;
    return { ...row, envReward: turn.envReward, penalty: rowPenalty(turn, rewardConfig), anchor: turn.anchor };
  });
}

/** Turn records with toy token pieces, for the end-to-end `computeAdvantages` rows. */
function records(episodes: SyntheticTurn[][]): EpisodeRecord[] {
  return episodes.map((turns) => ({
    schemaVersion: 1,
    trajectoryId: turns[0]?.trajectoryId ?? "",
    groupId: turns[0]?.groupId ?? "",
    envId: "bench",
    policyId: "bench",
    task: "task",
    status: "done",
    won: false,
    totalReward: 0,
    steps: turns.length,
    invalidTurns: 0,
    startedAt: "2026-01-01T00:00:00.000Z",
    durationMs: 0,
    turns: turns.map((turn) => {
      const sw = turn.isNewSubgoal ? "SWITCH" : "KEEP";
      const pieces = ["<switch>", sw, "</switch>", "\n", "<subgoal>", "goal", ` ${turn.subgoal}`, "</subgoal>", "\n", "<action>", "go", " to", " desk", " 1", "</action>", "<|im_end|>"];
      return {
        trajectoryId: turn.trajectoryId,
        groupId: turn.groupId,
        turnIndex: turn.turnIndex,
        observation: turn.anchor,
        currentSubgoal: "None",
        prompt: "",
        output: pieces.slice(0, -1).join(""),
        parsed: { switch: sw, subgoal: `goal ${turn.subgoal}`, action: "go to desk 1", valid: turn.valid, reason: turn.valid ? null : "cjk" },
        executedAction: "go to desk 1",
        tokens: { ids: pieces.map((_, j) => j), pieces, logprobs: null },
        values: { high: turn.vHigh, low: turn.vLow, term: turn.vTerm },
        reward: turn.envReward,
        done: turn.done,
        truncated: false,
        info: {},
      };
    }),
  }));
}

interface Case {
  name: string;
  /** Builds the inputs (not timed) and returns the timed run. */
  prepare: (episodes: SyntheticTurn[][]) => () => unknown;
  /** Run on fewer turns than the others (quadratic or heavy inputs). */
  turns?: number;
}

const cases: Case[] = [
  {
    name: "HAE (`computeHae`, ALFWorld preset, normalised)",
    prepare: (episodes) => {
      const inputs = haeInputs(episodes);
      return () => computeHae(inputs, HAE_PRESETS.alfworld);
    },
  },
  {
    name: "HAE + token assignment (16 tokens/turn)",
    prepare: (episodes) => {
      const inputs = haeInputs(episodes);
      const spans = { switch: [0, 2], subgoal: [4, 7], action: [9, 14] } as const;
      return () =>
        computeHae(inputs, HAE_PRESETS.alfworld).map((out) =>
          haeTokenAdvantages(out, { switch: [...spans.switch], subgoal: [...spans.subgoal], action: [...spans.action] }, TOKENS_PER_TURN),
        );
    },
  },
  {
    name: "turn_gae (`turnGaeBatch`, whitened)",
    prepare: (episodes) => {
      const trajectories = episodes.map((turns) => ({
        rewards: turns.map((turn) => turn.envReward - (turn.valid ? 0 : 0.1)),
        values: turns.map((turn) => turn.vHigh),
        dones: turns.map((turn) => turn.done),
      }));
      return () => turnGaeBatch(trajectories);
    },
  },
  {
    name: "token PPO (`episodeRewardTokenGae`, 16 tokens/turn)",
    prepare: (episodes) => {
      const random = new SeededRandom(3);
      const scores = scoredRows(episodes);
      const rows = scores.map((row) => ({ score: row.score, values: Array.from({ length: TOKENS_PER_TURN }, () => random.next()) }));
      return () => episodeRewardTokenGae(rows);
    },
  },
  {
    name: "GRPO (scores + `grpo`)",
    prepare: (episodes) => {
      const flat = episodes.flat();
      return () => {
        const scores = episodeRewardScores(flat, rewardConfig);
        return grpo(flat.map((turn, i) => ({ groupId: turn.groupId, trajectoryId: turn.trajectoryId, turnIndex: turn.turnIndex, score: scores[i] as number })));
      };
    },
  },
  {
    name: "RLOO (`rloo`)",
    prepare: (episodes) => {
      const rows = scoredRows(episodes);
      return () => rloo(rows);
    },
  },
  {
    name: "GiGPO (`gigpo`, exact anchors)",
    prepare: (episodes) => {
      const rows = gigpoRows(episodes);
      return () => gigpo(rows);
    },
  },
  {
    name: "GiGPO (`gigpo`, similarity ≥ 0.95)",
    turns: 100_000,
    prepare: (episodes) => {
      const rows = gigpoRows(episodes);
      return () => gigpo(rows, { similarityThreshold: 0.95 });
    },
  },
  ...(["hiper", "ppo", "grpo", "rloo", "gigpo"] as const).map((algo) => ({
    name: `\`computeAdvantages("${algo}")\` end to end (records with 16 token pieces)`,
    turns: 200_000,
    prepare: (episodes: SyntheticTurn[][]) => {
      const batch = records(episodes);
      return () => computeAdvantages(algo, batch, algo === "hiper" ? { hae: HAE_PRESETS.alfworld } : {});
    },
  })),
];

const warmup = synthesize(20_000, 1);
const lines: string[] = [];
for (const benchCase of cases) {
  benchCase.prepare(warmup)();
  const turnCount = Math.min(benchCase.turns ?? TURNS, TURNS);
  const episodes = synthesize(turnCount, 2);
  const run = benchCase.prepare(episodes);
  // Best of three: one run alone is at the mercy of the garbage collector's timing.
  let seconds = Number.POSITIVE_INFINITY;
  for (let repeat = 0; repeat < 3; repeat++) {
    (globalThis as { gc?: () => void }).gc?.();
    const start = performance.now();
    run();
    seconds = Math.min(seconds, (performance.now() - start) / 1000);
  }
  lines.push(`| ${benchCase.name} | ${turnCount.toLocaleString("en-US")} | ${seconds.toFixed(2)} | ${Math.round(turnCount / seconds).toLocaleString("en-US")} |`);
  console.error(`done: ${benchCase.name}`);
}

const cpus = os.cpus();
console.log(`Machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, Node ${process.version}\n`);
console.log("| estimator | turns | seconds | turns/s |");
console.log("|---|---:|---:|---:|");
for (const line of lines) console.log(line);
