/**
 * Variance of the per-episode policy gradient under HAE vs flat turn-level GAE (spec §4.3), on
 * Chain-K with tabular policies. A benchmark report, not a test: the theorem's conditions are
 * unknown, so only "total ratio < 1" is expected; subgoal tokens were worse in the reference run.
 *
 *   npx tsx bench/advantage-variance.ts [episodes=20000] [fitEpisodes=5000]
 *
 * - HAE gradient: Σ_t [1[t≥1]·(q_t − β_t)·e_sw·A^T_t + 1[boundary]·∇logπ_H·A^H_t + ∇logπ_L·A^L_t],
 *   without the γ^t weight (as in training), computed with `computeHae`.
 * - Flat gradient: the same three score functions all weighted by the flat turn-GAE advantage
 *   A_t with V_flat(t) = U(s_t, g_{t−1}) (V_Ω(s_0) at t = 0), computed with `turnGaeBatch`.
 * - Values: exact (fixed point), or learned: tabular Monte-Carlo regression on a separate batch.
 * - Reported: trace of the covariance of the per-episode gradient, per decision type and in total,
 *   as the ratio HAE/flat, and the largest difference of the two estimators' means (with the
 *   largest |z| of that difference, unpaired SE: ≈ 0 and |z| of a few when both are unbiased).
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { ChainK, type ChainKTurn } from "../packages/core/src/advantage/fixtures/chain-k.js";
import { computeHae, type HaeTurnIn, turnGaeBatch } from "../packages/core/src/advantage/index.js";
import { SeededRandom } from "../packages/core/src/util/seeded-random.js";

const EPISODES = Number(process.argv[2] ?? 20_000);
const FIT_EPISODES = Number(process.argv[3] ?? 5_000);
const GRID = { K: [2, 3, 4], M: [2, 4], gamma: [1, 0.95] };
const SETTINGS = [
  { flatLam: 1, lamTurn: 1, lamSeg: 1 },
  { flatLam: 0.95, lamTurn: 1, lamSeg: 0.95 },
  { flatLam: 0.95, lamTurn: 0.95, lamSeg: 0.95 },
];

/** The critic the estimators see. `high` is V_H(s), `low` V_L(s, g), `term` V_T(s, g_prev) = V_flat. */
interface ValueTable {
  high: (s: number) => number;
  low: (s: number, g: number) => number;
  term: (s: number, gPrev: number) => number;
}

function exactTable(chain: ChainK): ValueTable {
  const { Q, V, U } = chain.exactValues();
  const K = chain.K;
  return { high: (s) => V[s] as number, low: (s, g) => Q[s * K + g] as number, term: (s, g) => U[s * K + g] as number };
}

/** Tabular least squares = per-cell mean of the Monte-Carlo return; unseen cells fall back to the state's mean. */
function learnedTable(chain: ChainK, episodes: readonly ChainKTurn[][]): ValueTable {
  const { K, states, gamma } = chain;
  const cell = () => ({ sum: new Float64Array(states * K), n: new Float64Array(states * K) });
  const [high, low, term] = [cell(), cell(), cell()];
  const state = { sum: new Float64Array(states), n: new Float64Array(states) };
  const add = (table: { sum: Float64Array; n: Float64Array }, index: number, x: number) => {
    table.sum[index] = (table.sum[index] as number) + x;
    table.n[index] = (table.n[index] as number) + 1;
  };
  for (const episode of episodes) {
    let G = 0;
    for (let t = episode.length - 1; t >= 0; t--) {
      const turn = episode[t] as ChainKTurn;
      G = turn.reward + gamma * G;
      add(state, turn.s, G);
      add(low, turn.s * K + turn.g, G);
      if (turn.q) add(high, turn.s * K, G); // V_H(s) lives in column 0
      if (t >= 1) add(term, turn.s * K + turn.gPrev, G);
    }
  }
  const stateMean = (s: number) => ((state.n[s] as number) > 0 ? (state.sum[s] as number) / (state.n[s] as number) : 0);
  const read = (table: { sum: Float64Array; n: Float64Array }, index: number, s: number) =>
    (table.n[index] as number) > 0 ? (table.sum[index] as number) / (table.n[index] as number) : stateMean(s);
  return { high: (s) => read(high, s * K, s), low: (s, g) => read(low, s * K + g, s), term: (s, g) => read(term, s * K + g, s) };
}

