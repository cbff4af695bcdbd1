import { z } from "zod";
import { InvalidInputError } from "../errors/index.js";
import type { EpisodeRecord } from "../trajectory/episode-record.js";
import type { TurnRecord } from "../trajectory/turn-record.js";
import { BaselineRewardConfig, episodeRewardScores, multiTurnRewards, type RewardRow, rowPenalty } from "./episode-reward.js";
import { GigpoConfig, gigpo } from "./gigpo.js";
import { GrpoConfig, grpo } from "./grpo.js";
import { computeHae } from "./hae.js";
import { HAE_PRESETS, HaeConfig } from "./hae-config.js";
import { haeTokenAdvantages } from "./hae-tokens.js";
import type { HaeTurnIn } from "./hae-turn.js";
import { parseConfig } from "./parse-config.js";
import { RlooConfig, rloo } from "./rloo.js";
import { type TurnFeatures, turnFeatures } from "./turn-features.js";
import { TurnGaeConfig, turnGaeBatch } from "./turn-gae.js";

/**
 * The estimator names every part of the SDK uses. `ppo` is the flat critic baseline: turn-level
 * GAE (`turn_gae`, spec §5.3). Upstream's token-level "PPO" (§5.2) needs per-token values and is
 * exposed as `episodeRewardTokenGae` for the trainer.
 */
export const Algo = z.enum(["hiper", "gigpo", "grpo", "rloo", "ppo"]);
export type Algo = z.infer<typeof Algo>;

/** Whether the estimator reads critic values (hiper's three heads, ppo's one); the others are critic-free. */
export function algoUsesCritic(algo: Algo): boolean {
  return algo === "hiper" || algo === "ppo";
}

/** Version of the advantage JSONL line format; bump it when the line shape changes. */
export const ADVANTAGE_SCHEMA_VERSION = 1;

/** Every estimator's settings; each part defaults to the spec's generic defaults. */
export const AdvantagesConfig = z.object({
  hae: HaeConfig.prefault({}),
  /** `ppo`: flat turn-level GAE. */
  turnGae: TurnGaeConfig.prefault({}),
  /** `ppo`: which stored read-out is the flat critic's V(t) (all sit at index 0 except `low`). */
  flatValueHead: z.enum(["high", "low", "term"]).default("high"),
  grpo: GrpoConfig.prefault({}),
  rloo: RlooConfig.prefault({}),
  gigpo: GigpoConfig.prefault({}),
  /** Invalid penalty and the Plan-Execute-prompt KEEP penalty of the flat baselines (§5.1, §5.7). */
  reward: BaselineRewardConfig.prefault({}),
});
export type AdvantagesConfig = z.infer<typeof AdvantagesConfig>;
export type AdvantagesConfigInput = z.input<typeof AdvantagesConfig>;

/** Official per-environment settings (spec §3.11, §5.8). */
export const ADVANTAGE_PRESETS = {
  alfworld: { hae: HAE_PRESETS.alfworld, gigpo: { mode: "mean_std_norm" } },
  webshop: { hae: HAE_PRESETS.webshop, gigpo: { mode: "mean_norm" } },
} as const satisfies Record<string, AdvantagesConfigInput>;

/** Advantages of the three blocks of one HAE turn. */
export const BlockAdvantages = z.object({
  /** A^L_t: on the action tokens. */
  action: z.number(),
  /** A^H_k: on the subgoal tokens of a boundary turn; null on KEEP turns. */
  subgoal: z.number().nullable(),
  /** A^T_t: on the switch tokens. */
  switch: z.number(),
});
export type BlockAdvantages = z.infer<typeof BlockAdvantages>;

/** One line of an advantage file: the estimator's output for one turn. */
export const TurnAdvantage = z.object({
  schemaVersion: z.literal(ADVANTAGE_SCHEMA_VERSION),
  algo: Algo,
  trajectoryId: z.string(),
  groupId: z.string(),
  turnIndex: z.number().int().nonnegative(),
  /** What the estimator credited the turn with: shaped r_t (hiper), r_t (ppo), row score s_i (grpo, rloo, gigpo). */
  reward: z.number(),
  /** Flat estimators: one advantage for every token of the turn. */
  advantage: z.number().optional(),
  /** hiper: per-block advantages (after normalisation when normAdv). */
  blocks: BlockAdvantages.optional(),
  /** hiper: turn 0 or a training-side SWITCH. */
  isBoundary: z.boolean().optional(),
  /** hiper: critic targets R^L, R^H (boundary turns), R^T. */
  valueTargets: z.object({ low: z.number(), high: z.number().nullable(), term: z.number() }).optional(),
  /** ppo: the critic target A_t + V(t), at response index 0. */
  valueTarget: z.number().optional(),
  /** hiper with token pieces: where to read V_H, V_L, V_T (§2.4). */
  valueIndex: z.object({ high: z.number().int(), low: z.number().int(), term: z.number().int() }).optional(),
  /** Per-token advantages, when the record has tokens. */
  tokenAdvantages: z.array(z.number()).optional(),
  /** Per-token loss mask (§2.5 for hiper; every token for the baselines), when the record has tokens. */
  lossMask: z.array(z.boolean()).optional(),
});
export type TurnAdvantage = z.infer<typeof TurnAdvantage>;

