import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTrajectories, RunSummary } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { bin, hiper } from "../test-support/hiper-bin.js";

describe.skipIf(!existsSync(bin))("hiper command", () => {
  it("runs a plugin environment with its expert, saves trajectories and ends with a JSON summary", async () => {
    const out = join(await mkdtemp(join(tmpdir(), "hiper-cli-")), "house.jsonl");
    const result = await hiper(["run", "--require", "@hiper/example-custom-env", "--env", "house", "--policy", "expert", "--episodes", "6", "--group", "2", "--out", out, "--json"]);
    expect(result.code).toBe(0);
    const summary = RunSummary.parse(JSON.parse(result.stdout.trim().split("\n").at(-1) ?? ""));
    expect(summary).toMatchObject({ env: "house", policy: "expert", episodes: 6, success_rate: 1, failed: 0 });
    expect(result.stdout).toMatch(/│ all\s+│ 6\s+│ 100\.0%/);
    const { episodes } = await readTrajectories(out);
    expect(episodes.map((e) => e.groupId)).toEqual(["house/seed-0", "house/seed-0", "house/seed-1", "house/seed-1", "house/seed-2", "house/seed-2"]);
  });

  it("prints help for every command", async () => {
    for (const args of [["--help"], ["run", "--help"], ["env", "--help"], ["env", "list", "--help"]]) {
      const result = await hiper(args);
      expect(result.code, args.join(" ")).toBe(0);
      expect(result.stdout).toMatch(/Usage: hiper/);
    }
  });

  it("fails with a clear message, not a stack trace, on bad input", async () => {
    const unknown = await hiper(["run", "--env", "nowhere", "--policy", "random"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^hiper: unknown environment "nowhere"/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);

    const badCount = await hiper(["run", "--env", "house", "--policy", "random", "--episodes", "zero"]);
    expect(badCount.code).not.toBe(0);
    expect(badCount.stderr).toMatch(/expected a positive integer, got "zero"/);

    const badPolicy = await hiper(["run", "--require", "@hiper/example-custom-env", "--env", "house", "--policy", "oracle"]);
    expect(badPolicy.code).toBe(1);
    expect(badPolicy.stderr).toMatch(/unknown policy "oracle" for environment "house" \(known: openai:<model>, ckpt:<dir>, random, expert\)/);

    const badPlugin = await hiper(["run", "--require", "./no/such/module.js", "--env", "house", "--policy", "random"]);
    expect(badPlugin.code).toBe(1);
    expect(badPlugin.stderr).toMatch(/cannot load --require \.\/no\/such\/module\.js/);
  });

  /** Starts `hiper env serve` on a free port and gives its URL to `use`; stops the server afterwards. */
  async function withServer(serveArgs: string[], use: (url: string) => Promise<void>): Promise<void> {
    const server = spawn(process.execPath, [bin, "env", "serve", ...serveArgs, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        server.on("error", reject);
        server.stdout.setEncoding("utf8");
        server.stdout.on("data", (chunk: string) => {
          const found = /serving \S+ at (\S+)/.exec(chunk);
          if (found?.[1]) resolve(found[1]);
        });
      });
      await use(url);
    } finally {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.on("exit", resolve));
    }
  }

  it("serves an environment over AgentGym HTTP and runs episodes against it remotely", async () => {
    await withServer(["--require", "@hiper/example-custom-env", "--env", "house"], async (url) => {
      const result = await hiper(["run", "--env", "agentgym", "-o", `url=${url}`, "--policy", "random", "--episodes", "3", "--max-steps", "5", "--json"]);
      expect(result.code).toBe(0);
      const summary = RunSummary.parse(JSON.parse(result.stdout.trim().split("\n").at(-1) ?? ""));
      expect(summary).toMatchObject({ env: "agentgym", episodes: 3, failed: 0, mean_steps: 5 });
    });
  });

  it("serves WebShop over its own AgentGym protocol and plays it through the remote client", async () => {
    await withServer(["--env", "webshop", "-o", "products=200"], async (url) => {
      const result = await hiper(["run", "--env", "webshop-remote", "-o", `url=${url}`, "--policy", "random", "--episodes", "3", "--max-steps", "4", "--json"]);
      expect(result.code).toBe(0);
      const summary = RunSummary.parse(JSON.parse(result.stdout.trim().split("\n").at(-1) ?? ""));
      expect(summary).toMatchObject({ env: "webshop-remote", episodes: 3, failed: 0 });
      expect(summary.mean_steps).toBeGreaterThan(0);
    });
  });

  it("runs the WebShop expert on the embedded catalogue with a score", async () => {
    const result = await hiper(["run", "--env", "webshop", "--policy", "expert", "--episodes", "20", "--json"]);
    expect(result.code).toBe(0);
    const summary = RunSummary.parse(JSON.parse(result.stdout.trim().split("\n").at(-1) ?? ""));
    expect(summary.success_rate).toBeGreaterThanOrEqual(0.8);
    expect(summary.score).toBeGreaterThan(80);
  });

  it.each([
    { critic: "shared", flags: ["--critic-coef", "0.25"], saved: { criticCoef: 0.25, critic: "shared" } },
    { critic: "separate", flags: ["--critic", "separate", "--critic-lr", "0.002", "--critic-layers", "2"], saved: { critic: "separate", criticLearningRate: 0.002, criticLayers: 2 } },
  ])("trains a tiny local policy (critic $critic), and a run killed with SIGKILL resumes to the same metrics", async ({ flags, saved }) => {
    const root = await mkdtemp(join(tmpdir(), "hiper-train-"));
    const args = (out: string) => [
      "train", "--env", "alfworld", "--iterations", "3", "--envs-per-iter", "4", "--warm-start-episodes", "4", "--sft-epochs", "1",
      "--max-steps", "6", "--model-dim", "16", "--layers", "1", "--context-length", "128", ...flags, "--backend", "wasm", "--out", out,
    ];
    const learned = (dir: string) =>
      readFileSync(join(dir, "metrics.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((line) => {
          const { seconds, steps_per_second, decode_tokens_per_second, train_tokens_per_second, ...rest } = JSON.parse(line) as Record<string, unknown>;
          return rest;
        });

    const whole = join(root, "whole");
    const complete = await hiper([...args(whole), "--json"]);
    expect(complete.code, complete.stderr).toBe(0);
    expect(complete.stderr).toMatch(/backend: using wasm/);
    expect(complete.stdout).toMatch(/│ iter │ env steps │ success/);
    expect(JSON.parse(complete.stdout.trim().split("\n").at(-1) ?? "")).toMatchObject({ env: "alfworld", algo: "hiper", metrics: { iteration: 3 } });
    expect(JSON.parse(readFileSync(join(whole, "config.json"), "utf8"))).toMatchObject({ rl: { ...saved, learningRate: 1e-4 } });
    const manifest = JSON.parse(readFileSync(join(whole, "checkpoint", "checkpoint.json"), "utf8"));
    expect(manifest.critic?.model.layers).toBe(saved.critic === "separate" ? 2 : undefined);

    const killed = join(root, "killed");
    const child = spawn(process.execPath, [bin, ...args(killed)], { stdio: "ignore" });
    const exit = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    while (!existsSync(join(killed, "checkpoint", "checkpoint.json"))) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill("SIGKILL");
    expect(await exit).toBe("SIGKILL");
    const resumed = await hiper(["train", "--resume", killed, "--backend", "wasm"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming after iteration [12] of 3/);
    expect(learned(killed)).toEqual(learned(whole));

    const evaluated = await hiper(["eval", "--env", "alfworld", "--policy", `ckpt:${join(whole, "checkpoint")}`, "--episodes", "3", "--max-steps", "4", "--backend", "wasm", "--json"]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/│ All\s+│/);
    expect(RunSummary.parse(JSON.parse(evaluated.stdout.trim().split("\n").at(-1) ?? ""))).toMatchObject({ env: "alfworld", episodes: 3 });
  }, 180_000);

  it("records episodes against a dead remote server as failed, with the reason", async () => {
    const result = await hiper(["run", "--env", "agentgym", "-o", "url=http://127.0.0.1:9", "--policy", "random", "--episodes", "2", "--json"]);
    expect(result.code).toBe(3);
    const summary = RunSummary.parse(JSON.parse(result.stdout.trim().split("\n").at(-1) ?? ""));
    expect(summary).toMatchObject({ episodes: 2, failed: 2 });
    expect(result.stderr).toMatch(/failed agentgym\/seed-0\/r0: reset failed: EnvironmentError/);
  });

  it("benchmarks an environment and ends with the steps/s line", async () => {
    const result = await hiper(["env", "bench", "--require", "@hiper/example-custom-env", "--env", "house", "--steps", "2000", "--live", "20"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2000 steps, \d+ episodes in [\d.]+ s; memory [\d.-]+ KiB per live environment\nengine: \d+ steps\/s\n$/);
  });
});