/** Sums and sums of squares of per-episode gradients, per coordinate. */
class GradientMoments {
  readonly sum: Float64Array;
  readonly sumSq: Float64Array;
  n = 0;
  constructor(readonly dims: number) {
    this.sum = new Float64Array(dims);
    this.sumSq = new Float64Array(dims);
  }
  add(gradient: Float64Array): void {
    for (let c = 0; c < this.dims; c++) {
      const x = gradient[c] as number;
      this.sum[c] = (this.sum[c] as number) + x;
      this.sumSq[c] = (this.sumSq[c] as number) + x * x;
    }
    this.n++;
  }
  mean(c: number): number {
    return (this.sum[c] as number) / this.n;
  }
  variance(c: number): number {
    const m = this.mean(c);
    return (((this.sumSq[c] as number) / this.n - m * m) * this.n) / (this.n - 1);
  }
  trace(from: number, to: number): number {
    let total = 0;
    for (let c = from; c < to; c++) total += this.variance(c);
    return total;
  }
}

interface Row {
  K: number;
  M: number;
  gamma: number;
  setting: (typeof SETTINGS)[number];
  values: "exact" | "learned";
  action: number;
  subgoal: number;
  switch: number;
  total: number;
  maxMeanDiff: number;
  maxZ: number;
}

function measure(chain: ChainK, episodes: readonly ChainKTurn[][], table: ValueTable, valuesName: Row["values"]): Row[] {
  const { K, states, actions, gamma } = chain;
  const lowSize = states * K * actions;
  const highOffset = lowSize;
  const switchOffset = lowSize + states * K;
  const dims = switchOffset + states * K;

  const haeInput: HaeTurnIn[] = episodes.flatMap((episode, e) =>
    episode.map((turn, t) => ({
      trajId: `e${e}`,
      turnIdx: t,
      envReward: turn.reward,
      done: turn.done,
      valid: true,
      isNewSubgoal: turn.q,
      subgoalTokenIds: [turn.g],
      hasActionTokens: true,
      hasSubgoalSpan: true,
      hasSwitchSpan: true,
      vHigh: table.high(turn.s),
      vLow: table.low(turn.s, turn.g),
      vTerm: t === 0 ? table.high(turn.s) : table.term(turn.s, turn.gPrev),
    })),
  );
  const flatInput = episodes.map((episode) => ({
    rewards: episode.map((turn) => turn.reward),
    values: episode.map((turn, t) => (t === 0 ? table.high(turn.s) : table.term(turn.s, turn.gPrev))),
    dones: episode.map((turn) => turn.done),
  }));

  /** Adds A·∇log π of the turn's three decisions to `gradient` (each with its own advantage). */
  const addTurn = (gradient: Float64Array, turn: ChainKTurn, t: number, aSwitch: number, aSubgoal: number | null, aAction: number) => {
    const { s, g, a, gPrev, q } = turn;
    if (t >= 1) gradient[switchOffset + s * K + gPrev] = (gradient[switchOffset + s * K + gPrev] as number) + ((q ? 1 : 0) - (chain.beta[s * K + gPrev] as number)) * aSwitch;
    if (q && aSubgoal !== null) {
      for (let h = 0; h < K; h++) {
        const score = (h === g ? 1 : 0) - (chain.piHigh[s * K + h] as number);
        gradient[highOffset + s * K + h] = (gradient[highOffset + s * K + h] as number) + score * aSubgoal;
      }
    }
    const base = (s * K + g) * actions;
    for (let b = 0; b < actions; b++) {
      const score = (b === a ? 1 : 0) - (chain.piLow[base + b] as number);
      gradient[base + b] = (gradient[base + b] as number) + score * aAction;
    }
  };

  const rows: Row[] = [];
  for (const setting of SETTINGS) {
    const hae = computeHae(haeInput, { gamma, lamTurn: setting.lamTurn, lamSeg: setting.lamSeg, normAdv: false, invalidPenalty: 0 });
    const flat = turnGaeBatch(flatInput, { gamma, lam: setting.flatLam, normAdv: false }).advantages;
    const [haeMoments, flatMoments] = [new GradientMoments(dims), new GradientMoments(dims)];
    const [haeGradient, flatGradient] = [new Float64Array(dims), new Float64Array(dims)];
    let offset = 0;
    episodes.forEach((episode, e) => {
      haeGradient.fill(0);
      flatGradient.fill(0);
      episode.forEach((turn, t) => {
        const out = hae[offset + t] as (typeof hae)[number];
        addTurn(haeGradient, turn, t, out.aTerm, out.aHigh, out.aLow);
        const A = flat[e]?.[t] as number;
        addTurn(flatGradient, turn, t, A, A, A);
      });
      offset += episode.length;
      haeMoments.add(haeGradient);
      flatMoments.add(flatGradient);
    });

    const ratio = (from: number, to: number) => haeMoments.trace(from, to) / flatMoments.trace(from, to);
    let [maxMeanDiff, maxZ] = [0, 0];
    for (let c = 0; c < dims; c++) {
      const diff = Math.abs(haeMoments.mean(c) - flatMoments.mean(c));
      const se = Math.sqrt((haeMoments.variance(c) + flatMoments.variance(c)) / episodes.length);
      maxMeanDiff = Math.max(maxMeanDiff, diff);
      if (se > 0) maxZ = Math.max(maxZ, diff / se);
    }
    rows.push({
      K,
      M: chain.M,
      gamma,
      setting,
      values: valuesName,
      action: ratio(0, lowSize),
      subgoal: ratio(highOffset, switchOffset),
      switch: ratio(switchOffset, dims),
      total: ratio(0, dims),
      maxMeanDiff,
      maxZ,
    });
  }
  return rows;
}

