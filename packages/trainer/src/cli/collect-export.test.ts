import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EpisodeRecord, readTrajectories, renderPrompt } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { bin, hiper } from "../test-support/hiper-bin.js";
import { canonicalResponse } from "../data/turn-sequence.js";
import { OpenAIChatExample } from "../export/openai-chat-example.js";
import { CollectionConfig } from "./collection-config.js";
import { CollectionTotals } from "./collection-totals.js";


const lastJson = (stdout: string): unknown => JSON.parse(stdout.trim().split("\n").at(-1) ?? "");
const fileLines = (path: string): string[] => readFileSync(path, "utf8").split("\n");
const isEpisodeLine = (line: string): boolean => {
  try {
    return EpisodeRecord.safeParse(JSON.parse(line)).success;
  } catch {
    return false;
  }
};
const tempDir = (name: string) => mkdtemp(join(tmpdir(), `hiper-${name}-`));
const ids = (episodes: readonly EpisodeRecord[]) => episodes.map((e) => e.trajectoryId).sort();
const expectedIds = (n: number) => Array.from({ length: n }, (_, i) => `alfworld/seed-${i}/r0`).sort();

/**
 * A stand-in OpenAI server: answers every chat completion with one fixed valid turn and a known
 * usage, or with a 400 (not retried) while `failing` is set.
 */
