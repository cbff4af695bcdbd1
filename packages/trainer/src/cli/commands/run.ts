import { rm } from "node:fs/promises";
import { Command } from "commander";
import { summarizeEpisodes, type EpisodeRecord } from "@hiper/core";
import { addPolicyRunOptions, preparePolicyRun, rolloutPolicy, type PolicyRunOptions } from "../policy-run.js";
import { renderSummaryTable } from "../summary-table.js";

export interface RunCommandOptions extends PolicyRunOptions {
  out?: string;
  overwrite?: boolean;
  json?: boolean;
}

/** `hiper run`: roll out a policy in an environment and summarize the episodes. */
export function runCommand(): Command {
  return addPolicyRunOptions(new Command("run").description("run episodes of a policy in an environment, optionally saving trajectories"))
    .option("--out <file>", "append finished episodes to this JSONL trajectory file")
    .option("--overwrite", "start the --out file afresh instead of appending to it")
    .option("--json", "print the summary as one JSON object on the last line of stdout")
    .action(async (options: RunCommandOptions) => {
      await executeRun(options);
    });
}

export async function executeRun(options: RunCommandOptions): Promise<EpisodeRecord[]> {
  const run = await preparePolicyRun(options);
  if (options.out && options.overwrite) await rm(options.out, { force: true });
  const episodes = await rolloutPolicy(run, {
    label: `${options.env}/${options.policy}`,
    concurrency: options.concurrency,
    ...(options.out ? { out: options.out } : {}),
  });
  const summary = summarizeEpisodes(episodes, { env: options.env, policy: options.policy });
  process.stdout.write(`${renderSummaryTable(summary)}\n`);
  const failures = episodes.filter((e) => e.status === "failed");
  for (const failed of failures.slice(0, 5)) process.stderr.write(`failed ${failed.trajectoryId}: ${failed.error ?? "unknown"}\n`);
  if (options.out) process.stdout.write(`trajectories: ${options.out}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  // Failed episodes are data, but a run in which every episode failed is a failed run.
  if (episodes.length > 0 && failures.length === episodes.length) process.exitCode = 3;
  return episodes;
}