const started = performance.now();
const rows: Row[] = [];
for (const K of GRID.K) {
  for (const M of GRID.M) {
    for (const gamma of GRID.gamma) {
      const chain = new ChainK({ K, M, gamma });
      const random = new SeededRandom(1000 * K + 10 * M + (gamma === 1 ? 1 : 0));
      const fit = Array.from({ length: FIT_EPISODES }, () => chain.sampleEpisode(random));
      const episodes = Array.from({ length: EPISODES }, () => chain.sampleEpisode(random));
      rows.push(...measure(chain, episodes, exactTable(chain), "exact"));
      rows.push(...measure(chain, episodes, learnedTable(chain, fit), "learned"));
      console.error(`done: K=${K} M=${M} γ=${gamma} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  }
}

const cpus = os.cpus();
console.log(`Machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, Node ${process.version}`);
console.log(`Chain-K, ${EPISODES.toLocaleString("en-US")} episodes per cell, learned values fitted on ${FIT_EPISODES.toLocaleString("en-US")} others; ${((performance.now() - started) / 1000).toFixed(0)} s in all.\n`);
for (const values of ["exact", "learned"] as const) {
  console.log(`### ${values} values: variance ratio HAE / flat (trace of the gradient covariance)\n`);
  console.log("| K | M | γ | flat λ | HAE λ_turn, λ_seg | action | subgoal | switch | total | max abs mean diff | max abs z |");
  console.log("|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
  for (const row of rows.filter((r) => r.values === values)) {
    const { setting } = row;
    console.log(
      `| ${row.K} | ${row.M} | ${row.gamma} | ${setting.flatLam} | ${setting.lamTurn}, ${setting.lamSeg} | ${row.action.toFixed(3)} | ${row.subgoal.toFixed(3)} | ${row.switch.toFixed(3)} | **${row.total.toFixed(3)}** | ${row.maxMeanDiff.toExponential(2)} | ${row.maxZ.toFixed(1)} |`,
    );
  }
  console.log();
}