/** A soft problem, reported as data: the result is still usable. */
export const AdvantageWarning = z.object({
  /** `missing-values`: no critic read-outs, zeros used. `missing-tokens`: turn-level advantages only. */
  type: z.enum(["missing-values", "missing-tokens"]),
  message: z.string(),
  /** How many turns it concerns. */
  turns: z.number().int().positive(),
});
export type AdvantageWarning = z.infer<typeof AdvantageWarning>;

export const AdvantageResult = z.object({
  algo: Algo,
  /** One entry per turn, episodes in input order, turns in record order. */
  turns: z.array(TurnAdvantage),
  warnings: z.array(AdvantageWarning),
});
export type AdvantageResult = z.infer<typeof AdvantageResult>;

interface Row {
  episode: EpisodeRecord;
  turn: TurnRecord;
}

/** Runs one estimator over a batch of episodes. Pure: no I/O, no console. */
export function computeAdvantages(algo: Algo, episodes: readonly EpisodeRecord[], configInput: AdvantagesConfigInput = {}): AdvantageResult {
  const chosen = parseConfig(Algo, algo, "algo");
  const config = parseConfig(AdvantagesConfig, configInput, "advantage");
  const rows: Row[] = episodes.flatMap((episode) => episode.turns.map((turn) => ({ episode, turn })));
  const warnings: AdvantageWarning[] = [];
  switch (chosen) {
    case "hiper":
      return { algo: chosen, turns: hiper(rows, config, warnings), warnings };
    case "ppo":
      return { algo: chosen, turns: flatTurnGae(rows, episodes, config, warnings), warnings };
    case "grpo":
    case "rloo":
    case "gigpo":
      return { algo: chosen, turns: groupBaseline(chosen, rows, config), warnings };
  }
}

function hiper(rows: readonly Row[], config: AdvantagesConfig, warnings: AdvantageWarning[]): TurnAdvantage[] {
  if (config.hae.switchAdvantage === "paper") {
    throw new InvalidInputError(
      "the 'paper' switch advantage needs β and the counterfactual V_L per turn, which turn records do not carry; call computeHae with HaeTurnIn[] instead",
    );
  }
  warnMissingValues(rows, warnings);
  const features: TurnFeatures[] = rows.map((row) => turnFeatures(row.turn));
  const missingTokens = features.filter((feature) => feature.tokens === null).length;
  if (missingTokens > 0) {
    warnings.push({
      type: "missing-tokens",
      message: `${missingTokens} turn(s) have no token pieces or spans: q and block presence come from the output text, and only block advantages are returned`,
      turns: missingTokens,
    });
  }

  const inputs: HaeTurnIn[] = rows.map(({ episode, turn }, i) => {
    const feature = features[i] as TurnFeatures;
    return {
      trajId: episode.trajectoryId,
      turnIdx: turn.turnIndex,
      envReward: turn.reward,
      done: turn.done,
      valid: turn.parsed.valid,
      isNewSubgoal: feature.isNewSubgoal,
      subgoalTokenIds: feature.subgoalTokens,
      hasActionTokens: feature.hasActionTokens,
      hasSubgoalSpan: feature.hasSubgoalSpan,
      hasSwitchSpan: feature.hasSwitchSpan,
      vHigh: turn.values?.high ?? 0,
      vLow: turn.values?.low ?? 0,
      vTerm: turn.values?.term ?? 0,
    };
  });
  const outputs = computeHae(inputs, config.hae);

  return rows.map(({ episode, turn }, i) => {
    const out = outputs[i] as (typeof outputs)[number];
    const tokens = (features[i] as TurnFeatures).tokens;
    const line: TurnAdvantage = {
      ...lineHeader("hiper", episode, turn),
      reward: out.reward,
      blocks: { action: out.aLow, subgoal: out.aHigh, switch: out.aTerm },
      isBoundary: out.isBoundary,
      valueTargets: { low: out.retLow, high: out.retHigh, term: out.retTerm },
    };
    if (tokens === null) return line;
    if (tokens.valueIndex !== null) line.valueIndex = tokens.valueIndex;
    return { ...line, ...haeTokenAdvantages(out, tokens.spans, tokens.length) };
  });
}

