import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTrajectories } from "@hiper/core";
import { alfworldEnvironmentRegistration as alfworld } from "@hiper/env-alfworld";
import { loadLocalPolicy, runTraining, selectBackend, servePolicy } from "@hiper/trainer";
import { describe, expect, it } from "vitest";
import { hostedToLocal } from "../src/hosted-to-local.js";

// No key or network here: the "hosted" model is a small explorer clone behind our own server,
// which speaks the same OpenAI API as a vLLM or OpenAI endpoint would.
describe("examples/hosted-to-local", () => {
  it("collects from an OpenAI-compatible endpoint, trains locally with HAE, serves the result and runs the agent on it", async () => {
    await selectBackend({ backend: "wasm" });
    const dir = await mkdtemp(join(tmpdir(), "hiper-hosted-to-local-"));
    const model = { modelDim: 16, layers: 1, contextLength: 160 };
    const standIn = await runTraining({
      registration: alfworld,
      outDir: join(dir, "stand-in"),
      config: { env: alfworld.id, iterations: 0, model, warmStart: { episodes: 6, epochs: 2 } },
      warmStart: { kind: "policy", name: "explorer" },
    });
    const hostedPolicy = await loadLocalPolicy(standIn.warmStartDir, { temperature: 1 });
    const hosted = await servePolicy({ policy: hostedPolicy, modelName: "stand-in", apiKey: "k" });
    try {
      const result = await hostedToLocal({
        hosted: { baseURL: `${hosted.url}/v1`, apiKey: "k", model: "stand-in" },
        outDir: join(dir, "loop"),
        episodes: 4,
        // A stand-in this small rarely wins, so clone every finished episode, not just the won ones.
        config: { iterations: 1, envsPerIter: 2, maxSteps: 6, model, warmStart: { epochs: 1, successOnly: false } },
        servedEpisodes: 2,
      });
      const { episodes } = await readTrajectories(result.trajectories);
      expect(episodes).toHaveLength(4);
      expect(episodes.every((episode) => episode.turns.every((turn) => (turn.tokens?.ids.length ?? 0) > 0))).toBe(true);
      expect(result.collected.episodes).toBe(4);
      expect(result.usage.completionTokens).toBeGreaterThan(0);
      expect(result.served).toMatchObject({ episodes: 2, failed: 0 });
    } finally {
      await hosted.close();
      await hostedPolicy.close();
    }
  }, 180_000);
});
