import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTrajectories } from "@hiper/core";
import { afterAll, describe, expect, it } from "vitest";
import { bin, hiper } from "../test-support/hiper-bin.js";

const SMALL_MODEL = ["--model-dim", "16", "--layers", "1", "--context-length", "160"];

/** Starts `hiper serve` and resolves with its base URL once it listens. */
function startServe(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [bin, "serve", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = / at (http:\/\/\S+\/v1)/.exec(stdout);
      if (match) resolve({ child, url: match[1] as string });
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`hiper serve exited with ${code}: ${stderr}`)));
  });
}

describe.skipIf(!existsSync(bin))("hiper serve → hiper collect → hiper train", () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill("SIGTERM");
  });

  it("collects from our own served checkpoint through openai:<model>, and the warm start consumes what it wrote", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hiper-serve-collect-"));
    const first = await hiper(["train", "--env", "alfworld", "--iterations", "0", "--warm-start-episodes", "4", "--sft-epochs", "1", ...SMALL_MODEL, "--out", join(dir, "first"), "--backend", "wasm"]);
    expect(first.code, first.stderr).toBe(0);

    const served = await startServe(["--checkpoint", join(dir, "first", "warm-start"), "--port", "0", "--api-key", "secret", "--model-name", "served", "--backend", "wasm"]);
    children.push(served.child);
    const env = { OPENAI_BASE_URL: served.url, OPENAI_API_KEY: "secret" };
    const out = join(dir, "collected");
    const collected = await hiper(["collect", "--env", "alfworld", "--policy", "openai:served", "--episodes", "3", "--max-steps", "4", "--history", "12", "--out", out, "--json"], env);
    expect(collected.code, collected.stderr).toBe(0);
    const { episodes } = await readTrajectories(join(out, "trajectories.jsonl"));
    expect(episodes).toHaveLength(3);
    for (const episode of episodes) {
      expect(episode.status).not.toBe("failed");
      expect(episode.policyId).toBe("openai:served");
      for (const turn of episode.turns) {
        expect(turn.parsed.valid).toBe(true);
        expect(turn.tokens?.ids.length).toBeGreaterThan(0);
        expect(turn.tokens?.logprobs?.length).toBe(turn.tokens?.ids.length);
      }
    }
    const totals = JSON.parse(collected.stdout.trim().split("\n").at(-1) ?? "") as { prompt_tokens: number; completion_tokens: number };
    expect(totals.completion_tokens).toBe(episodes.reduce((sum, episode) => sum + (episode.usage?.completionTokens ?? 0), 0));

    // A wrong key is refused, and the collection records the failure instead of crashing.
    const refused = await hiper(["collect", "--env", "alfworld", "--policy", "openai:served", "--episodes", "1", "--max-steps", "2", "--out", join(dir, "refused")], { ...env, OPENAI_API_KEY: "wrong" });
    expect(refused.code).toBe(3);
    const { episodes: failed } = await readTrajectories(join(dir, "refused", "trajectories.jsonl"));
    expect(failed[0]?.error).toMatch(/401/);

    const second = await hiper(["train", "--env", "alfworld", "--iterations", "0", "--warm-start", join(out, "trajectories.jsonl"), "--clone-all", "--sft-epochs", "1", ...SMALL_MODEL, "--out", join(dir, "second"), "--backend", "wasm"]);
    expect(second.code, second.stderr).toBe(0);
    expect(existsSync(join(dir, "second", "warm-start"))).toBe(true);
  }, 180_000);
});
