/**
 * The learning comparison of issue 6 on real ALFWorld: from one warm-start checkpoint, train with
 * each estimator (same seeds, same number of episodes per iteration, same iterations), evaluate
 * the warm start and every final policy on all valid_seen games, and write the success table and
 * the learning curve (success vs environment steps).
 *
 *   npx tsx bench/learning/alfworld-learning.ts --warm runs/learn/warm/warm-start --out runs/learn \
 *     --iterations 15 --envs-per-iter 16 --parallel 2
 *
 * Run it again on the same --out with more --iterations to continue every run (from its checkpoint).
 * --seed picks the RL seed (task draws and sampling); the warm start and the evaluation stay fixed.
 * --skip-warm-eval leaves the warm start out (when another run on the same --warm has evaluated it).
 * --critic-coef weighs the value heads' loss beside the actor's on the shared trunk (default: hiper train's).
 * --critic separate trains the value heads on their own model (--critic-lr its learning rate,
 * --critic-layers its depth).
 * --svg names the learning curve's file (default: learning-curve.svg under --out).
 * It drives the built `hiper` command (npm run build first). Hours of CPU: not part of `npm run bench`.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { EvaluationReport, LengthSplit } from "@hiper/trainer";
import { type Curve, learningCurveSvg, smoothedSuccess } from "./learning-curve-svg.js";

const { values: args } = parseArgs({
  options: {
    warm: { type: "string" },
    out: { type: "string", default: "runs/learn" },
    games: { type: "string", default: "../shared/data/alfworld/train.tgz" },
    "eval-games": { type: "string", default: "../shared/data/alfworld/valid_seen.tgz" },
    "eval-episodes": { type: "string", default: "140" },
    iterations: { type: "string", default: "15" },
    "envs-per-iter": { type: "string", default: "16" },
    algos: { type: "string", default: "hiper,gigpo,grpo,ppo" },
    seed: { type: "string", default: "0" },
    "critic-coef": { type: "string" },
    critic: { type: "string" },
    "critic-lr": { type: "string" },
    "critic-layers": { type: "string" },
    "skip-warm-eval": { type: "boolean", default: false },
    parallel: { type: "string", default: "2" },
    svg: { type: "string" },
  },
});
if (!args.warm) throw new Error("--warm <warm-start checkpoint dir> is required");
const bin = fileURLToPath(new URL("../../packages/trainer/dist/cli/main.js", import.meta.url));
const algos = (args.algos as string).split(",");
const out = args.out as string;
const svg = args.svg ?? join(out, "learning-curve.svg");

/** Runs `hiper …`, teeing its output to a log file; resolves with stdout. */
function hiper(argv: string[], log: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...argv], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => {
      writeFileSync(log, `$ hiper ${argv.join(" ")}\n${stdout}\n${stderr}`);
      if (code === 0) resolve(stdout);
      else reject(new Error(`hiper ${argv[0]} exited with ${code}: see ${log}`));
    });
  });
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: size }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

const evaluations: Record<string, EvaluationReport["summary"]> = {};

/** Evaluates one checkpoint on the evaluation games; keeps its summary beside the logs. */
async function evaluate(label: string, dir: string): Promise<void> {
  const file = label.replace(" ", "-");
  const stdout = await hiper(
    ["eval", "--env", "alfworld", "--policy", `ckpt:${dir}`, "--games", args["eval-games"] as string, "--episodes", args["eval-episodes"] as string, "--json"],
    join(out, `${file}.eval.log`),
  );
  evaluations[label] = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as EvaluationReport["summary"];
  writeFileSync(join(out, `${file}.eval.json`), `${JSON.stringify(evaluations[label])}\n`);
}

const started = Date.now();
const minutes: Record<string, number> = {};
// Each run is evaluated as soon as it is trained, so evaluations overlap the other runs' training;
// the warm start goes last.
await pool(args["skip-warm-eval"] ? algos : [...algos, "warm start"], Number(args.parallel), async (algo) => {
  if (algo === "warm start") return evaluate(algo, args.warm as string);
  const dir = join(out, algo);
  const begin = Date.now();
  const resume = existsSync(join(dir, "config.json"));
  await hiper(
    resume
      ? ["train", "--resume", dir, "--iterations", args.iterations as string]
      : ["train", "--env", "alfworld", "--games", args.games as string, "--algo", algo, "--warm-start", `ckpt:${args.warm}`,
         "--iterations", args.iterations as string, "--envs-per-iter", args["envs-per-iter"] as string,
         "--group", algo === "grpo" || algo === "gigpo" ? "4" : "1", "--seed", args.seed as string,
         ...(args["critic-coef"] ? ["--critic-coef", args["critic-coef"]] : []),
         ...(args.critic ? ["--critic", args.critic] : []),
         ...(args["critic-lr"] ? ["--critic-lr", args["critic-lr"]] : []),
         ...(args["critic-layers"] ? ["--critic-layers", args["critic-layers"]] : []), "--out", dir],
    join(out, `${algo}.train.log`),
  );
  minutes[algo] = (Date.now() - begin) / 60_000;
  process.stderr.write(`${algo}: trained in ${minutes[algo]?.toFixed(1)} min\n`);
  await evaluate(algo, join(dir, "checkpoint"));
});

const columns = ["Pick", "Look", "Clean", "Heat", "Cool", "Pick2"];
const typeOf: Record<string, string> = {
  pick_and_place_simple: "Pick", look_at_obj_in_light: "Look", pick_clean_then_place_in_recep: "Clean",
  pick_heat_then_place_in_recep: "Heat", pick_cool_then_place_in_recep: "Cool", pick_two_obj_and_place: "Pick2",
};
const pct = (x: unknown) => (typeof x === "number" ? `${(100 * x).toFixed(1)}` : "-");
/** A length group's success, or "-" when no game falls in it (valid_seen has none over 15 expert steps). */
const groupPct = (group: LengthSplit["short"] | undefined) => (group && group.episodes > 0 ? pct(group.success_rate) : "-");
const lines = [
  `| policy | ${columns.join(" | ")} | All | ≤15 | >15 | mean steps | RL env steps | train min |`,
  `|---|${columns.map(() => "---:").join("|")}|---:|---:|---:|---:|---:|---:|`,
];
const curves: Curve[] = [];
for (const label of ["warm start", ...algos]) {
  const summary = evaluations[label];
  if (!summary) continue;
  const byColumn = Object.fromEntries(Object.entries(summary.by_task).map(([type, row]) => [typeOf[type] ?? type, row.success_rate]));
  const metricsPath = join(out, label, "metrics.jsonl");
  const metrics = existsSync(metricsPath) ? readFileSync(metricsPath, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { env_steps: number; success_rate: number }) : [];
  if (metrics.length > 0) curves.push({ label, points: smoothedSuccess(metrics) });
  lines.push(
    `| ${label} | ${columns.map((column) => pct(byColumn[column])).join(" | ")} | **${pct(summary.success_rate)}** | ${groupPct(summary.by_length?.short)} | ${groupPct(summary.by_length?.long)} | ${summary.mean_steps.toFixed(1)} | ${metrics.at(-1)?.env_steps ?? 0} | ${minutes[label]?.toFixed(1) ?? "-"} |`,
  );
}
writeFileSync(svg, learningCurveSvg(curves, "ALFWorld (real train games): training success vs environment steps"));
process.stdout.write(`${lines.join("\n")}\n\nlearning curve: ${svg}\ntotal ${((Date.now() - started) / 60_000).toFixed(1)} min\n`);
