/**
 * Summarises learning runs over seeds: reads a manifest that names, for each estimator (a row),
 * the run of every seed (its `<run>.eval.json` and `<run>.metrics.jsonl`, as
 * `alfworld-learning.ts` leaves them), and prints the valid_seen success per seed, the mean and its
 * standard error, the per-type means, and each row's per-seed difference from the first row on
 * the seeds both have. Writes the learning curve of the seed means (training success against
 * environment steps).
 *
 *   npx tsx bench/learning/seed-summary.ts --manifest bench/learning/results/warm-2400x8/seeds.json \
 *     --svg alfworld-learning-curve.svg
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { type Curve, learningCurveSvg, smoothedSuccess } from "./learning-curve-svg.js";
import { mean, sampleStd } from "./sample-statistics.js";

const Manifest = z.object({
  title: z.string(),
  rows: z.array(z.object({
    label: z.string(),
    /** Seed → run path relative to the manifest, without the `.eval.json` / `.metrics.jsonl` suffix. */
    runs: z.record(z.string().regex(/^\d+$/), z.string()),
  })).min(1),
});

const Evaluation = z.object({
  success_rate: z.number(),
  mean_steps: z.number(),
  by_task: z.record(z.string(), z.object({ success_rate: z.number() })),
});

const MetricsLine = z.object({ env_steps: z.number(), success_rate: z.number() });

const { values: args } = parseArgs({
  options: { manifest: { type: "string" }, svg: { type: "string" } },
});
if (!args.manifest) throw new Error("--manifest <seeds.json> is required");
const root = dirname(args.manifest);
const manifest = Manifest.parse(JSON.parse(readFileSync(args.manifest, "utf8")));

/** Standard error of the mean: the sample standard deviation over √n (undefined for one value). */
const standardError = (xs: readonly number[]) => {
  const sd = sampleStd(xs);
  return sd === undefined ? undefined : sd / Math.sqrt(xs.length);
};
const pct = (x: number | undefined) => (x === undefined ? "–" : (100 * x).toFixed(1));
const signedPct = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(1)}`;

function readEvaluation(run: string): z.infer<typeof Evaluation> {
  const path = join(root, `${run}.eval.json`);
  try {
    return Evaluation.parse(JSON.parse(readFileSync(path, "utf8")));
  } catch (cause) {
    throw new Error(`cannot read the evaluation ${path}`, { cause });
  }
}

function readMetrics(run: string): Array<z.infer<typeof MetricsLine>> {
  const path = join(root, `${run}.metrics.jsonl`);
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8").trim().split("\n").map((line) => MetricsLine.parse(JSON.parse(line)));
}

const seeds = [...new Set(manifest.rows.flatMap((row) => Object.keys(row.runs).map(Number)))].sort((a, b) => a - b);
const types = ["Pick", "Look", "Clean", "Heat", "Cool", "Pick2"];
const rows = manifest.rows.map((row) => {
  const bySeed = new Map(Object.entries(row.runs).map(([seed, run]) => [Number(seed), { evaluation: readEvaluation(run), metrics: readMetrics(run) }]));
  return { label: row.label, bySeed };
});

const table = [
  `| run | ${seeds.map((s) => `seed ${s}`).join(" | ")} | **mean** | ± s.e. | ${types.join(" | ")} | mean steps |`,
  `|---|${seeds.map(() => "---:").join("|")}|---:|---:|${types.map(() => "---:").join("|")}|---:|`,
];
for (const row of rows) {
  const runs = [...row.bySeed.values()];
  const successes = runs.map((run) => run.evaluation.success_rate);
  table.push(
    `| ${row.label} | ${seeds.map((s) => pct(row.bySeed.get(s)?.evaluation.success_rate)).join(" | ")} | **${pct(mean(successes))}** | ${pct(standardError(successes))} | ` +
      `${types.map((type) => pct(mean(runs.map((run) => run.evaluation.by_task[type]?.success_rate ?? 0)))).join(" | ")} | ${mean(runs.map((run) => run.evaluation.mean_steps)).toFixed(1)} |`,
  );
}

const [first, ...others] = rows;
const differences = others.map((row) => {
  const shared = seeds.filter((s) => row.bySeed.has(s) && first?.bySeed.has(s));
  const deltas = shared.map((s) => (first?.bySeed.get(s)?.evaluation.success_rate ?? 0) - (row.bySeed.get(s)?.evaluation.success_rate ?? 0));
  return `- ${first?.label} minus ${row.label}, seeds ${shared.join(", ")}: ${deltas.map(signedPct).join(", ")}; mean ${signedPct(mean(deltas))} ± ${pct(standardError(deltas))}`;
});

process.stdout.write(`${manifest.title}\n\n${table.join("\n")}\n\n(valid_seen success in %; per-type columns and steps average the seeds each row has)\n\n${differences.join("\n")}\n`);

if (args.svg) {
  const curves: Curve[] = rows.map((row) => {
    const runs = [...row.bySeed.values()].filter((run) => run.metrics.length > 0);
    const length = Math.min(...runs.map((run) => run.metrics.length));
    const meanRun = Array.from({ length }, (_, i) => ({
      env_steps: mean(runs.map((run) => run.metrics[i]?.env_steps ?? 0)),
      success_rate: mean(runs.map((run) => run.metrics[i]?.success_rate ?? 0)),
    }));
    return { label: `${row.label} (${runs.length} seeds)`, points: smoothedSuccess(meanRun) };
  });
  writeFileSync(args.svg, learningCurveSvg(curves, `${manifest.title}: training success vs environment steps, seed means`));
  process.stdout.write(`\nlearning curve: ${args.svg}\n`);
}
