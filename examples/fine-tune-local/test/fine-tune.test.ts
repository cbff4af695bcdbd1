import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectAndScore } from "../../rollouts-to-advantages/src/collect-and-score.js";
import { fineTune } from "../src/fine-tune.js";

describe("examples/fine-tune-local", () => {
  it("clones collected explorer rollouts into a local policy, trains it with HAE and evaluates both", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hiper-fine-tune-"));
    const trajectories = join(dir, "explorer.jsonl");
    await collectAndScore({ out: trajectories, tasks: 4, group: 1, algo: "hiper" });
    const result = await fineTune({
      trajectories,
      outDir: join(dir, "run"),
      config: { iterations: 2, envsPerIter: 4, maxSteps: 8, model: { modelDim: 16, layers: 1, contextLength: 128 }, warmStart: { epochs: 1 } },
      evalEpisodes: 3,
    });
    expect(["gpu", "native", "wasm", "cpu"]).toContain(result.backend);
    expect(result.metrics.map((m) => m.iteration)).toEqual([1, 2]);
    expect(result.metrics[1]?.env_steps).toBeGreaterThan(result.metrics[0]?.env_steps ?? 0);
    for (const rate of [result.before, result.after]) expect(rate).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