async function withChatServer(use: (server: { url: string; setFailing: (failing: boolean) => void; requests: () => number }) => Promise<void>): Promise<void> {
  let failing = false;
  let requests = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      requests += 1;
      response.setHeader("content-type", "application/json");
      if (failing) {
        response.statusCode = 400;
        response.end(JSON.stringify({ error: { message: "stub refuses" } }));
        return;
      }
      const content = "<switch>SWITCH</switch>\n<subgoal>look around</subgoal>\n<action>look</action>";
      response.end(
        JSON.stringify({
          id: "stub",
          object: "chat.completion",
          created: 0,
          model: "stub",
          choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
          usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await use({ url: `http://127.0.0.1:${port}/v1`, setFailing: (value) => (failing = value), requests: () => requests });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe.skipIf(!existsSync(bin))("hiper collect and hiper export", () => {
  it("a collection killed with SIGKILL resumes without losing or repeating a finished episode", async () => {
    const out = await tempDir("collect-kill");
    const file = join(out, "trajectories.jsonl");
    const episodes = 1000;
    const args = ["collect", "--env", "alfworld", "--policy", "expert", "--episodes", String(episodes), "--out", out];

    const child = spawn(process.execPath, [bin, ...args], { stdio: "ignore" });
    const exit = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    const countLines = () => (existsSync(file) ? readFileSync(file, "utf8").split("\n").length - 1 : 0);
    while (countLines() < 40) await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill("SIGKILL");
    expect(await exit).toBe("SIGKILL");

    // Every complete line on disk at the kill is a finished episode; the last line may be torn.
    const finishedBefore = fileLines(file).filter(isEpisodeLine);
    expect(finishedBefore.length).toBeGreaterThanOrEqual(40);
    expect(finishedBefore.length).toBeLessThan(episodes);

    const resumed = await hiper([...args, "--success-only", "--json"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`resuming .*: ${finishedBefore.length} episode\\(s\\) already collected`));
    const totals = CollectionTotals.parse(lastJson(resumed.stdout));
    expect(totals).toMatchObject({ episodes, collected_now: episodes - finishedBefore.length, won: episodes, failed: 0 });

    const after = await readTrajectories(file);
    expect(ids(after.episodes)).toEqual(expectedIds(episodes));
    expect(fileLines(file).slice(0, finishedBefore.length)).toEqual(finishedBefore);
    const successful = await readTrajectories(join(out, "successful.jsonl"));
    expect(ids(successful.episodes)).toEqual(expectedIds(episodes));
    expect(CollectionConfig.parse(JSON.parse(await readFile(join(out, "collect.json"), "utf8")))).toMatchObject({ env: "alfworld", policy: "expert", episodes });
  }, 120_000);

  it("grows a collection, refuses other options with exit code 2, and --overwrite starts afresh", async () => {
    const out = await tempDir("collect-grow");
    const base = ["collect", "--env", "alfworld", "--policy", "expert", "--out", out, "--json"];
    expect((await hiper([...base, "--episodes", "3"])).code).toBe(0);
    const grown = await hiper([...base, "--episodes", "5"]);
    expect(CollectionTotals.parse(lastJson(grown.stdout))).toMatchObject({ collected_now: 2, episodes: 5 });

    for (const [flags, field] of [
      [["--seed", "7"], /seed: 0 there, 7 here/],
      [["--max-steps", "9"], /maxSteps: 50 there, 9 here/],
      [["-o", "maxSteps=9"], /envOptions: \{\} there, \{"maxSteps":9\} here/],
    ] as const) {
      const refused = await hiper([...base, "--episodes", "5", ...flags]);
      expect(refused.code, flags.join(" ")).toBe(2);
      expect(refused.stderr).toMatch(/^hiper: .* holds a collection made with other options/);
      expect(refused.stderr).toMatch(field);
      expect(refused.stderr).not.toMatch(/\n\s+at /);
    }
    const refusedPolicy = await hiper(["collect", "--env", "alfworld", "--policy", "random", "--out", out]);
    expect(refusedPolicy.code).toBe(2);
    expect(refusedPolicy.stderr).toMatch(/policy: "expert" there, "random" here/);

    const fresh = await hiper([...base, "--episodes", "2", "--seed", "7", "--overwrite"]);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(CollectionTotals.parse(lastJson(fresh.stdout))).toMatchObject({ collected_now: 2, episodes: 2 });
    expect(ids((await readTrajectories(join(out, "trajectories.jsonl"))).episodes)).toEqual(["alfworld/seed-7/r0", "alfworld/seed-8/r0"]);
  });

  it("records failed episodes with their reason, does not retry them, and totals tokens and cost", async () => {
    await withChatServer(async (server) => {
      const out = await tempDir("collect-openai");
      const file = join(out, "trajectories.jsonl");
      const args = (episodes: number) => ["collect", "--env", "alfworld", "--policy", "openai:stub", "--episodes", String(episodes), "--max-steps", "2", "--out", out, "--json"];
      const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: "test" };

      server.setFailing(true);
      const failing = await hiper(args(2), env);
      expect(failing.code, failing.stderr).toBe(3);
      const failedLines = fileLines(file).slice(0, 2);
      const failed = (await readTrajectories(file)).episodes;
      expect(failed.map((e) => [e.status, e.error])).toEqual([
        ["failed", expect.stringMatching(/^policy failed at turn 0: PolicyError: .*400/)],
        ["failed", expect.stringMatching(/^policy failed at turn 0: PolicyError: .*400/)],
      ]);
      expect(CollectionTotals.parse(lastJson(failing.stdout)).failure_reasons[0]?.episodes).toBe(2);

      server.setFailing(false);
      const before = server.requests();
      const resumed = await hiper([...args(4), "--input-price", "2", "--output-price", "10"], env);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toMatch(/2 episode\(s\) already collected, 2 of them failed \(kept, not retried\)/);
      // Two new episodes of two turns each: the failed ones were not asked again.
      expect(server.requests() - before).toBe(4);
      const totals = CollectionTotals.parse(lastJson(resumed.stdout));
      expect(totals).toMatchObject({ collected_now: 2, episodes: 4, failed: 2, prompt_tokens: 400, completion_tokens: 40 });
      expect(totals.cost_usd).toBeCloseTo((400 * 2 + 40 * 10) / 1e6, 12);
      expect(fileLines(file).slice(0, 2)).toEqual(failedLines);
      expect(ids((await readTrajectories(file)).episodes)).toEqual(expectedIds(4));
    });
  });

  it("exports the won episodes as OpenAI chat examples, rebuilt from the records", async () => {
    const out = await tempDir("export");
    expect((await hiper(["collect", "--env", "alfworld", "--policy", "expert", "--episodes", "4", "--out", out])).code).toBe(0);
    const { episodes } = await readTrajectories(join(out, "trajectories.jsonl"));
    const [first, second, third, fourth] = episodes;
    if (!first || !second || !third || !fourth) throw new Error("expected four episodes");
    expect(first.steps).toBeGreaterThanOrEqual(3);

    // A mixed file: two won episodes (one with an invalid turn), one lost, one failed.
    const invalidTurn = { ...second.turns[1]!, parsed: { ...second.turns[1]!.parsed, valid: false, reason: "missing_switch" as const } };
    const mixed = [
      first,
      { ...second, turns: second.turns.map((t) => (t.turnIndex === 1 ? invalidTurn : t)) },
      { ...third, won: false },
      { ...fourth, status: "failed" as const, error: "environment failed at turn 1: boom" },
    ];
    const input = join(out, "mixed.jsonl");
    await writeFile(input, mixed.map((e) => `${JSON.stringify(e)}\n`).join(""));

    const output = join(out, "chat.jsonl");
    const exported = await hiper(["export", "--in", input, "--format", "openai-chat", "--out", output]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/episodes: 2 used, 2 skipped \(1 not won, 1 failed\)/);
    const examples = fileLines(output)
      .filter((line) => line !== "")
      .map((line) => OpenAIChatExample.parse(JSON.parse(line)));
    expect(examples).toHaveLength(first.steps + second.steps - 1);
    expect(exported.stdout).toMatch(new RegExp(`examples: ${examples.length} written to .*; 1 invalid turn\\(s\\) skipped`));

    const turn = first.turns[2]!;
    const subgoal = turn.parsed.switch === "KEEP" ? turn.currentSubgoal : turn.parsed.subgoal;
    expect(examples[2]).toEqual({
      messages: [
        {
          role: "user",
          content: renderPrompt({
            envId: "alfworld",
            promptStyle: "alfworld",
            task: first.task,
            observation: { text: turn.observation, task: first.task, admissibleActions: turn.admissibleActions ?? [] },
            step: 2,
            history: first.turns.slice(0, 2).map((t) => ({ turn: t.turnIndex + 1, observation: t.observation, action: t.executedAction })),
            currentSubgoal: turn.currentSubgoal,
          }),
        },
        { role: "assistant", content: canonicalResponse({ switch: turn.parsed.switch as "KEEP" | "SWITCH", subgoal, action: turn.parsed.action }) },
      ],
    });
    expect(examples[2]?.messages[0].content).toMatch(/\[Observation 2: '/);

    const all = await hiper(["export", "--in", input, "--format", "openai-chat", "--out", output, "--all", "--history", "0"]);
    expect(all.stdout).toMatch(/episodes: 3 used, 1 skipped \(0 not won, 1 failed\)/);
    expect(readFileSync(output, "utf8")).not.toMatch(/\[Observation 1: /);
  });

  it("names the file and line of a broken input, and leaves no output behind", async () => {
    expect((await hiper(["collect", "--help"])).stdout).toMatch(/Failed episodes are kept there with their reason and are not retried/);
    expect((await hiper(["export", "--help"])).stdout).toMatch(/Usage: hiper export/);
    const out = await tempDir("export-broken");
    const input = join(out, "broken.jsonl");
    const output = join(out, "chat.jsonl");
    await writeFile(input, '{"schemaVersion":1,"hello":"not an episode"}\n');
    const broken = await hiper(["export", "--in", input, "--format", "openai-chat", "--out", output]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(new RegExp(`^hiper: ${input.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:1: not a HiPER episode record`));
    expect(broken.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(output)).toBe(false);
    expect(existsSync(`${output}.tmp`)).toBe(false);

    const missing = await hiper(["export", "--in", join(out, "none.jsonl"), "--format", "openai-chat", "--out", output]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/none\.jsonl cannot be read/);
  });
});