function flatTurnGae(rows: readonly Row[], episodes: readonly EpisodeRecord[], config: AdvantagesConfig, warnings: AdvantageWarning[]): TurnAdvantage[] {
  warnMissingValues(rows, warnings);

  // One trajectory per episode, turns ordered by turn index; results go back to record order.
  const ordered = episodes.map((episode) => [...episode.turns].sort((a, b) => a.turnIndex - b.turnIndex));
  const rewards = ordered.map((turns) => multiTurnRewards(turns.map(rewardRow), config.reward));
  const { advantages, returns } = turnGaeBatch(
    ordered.map((turns, e) => ({
      rewards: rewards[e] as number[],
      values: turns.map((turn) => turn.values?.[config.flatValueHead] ?? 0),
      dones: turns.map((turn) => turn.done),
    })),
    config.turnGae,
  );
  const byTurn = new Map<TurnRecord, { reward: number; advantage: number; valueTarget: number }>();
  ordered.forEach((turns, e) =>
    turns.forEach((turn, t) =>
      byTurn.set(turn, { reward: rewards[e]?.[t] as number, advantage: advantages[e]?.[t] as number, valueTarget: returns[e]?.[t] as number }),
    ),
  );
  return rows.map(({ episode, turn }) => {
    const { reward, advantage, valueTarget } = byTurn.get(turn) as { reward: number; advantage: number; valueTarget: number };
    return { ...lineHeader("ppo", episode, turn), reward, advantage, valueTarget, ...broadcast(turn, advantage) };
  });
}

function groupBaseline(algo: "grpo" | "rloo" | "gigpo", rows: readonly Row[], config: AdvantagesConfig): TurnAdvantage[] {
  const rewardRows = rows.map(({ episode, turn }) => ({ ...rewardRow(turn), trajectoryId: episode.trajectoryId }));
  const scores = episodeRewardScores(rewardRows, config.reward);
  const scored = rows.map(({ episode, turn }, i) => ({
    groupId: episode.groupId,
    trajectoryId: episode.trajectoryId,
    turnIndex: turn.turnIndex,
    score: scores[i] as number,
  }));
  let advantages: number[];
  if (algo === "grpo") advantages = grpo(scored, config.grpo);
  else if (algo === "rloo") advantages = rloo(scored, config.rloo);
  else {
    const gigpoRows = scored.map((row, i) => {
      const { turn } = rows[i] as Row;
      return { ...row, envReward: turn.reward, penalty: rowPenalty(rewardRows[i] as RewardRow, config.reward), anchor: turn.observation };
    });
    advantages = gigpo(gigpoRows, config.gigpo).advantages;
  }
  return rows.map(({ episode, turn }, i) => {
    const advantage = advantages[i] as number;
    return { ...lineHeader(algo, episode, turn), reward: scores[i] as number, advantage, ...broadcast(turn, advantage) };
  });
}

function rewardRow(turn: TurnRecord): RewardRow {
  return { trajectoryId: turn.trajectoryId, turnIndex: turn.turnIndex, envReward: turn.reward, valid: turn.parsed.valid, envSwitch: turn.parsed.switch };
}

function lineHeader(algo: Algo, episode: EpisodeRecord, turn: TurnRecord) {
  return {
    schemaVersion: ADVANTAGE_SCHEMA_VERSION,
    algo,
    trajectoryId: episode.trajectoryId,
    groupId: episode.groupId,
    turnIndex: turn.turnIndex,
  } as const;
}

/** The baselines train every response token with the turn's one advantage (§5). */
function broadcast(turn: TurnRecord, advantage: number): { tokenAdvantages?: number[]; lossMask?: boolean[] } {
  if (turn.tokens === undefined) return {};
  const length = Math.max(turn.tokens.ids.length, turn.tokens.pieces?.length ?? 0);
  return { tokenAdvantages: new Array<number>(length).fill(advantage), lossMask: new Array<boolean>(length).fill(true) };
}

function warnMissingValues(rows: readonly Row[], warnings: AdvantageWarning[]): void {
  const turns = rows.filter((row) => row.turn.values === undefined).length;
  if (turns > 0) warnings.push({ type: "missing-values", message: `${turns} turn(s) have no critic values; 0 was used for V`, turns });
}
