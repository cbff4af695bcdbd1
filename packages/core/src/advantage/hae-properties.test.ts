import { describe, expect, it } from "vitest";
import { SeededRandom } from "../util/seeded-random.js";
import { computeHae } from "./hae.js";
import type { HaeTurnIn } from "./hae-turn.js";
import { turnGae } from "./turn-gae.js";

const random = new SeededRandom(42);
const uniform = (low: number, high: number) => low + (high - low) * random.next();

/** A random trajectory: 1–12 turns, ends done or truncated, random rewards, values and switches. */
function randomTrajectory(trajId: string, switches: (t: number) => boolean): HaeTurnIn[] {
  const T = 1 + random.int(12);
  const done = random.next() < 0.6;
  return Array.from({ length: T }, (_, t) => ({
    trajId,
    turnIdx: t,
    envReward: random.int(4) === 0 ? 10 : uniform(-1, 1),
    done: done && t === T - 1,
    valid: random.next() < 0.8,
    isNewSubgoal: switches(t),
    subgoalTokenIds: [random.int(3)],
    hasActionTokens: true,
    hasSubgoalSpan: random.next() < 0.9,
    hasSwitchSpan: random.next() < 0.9,
    vHigh: uniform(-5, 10),
    vLow: uniform(-5, 10),
    vTerm: uniform(-5, 10),
  }));
}

const NO_SHAPING = { keepPenalty: 0, keepConsistencyPenalty: 0, invalidPenalty: 0, normAdv: false } as const;

describe("HAE properties (seeded random trajectories)", () => {
  it("all SWITCH: A^H equals turn_gae(γ, λ_seg) on V_H; A^L and A^T are one-step TD errors (§4.1)", () => {
    for (let trial = 0; trial < 300; trial++) {
      const traj = randomTrajectory("t", () => true);
      const gamma = uniform(0.5, 1);
      const lamSeg = uniform(0, 1);
      const out = computeHae(traj, { ...NO_SHAPING, gamma, lamSeg, lamTurn: uniform(0, 1) });
      const flat = turnGae(
        { rewards: traj.map((t) => t.envReward), values: traj.map((t) => t.vHigh), dones: traj.map((t) => t.done) },
        { gamma, lam: lamSeg },
      );
      traj.forEach((turn, t) => {
        const notDone = turn.done ? 0 : 1;
        const nextHigh = t + 1 < traj.length ? traj[t + 1]!.vHigh : 0;
        expect(out[t]!.aHigh).toBeCloseTo(flat.advantages[t]!, 9);
        expect(out[t]!.aLow).toBeCloseTo(turn.envReward + gamma * notDone * nextHigh - turn.vLow, 9);
        expect(out[t]!.aTerm).toBeCloseTo(turn.envReward + gamma * notDone * nextHigh - turn.vTerm, 9);
      });
    }
  });

  it("all SWITCH with bootstrapTruncated: only a truncated last turn differs, by γ·V_H(last)", () => {
    for (let trial = 0; trial < 100; trial++) {
      const traj = randomTrajectory("t", () => true).map((turn) => ({ ...turn, done: false }));
      const gamma = uniform(0.5, 1);
      const off = computeHae(traj, { ...NO_SHAPING, gamma, bootstrapTruncated: false });
      const on = computeHae(traj, { ...NO_SHAPING, gamma, bootstrapTruncated: true });
      const last = traj.length - 1;
      expect(on[last]!.aHigh! - off[last]!.aHigh!).toBeCloseTo(gamma * traj[last]!.vHigh, 9);
      for (let t = 0; t < last; t++) expect(on[t]!.aLow).toBeCloseTo(off[t]!.aLow, 12);
    }
  });

  it("one segment: A^L equals turn_gae(γ, λ_turn) on V_L", () => {
    for (let trial = 0; trial < 300; trial++) {
      const traj = randomTrajectory("t", (t) => t === 0);
      const gamma = uniform(0.5, 1);
      const lamTurn = uniform(0, 1);
      const out = computeHae(traj, { ...NO_SHAPING, gamma, lamTurn });
      const flat = turnGae(
        { rewards: traj.map((t) => t.envReward), values: traj.map((t) => t.vLow), dones: traj.map((t) => t.done) },
        { gamma, lam: lamTurn },
      );
      traj.forEach((_, t) => expect(out[t]!.aLow).toBeCloseTo(flat.advantages[t]!, 9));
    }
  });

  it("the 'return' switch advantage does not depend on λ_turn or λ_seg", () => {
    for (let trial = 0; trial < 100; trial++) {
      const traj = randomTrajectory("t", () => random.next() < 0.4);
      const a = computeHae(traj, { ...NO_SHAPING, lamTurn: 1, lamSeg: 1 });
      const b = computeHae(traj, { ...NO_SHAPING, lamTurn: 0, lamSeg: 0.3 });
      traj.forEach((_, t) => expect(a[t]!.aTerm).toBe(b[t]!.aTerm));
    }
  });

  it("a shuffled batch gives the same result per turn, normalisation and penalties included", () => {
    for (let trial = 0; trial < 50; trial++) {
      const batch = Array.from({ length: 1 + random.int(6) }, (_, k) => randomTrajectory(`t${k}`, () => random.next() < 0.4)).flat();
      const config = { keepPenalty: -0.3, keepConsistencyPenalty: -0.3, normAdv: true } as const;
      const base = computeHae(batch, config);
      const order = random.shuffle(batch.map((_, i) => i));
      const shuffled = computeHae(order.map((i) => batch[i]!), config);
      order.forEach((original, position) => {
        const [x, y] = [shuffled[position]!, base[original]!];
        expect(x.aLow).toBeCloseTo(y.aLow, 9);
        expect(x.aTerm).toBeCloseTo(y.aTerm, 9);
        expect(x.aHigh === null).toBe(y.aHigh === null);
        expect(x.aHigh ?? 0).toBeCloseTo(y.aHigh ?? 0, 9);
        expect(x.retLow).toBeCloseTo(y.retLow, 9);
      });
    }
  });
});
