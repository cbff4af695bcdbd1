import { InvalidInputError } from "../errors/index.js";
import { assertFinite } from "./finite.js";
import { HaeConfig, type HaeConfigInput } from "./hae-config.js";
import { shapeHaeRewards } from "./hae-reward.js";
import type { HaeTurnIn, HaeTurnOut } from "./hae-turn.js";
import { parseConfig } from "./parse-config.js";
import { type Segment, segmentTrajectory } from "./segments.js";
import { zScoreWith } from "./statistics.js";

/**
 * Hierarchical Advantage Estimation (spec §3), read top to bottom next to the spec:
 *
 *   low level   (§3.4)  GAE(γ, λ_turn) inside each segment, bootstrapped to the next V_H
 *   high level  (§3.5)  semi-MDP GAE(γ, λ_seg) across segments, on V_H
 *   switch      (§3.6)  A^T = G − V_T ('return'), or (q − β)(V_H − V_L(continue)) ('paper')
 *   normalise   (§3.8)  z-score each advantage over the whole batch
 *
 * Turns are grouped by trajectory and ordered by turn index; the output is in input order.
 * A last turn that is not done is a truncation (§3.4).
 */
export function computeHae(turns: readonly HaeTurnIn[], configInput: HaeConfigInput = {}): HaeTurnOut[] {
  const config = parseConfig(HaeConfig, configInput, "HAE");
  const { gamma, lamTurn, lamSeg, bootstrapTruncated } = config;
  turns.forEach(checkTurn);

  const out = new Array<HaeTurnOut>(turns.length);
  for (const indices of trajectoryIndices(turns)) {
    const traj = indices.map((i) => turns[i] as HaeTurnIn);
    const T = traj.length;
    const r = shapeHaeRewards(traj, config);
    const vHigh = traj.map((turn) => turn.vHigh);
    const vLow = traj.map((turn) => turn.vLow);
    const { isBoundary, segments } = segmentTrajectory(traj.map((turn) => turn.isNewSubgoal));
    const lastDone = (traj[T - 1] as HaeTurnIn).done;

    const advantageLow = new Array<number>(T).fill(0);
    const returnLow = new Array<number>(T).fill(0);
    const advantageHigh = new Array<number | null>(T).fill(null);
    const returnHigh = new Array<number | null>(T).fill(null);
    const returnTerm = new Array<number>(T).fill(0);

    // Bootstrap value at the end of segment k, shared by the high level and the switch returns:
    // V_H of the next boundary; on a truncated last segment V_H(s_k) if bootstrapping; else 0.
    const segmentBootstrap = (k: number): number => {
      const { start, end, next } = segments[k] as Segment;
      if (end === T - 1 && lastDone) return 0;
      if (next !== null) return vHigh[next] as number;
      return bootstrapTruncated ? (vHigh[start] as number) : 0;
    };

    // ---- low level: GAE inside each segment; the carried advantage never crosses a boundary
    for (const { start, end, next } of segments) {
      let advantageLowNext = 0; // A^L_{e_k + 1} := 0
      for (let t = end; t >= start; t--) {
        const notDone = (traj[t] as HaeTurnIn).done ? 0 : 1;
        let valueNext: number;
        if (t < end) valueNext = vLow[t + 1] as number; // same segment
        else if (!notDone) valueNext = 0; // terminal
        else if (next !== null) valueNext = vHigh[next] as number; // bootstrap to the next segment's V_H
        else valueNext = bootstrapTruncated ? (vLow[t] as number) : 0; // truncated: own V_L or 0
        const delta = (r[t] as number) + gamma * notDone * valueNext - (vLow[t] as number);
        advantageLowNext = delta + gamma * lamTurn * notDone * advantageLowNext;
        advantageLow[t] = advantageLowNext;
        returnLow[t] = advantageLowNext + (vLow[t] as number);
      }
    }

    // ---- high level: semi-MDP GAE across segments, living on each boundary turn s_k
    let advantageHighNext = 0; // A^H_{K+1} := 0
    for (let k = segments.length - 1; k >= 0; k--) {
      const { start, end } = segments[k] as Segment;
      const duration = end - start + 1; // d_k
      let segmentReturn = 0; // R_k = Σ_j γ^j r_{s_k + j}
      for (let j = 0; j < duration; j++) segmentReturn += gamma ** j * (r[start + j] as number);
      const notDoneEnd = end === T - 1 && lastDone ? 0 : 1;
      const discount = gamma ** duration; // γ^{d_k}
      const deltaHigh = segmentReturn + discount * notDoneEnd * segmentBootstrap(k) - (vHigh[start] as number);
      advantageHighNext = deltaHigh + discount * lamSeg * notDoneEnd * advantageHighNext;
      advantageHigh[start] = advantageHighNext;
      returnHigh[start] = advantageHighNext + (vHigh[start] as number);
    }

    // ---- switch returns: G_t = r_t + γ·G_{t+1} inside each segment, from G_{e_k+1} := boot_k (no λ)
    for (let k = 0; k < segments.length; k++) {
      const { start, end } = segments[k] as Segment;
      let G = segmentBootstrap(k);
      for (let t = end; t >= start; t--) {
        G = (r[t] as number) + gamma * G;
        returnTerm[t] = G;
      }
    }

    for (let t = 0; t < T; t++) {
      const turn = traj[t] as HaeTurnIn;
      out[indices[t] as number] = {
        trajId: turn.trajId,
        turnIdx: turn.turnIdx,
        reward: r[t] as number,
        isBoundary: isBoundary[t] as boolean,
        aLow: advantageLow[t] as number,
        aHigh: advantageHigh[t] as number | null,
        aTerm: switchAdvantage(turn, t, returnTerm[t] as number, config),
        retLow: returnLow[t] as number,
        retHigh: returnHigh[t] as number | null,
        retTerm: returnTerm[t] as number,
      };
    }
  }

  return config.normAdv ? normalizeHae(turns, out) : out;
}

