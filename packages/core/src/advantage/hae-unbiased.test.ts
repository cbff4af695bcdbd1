import { describe, expect, it } from "vitest";
import { SeededRandom } from "../util/seeded-random.js";
import { ChainK, type ChainKTurn } from "./fixtures/chain-k.js";
import { computeHae } from "./hae.js";
import type { HaeTurnIn, HaeTurnOut } from "./hae-turn.js";

/**
 * Theorem 4.2 in miniature (spec §4.2): with exact option values, HAE's three advantages have
 * the conditional means the theory says, for any (λ_turn, λ_seg). Chain-K with K = 2, M = 2;
 * 40,000 episodes as in the spec (about 1 s); cells with at least 2,000 samples;
 * |mean − target| within 4 standard errors (+1e-9 for cells where the advantage is constant).
 */
const EPISODES = 40_000;
const MIN_CELL = 2_000;

interface Sample {
  chain: ChainK;
  turns: ChainKTurn[];
  haeInput: HaeTurnIn[];
  Q: (s: number, g: number) => number;
  V: (s: number) => number;
  /** U(s′, g), 0 for the terminal state (−1). */
  U: (s: number, g: number) => number;
  beta: (s: number, g: number) => number;
}

function sample(gamma: number, seed: number): Sample {
  const chain = new ChainK({ K: 2, M: 2, gamma });
  const values = chain.exactValues();
  const { K } = chain;
  const random = new SeededRandom(seed);
  const episodes = Array.from({ length: EPISODES }, () => chain.sampleEpisode(random));
  return {
    chain,
    turns: episodes.flat(),
    haeInput: episodes.flatMap((episode, e) => chain.haeTurns(episode, values, `e${e}`)),
    Q: (s, g) => values.Q[s * K + g] as number,
    V: (s) => values.V[s] as number,
    U: (s, g) => (s < 0 ? 0 : (values.U[s * K + g] as number)),
    beta: (s, g) => chain.beta[s * K + g] as number,
  };
}

/** Running sums per cell, and the target its mean must hit. */
class Cells {
  private readonly cells = new Map<string, { n: number; sum: number; sumSq: number; target: number }>();
  add(key: string, x: number, target: number): void {
    const cell = this.cells.get(key) ?? { n: 0, sum: 0, sumSq: 0, target };
    cell.n++;
    cell.sum += x;
    cell.sumSq += x * x;
    this.cells.set(key, cell);
  }
  /** Cells with enough samples, and whether each mean is within 4·SE of its target. */
  checked(): { key: string; n: number; mean: number; target: number; se: number; ok: boolean }[] {
    return [...this.cells.entries()]
      .filter(([, cell]) => cell.n >= MIN_CELL)
      .map(([key, cell]) => {
        const mean = cell.sum / cell.n;
        const variance = (Math.max(cell.sumSq / cell.n - mean * mean, 0) * cell.n) / (cell.n - 1);
        const se = Math.sqrt(variance / cell.n);
        return { key, n: cell.n, mean, target: cell.target, se, ok: Math.abs(mean - cell.target) <= 4 * se + 1e-9 };
      });
  }
}

function identityCells({ chain, turns, Q, V, U, beta }: Sample, out: readonly HaeTurnOut[]) {
  const { gamma } = chain;
  const [low, high, term] = [new Cells(), new Cells(), new Cells()];
  turns.forEach(({ s, g, a, gPrev, q, sNext, reward }, i) => {
    const o = out[i] as HaeTurnOut;
    // E[A^L | s, g, a] = r(s, a) + γ·U(s′, g) − Q(s, g)   (s′ is deterministic given s, a)
    low.add(`s${s} g${g} a${a}`, o.aLow, reward + gamma * U(sNext, g) - Q(s, g));
    // E[A^H | s, g] on boundary turns = Q(s, g) − V(s)
    if (o.isBoundary) high.add(`s${s} g${g}`, o.aHigh as number, Q(s, g) - V(s));
    // E[A^T | s, g_prev, q] for t ≥ 1 = (q − β)(V(s) − Q(s, g_prev))
    if (gPrev >= 0) term.add(`s${s} gPrev${gPrev} q${q ? 1 : 0}`, o.aTerm, ((q ? 1 : 0) - beta(s, gPrev)) * (V(s) - Q(s, gPrev)));
  });
  return { low: low.checked(), high: high.checked(), term: term.checked() };
}

function expectIdentities(data: Sample, lamTurn: number, lamSeg: number): void {
  const out = computeHae(data.haeInput, { gamma: data.chain.gamma, lamTurn, lamSeg, normAdv: false, invalidPenalty: 0 });
  const cells = identityCells(data, out);
  // Enough cells for the check to mean something (this seed gives 22, 8 and 16).
  expect(cells.low.length).toBeGreaterThanOrEqual(20); // of 24 (s, g, a)
  expect(cells.high.length).toBe(8); // every (s, g)
  expect(cells.term.length).toBeGreaterThanOrEqual(14); // of 16 (s, g_prev, q)
  for (const cell of [...cells.low, ...cells.high, ...cells.term]) {
    expect(cell.ok, `${cell.key}: mean ${cell.mean} vs ${cell.target} (SE ${cell.se}, n ${cell.n})`).toBe(true);
  }
}

describe("HAE is unbiased with exact values on Chain-K (§4.2), γ = 0.95", () => {
  const data = sample(0.95, 20260218);
  const { chain, turns, Q, V, U } = data;

  it("the exact values are a fixed point of the option Bellman equations", () => {
    for (let s = 0; s < chain.states; s++) {
      for (let g = 0; g < chain.K; g++) {
        let q = 0;
        for (let a = 0; a < chain.actions; a++) {
          const { sNext, reward } = chain.transition(s, a);
          q += (chain.piLow[(s * chain.K + g) * chain.actions + a] as number) * (reward + chain.gamma * U(sNext, g));
        }
        expect(q).toBeCloseTo(Q(s, g), 10);
      }
    }
    expect(turns.filter((turn) => turn.done).length).toBe(EPISODES); // the 300-turn cap is never hit
  });

  for (const [lamTurn, lamSeg] of [
    [1, 0.95],
    [0, 0],
    [0.5, 1],
  ] as const) {
    it(`holds for λ_turn = ${lamTurn}, λ_seg = ${lamSeg} in every cell with ≥ ${MIN_CELL} samples`, () => {
      expectIdentities(data, lamTurn, lamSeg);
    });
  }

  it("negative control: bootstrapping the low level with V_Ω(s′) instead of U(s′, g) fails", () => {
    // The wrong estimator in its one-step form. Terminal transitions cannot tell the two apart
    // (U = V = 0 there), so they are left out.
    const { gamma } = chain;
    const wrong = new Cells();
    for (const { s, g, a, sNext, reward, done } of turns) {
      if (done) continue;
      wrong.add(`s${s} g${g} a${a}`, reward + gamma * V(sNext) - Q(s, g), reward + gamma * U(sNext, g) - Q(s, g));
    }
    const cells = wrong.checked();
    expect(cells.length).toBeGreaterThanOrEqual(15);
    expect(cells.filter((cell) => !cell.ok).length / cells.length).toBeGreaterThanOrEqual(0.75);
  });
});

describe("HAE is unbiased with exact values on Chain-K (§4.2), γ = 1", () => {
  it("holds for the default λ_turn = 1, λ_seg = 0.95", () => {
    expectIdentities(sample(1, 6), 1, 0.95);
  });
});
