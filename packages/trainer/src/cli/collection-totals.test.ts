import { describe, expect, it } from "vitest";
import { CollectionTotals, collectionTotals, renderCollectionTotals, type EpisodeOutcome } from "./collection-totals.js";

const labels = { env: "toy", policy: "openai:m", trajectories: "out/trajectories.jsonl", collectedNow: 2 };
const outcomes: EpisodeOutcome[] = [
  { won: true, status: "done", usage: { promptTokens: 1000, completionTokens: 100 } },
  { won: false, status: "truncated", usage: { promptTokens: 3000, completionTokens: 300 } },
  { won: false, status: "failed", error: "policy failed at turn 0: 400" },
  { won: false, status: "failed", error: "reset failed: down" },
  { won: false, status: "failed", error: "policy failed at turn 0: 400" },
];

describe("collectionTotals", () => {
  it("sums the whole file, groups failures by reason and prices the tokens", () => {
    const totals = CollectionTotals.parse(collectionTotals(outcomes, labels, { input: 2.5, output: 10 }));
    expect(totals).toMatchObject({ episodes: 5, collected_now: 2, won: 1, success_rate: 0.2, failed: 3, prompt_tokens: 4000, completion_tokens: 400 });
    expect(totals.failure_reasons).toEqual([
      { reason: "policy failed at turn 0: 400", episodes: 2 },
      { reason: "reset failed: down", episodes: 1 },
    ]);
    expect(totals.cost_usd).toBeCloseTo((4000 * 2.5 + 400 * 10) / 1e6, 12);
    expect(renderCollectionTotals(totals)).toMatch(/cost \(USD\)\s+│ 0\.0140/);
  });

  it("says how to get the cost when no price is given", () => {
    const totals = collectionTotals(outcomes, labels, {});
    expect(totals.cost_usd).toBeUndefined();
    expect(renderCollectionTotals(totals)).toMatch(/give --input-price and --output-price/);
  });
});