/** A^T_t (§3.6): the sampled form `G_t − V_T(t)`, or the paper's `(q_t − β_t)(V_H(t) − V_L(s_t, o_{t−1}))`. */
function switchAdvantage(turn: HaeTurnIn, t: number, G: number, config: HaeConfig): number {
  if (config.switchAdvantage === "return") return G - turn.vTerm;
  // Turn 0 has no previous subgoal to continue, so there is no alternative to credit.
  if (t === 0) return 0;
  const where = `HAE turn ${turn.turnIdx} of "${turn.trajId}"`;
  const beta = turn.switchProbability;
  if (beta === undefined || beta < 0 || beta > 1) {
    throw new InvalidInputError(`${where}: the 'paper' switch advantage needs switchProbability (β) in [0, 1]`);
  }
  if (turn.isNewSubgoal && turn.vLowContinue === undefined) {
    throw new InvalidInputError(`${where}: the 'paper' switch advantage needs vLowContinue on SWITCH turns`);
  }
  const q = turn.isNewSubgoal ? 1 : 0;
  const valueContinue = turn.vLowContinue ?? turn.vLow; // on KEEP turns the actual V_L is the continuation
  return (q - beta) * (turn.vHigh - valueContinue);
}

/**
 * §3.8: z-score each advantage over the batch with one value per turn. The statistics sets:
 * A^L over turns with action tokens, A^H over boundary turns with a subgoal span, A^T over
 * turns with a switch span. Value targets keep the raw advantages.
 */
function normalizeHae(turns: readonly HaeTurnIn[], out: HaeTurnOut[]): HaeTurnOut[] {
  const low = out.filter((_, i) => (turns[i] as HaeTurnIn).hasActionTokens).map((o) => o.aLow);
  const high = out.filter((o, i) => o.aHigh !== null && (turns[i] as HaeTurnIn).hasSubgoalSpan).map((o) => o.aHigh as number);
  const term = out.filter((_, i) => (turns[i] as HaeTurnIn).hasSwitchSpan).map((o) => o.aTerm);
  const zLow = low.length > 0 ? zScoreWith(low) : (x: number) => x;
  const zHigh = high.length > 0 ? zScoreWith(high) : (x: number) => x;
  const zTerm = term.length > 0 ? zScoreWith(term) : (x: number) => x;
  return out.map((o) => ({ ...o, aLow: zLow(o.aLow), aHigh: o.aHigh === null ? null : zHigh(o.aHigh), aTerm: zTerm(o.aTerm) }));
}

/** Positions of each trajectory's turns in the input, ordered by turn index. */
function trajectoryIndices(turns: readonly HaeTurnIn[]): number[][] {
  const byTrajectory = new Map<string, number[]>();
  turns.forEach((turn, i) => {
    const list = byTrajectory.get(turn.trajId);
    if (list) list.push(i);
    else byTrajectory.set(turn.trajId, [i]);
  });
  const result: number[][] = [];
  for (const [trajId, indices] of byTrajectory) {
    indices.sort((a, b) => (turns[a] as HaeTurnIn).turnIdx - (turns[b] as HaeTurnIn).turnIdx);
    for (let p = 0; p < indices.length; p++) {
      const turn = turns[indices[p] as number] as HaeTurnIn;
      if (p > 0 && turn.turnIdx === (turns[indices[p - 1] as number] as HaeTurnIn).turnIdx) {
        throw new InvalidInputError(`trajectory "${trajId}" has turn ${turn.turnIdx} twice (pad batches after computing advantages)`);
      }
      if (turn.done && p < indices.length - 1) {
        throw new InvalidInputError(`trajectory "${trajId}": turn ${turn.turnIdx} is done but is not the last turn`);
      }
    }
    result.push(indices);
  }
  return result;
}

function checkTurn(turn: HaeTurnIn): void {
  const where = `HAE turn ${turn.turnIdx} of "${turn.trajId}"`;
  if (!Number.isInteger(turn.turnIdx) || turn.turnIdx < 0) throw new InvalidInputError(`${where}: turnIdx must be a non-negative integer`);
  assertFinite(turn.envReward, `${where}: envReward`);
  assertFinite(turn.vHigh, `${where}: vHigh`);
  assertFinite(turn.vLow, `${where}: vLow`);
  assertFinite(turn.vTerm, `${where}: vTerm`);
  if (turn.switchProbability !== undefined) assertFinite(turn.switchProbability, `${where}: switchProbability`);
  if (turn.vLowContinue !== undefined) assertFinite(turn.vLowContinue, `${where}: vLowContinue`);
}
