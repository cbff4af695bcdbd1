/**
 * Load benchmark of `hiper serve`: p50/p99 latency and requests/s for 1, 8 and 32 concurrent
 * clients, with batching (one forward pass for the requests waiting, up to `--max-batch`) and
 * without (`--max-batch 1`). Each client sends the paper's ALFWorld prompts (explorer turns on generated
 * games, 12 history lines) one after another over HTTP; the server runs in its own process.
 *
 *   npx tsx bench/serve-load.ts [--checkpoint <dir>] [--clients 1,8,32] [--requests 12] [--max-batch 32,8,1]
 *
 * Without --checkpoint a model of the default training shape (d=128, 2 layers, context 320) is
 * warm-started for one short epoch first: decoding cost depends on the shape, not on the weights.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { recordedTurnInputs, renderPrompt, runRollouts } from "@hiper/core";
import { alfworldEnvironmentRegistration } from "@hiper/env-alfworld";

const { values } = parseArgs({
  options: {
    checkpoint: { type: "string" },
    clients: { type: "string", default: "1,8,32" },
    requests: { type: "string", default: "12" },
    "max-batch": { type: "string", default: "32,8,1" },
  },
});
const clientCounts = (values.clients ?? "").split(",").map(Number);
const requestsPerClient = Number(values.requests);
const bin = fileURLToPath(new URL("../packages/trainer/dist/cli/main.js", import.meta.url));
const HISTORY = 12;

function checkpointDir(): string {
  if (values.checkpoint) return values.checkpoint;
  const out = mkdtempSync(join(tmpdir(), "hiper-serve-bench-"));
  const trained = spawnSync(process.execPath, [bin, "train", "--env", "alfworld", "--iterations", "0", "--warm-start-episodes", "20", "--sft-epochs", "1", "--out", out], { stdio: ["ignore", "ignore", "inherit"] });
  if (trained.status !== 0) throw new Error("could not warm-start a model for the benchmark");
  return join(out, "warm-start");
}

/** The hosted prompts of explorer turns: what OpenAIPolicy sends. */
async function prompts(count: number): Promise<string[]> {
  const registration = alfworldEnvironmentRegistration;
  const explorer = registration.policies?.explorer;
  if (!explorer) throw new Error("alfworld has no explorer");
  const episodes = await runRollouts({
    envId: "alfworld",
    createEnvironment: () => registration.create({}),
    policy: (environment) => explorer.create({ environment, seed: 0 }),
    promptStyle: "alfworld",
    tasks: Array.from({ length: 40 }, (_, seed) => ({ seed: 900_000 + seed })),
    maxSteps: 50,
    historyLength: HISTORY,
  });
  const all = episodes.flatMap((episode) => [...recordedTurnInputs(episode, { promptStyle: "alfworld", historyLength: HISTORY })].map(({ input }) => renderPrompt(input)));
  return all.slice(0, count);
}

async function startServer(checkpoint: string, maxBatch: number): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [bin, "serve", "--checkpoint", checkpoint, "--port", "0", "--max-batch", String(maxBatch)], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = "";
    child.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = / at (http:\/\/\S+)\/v1/.exec(seen);
      if (match) resolve(match[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`hiper serve exited with ${code}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

async function complete(url: string, prompt: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "hiper-local", messages: [{ role: "user", content: prompt }] }),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  await response.json();
  return performance.now() - started;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;

async function load(url: string, texts: string[], clients: number) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < requestsPerClient; i++) latencies.push(await complete(url, texts[next++ % texts.length] as string));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), rps: latencies.length / seconds, requests: latencies.length };
}

const checkpoint = checkpointDir();
const texts = await prompts(400);
const rows: string[] = [];
const maxBatches = (values["max-batch"] ?? "").split(",").map(Number);
for (const maxBatch of maxBatches) {
  const label = maxBatch === 1 ? "unbatched" : `batched (≤${maxBatch})`;
  const server = await startServer(checkpoint, maxBatch);
  try {
    for (let i = 0; i < 4; i++) await complete(server.url, texts[i] as string);
    for (const clients of clientCounts) {
      const result = await load(server.url, texts, clients);
      rows.push(`| ${label} | ${clients} | ${result.requests} | ${result.p50.toFixed(0)} | ${result.p99.toFixed(0)} | ${result.rps.toFixed(1)} |`);
      process.stderr.write(`${label}, ${clients} clients: p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms, ${result.rps.toFixed(1)} req/s\n`);
    }
  } finally {
    server.stop();
  }
}
process.stdout.write(`checkpoint: ${checkpoint}; ${texts.length} distinct prompts\n\n`);
process.stdout.write("| server | clients | requests | p50 ms | p99 ms | requests/s |\n|---|---:|---:|---:|---:|---:|\n");
process.stdout.write(`${rows.join("\n")}\n`);
