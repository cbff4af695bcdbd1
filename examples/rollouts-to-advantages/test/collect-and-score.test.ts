import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTrajectories } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { collectAndScore } from "../src/collect-and-score.js";

describe("examples/rollouts-to-advantages", () => {
  it("collects grouped ALFWorld rollouts and scores every turn with HAE", async () => {
    const out = join(await mkdtemp(join(tmpdir(), "hiper-collect-")), "alfworld.jsonl");
    const result = await collectAndScore({ out, tasks: 4, group: 2, algo: "hiper" });
    const { episodes } = await readTrajectories(out);
    expect(episodes).toHaveLength(8);
    expect(new Set(episodes.map((e) => e.groupId)).size).toBe(4);
    expect(result.turns).toHaveLength(episodes.reduce((sum, e) => sum + e.steps, 0));
    // Every turn gets an action and a switch advantage; subgoal advantages sit on boundary turns only.
    for (const turn of result.turns) {
      expect(turn.blocks?.subgoal === null).toBe(!turn.isBoundary);
      expect(Number.isFinite(turn.blocks?.action)).toBe(true);
    }
    expect(result.warnings.map((w) => w.type).sort()).toEqual(["missing-tokens", "missing-values"]);
  });

  it("scores the same rollouts with a flat group baseline", async () => {
    const out = join(await mkdtemp(join(tmpdir(), "hiper-collect-")), "alfworld.jsonl");
    const result = await collectAndScore({ out, tasks: 3, group: 2, algo: "grpo" });
    expect(result.turns.every((turn) => typeof turn.advantage === "number" && turn.blocks === undefined)).toBe(true);
  });
});
