import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { Command, Option } from "commander";
import { iterateTrajectoryLines, trajectoryFileExists, type EpisodeRecord } from "@hiper/core";
import {
  CollectionConflictError,
  configDifferences,
  readCollectionConfig,
  writeCollectionConfig,
  type CollectionConfig,
} from "../collection-config.js";
import { collectionTotals, renderCollectionTotals, type CollectionTotals, type EpisodeOutcome } from "../collection-totals.js";
import { writeJsonLinesFile } from "../json-lines-file.js";
import { nonNegativeNumber } from "../parse-number.js";
import { addPolicyRunOptions, preparePolicyRun, rolloutPolicy, type PolicyRunOptions, type PreparedPolicyRun } from "../policy-run.js";

export interface CollectCommandOptions extends PolicyRunOptions {
  out: string;
  overwrite?: boolean;
  successOnly?: boolean;
  inputPrice?: number;
  outputPrice?: number;
  json?: boolean;
}

/** The files of a collection directory. */
interface CollectionPaths {
  dir: string;
  trajectories: string;
  config: string;
  successful: string;
}

/** `hiper collect`: a resumable collection of a policy's episodes, with token and cost totals. */
export function collectCommand(): Command {
  return addPolicyRunOptions(
    new Command("collect").description("collect a policy's episodes into a directory, resumably, with token and cost totals"),
  )
    .requiredOption("--out <dir>", "collection directory: trajectories.jsonl, collect.json (and successful.jsonl)")
    .option("--overwrite", "discard what --out holds and start the collection afresh")
    .option("--success-only", "also write <dir>/successful.jsonl with the won episodes (for hiper train --warm-start)")
    .addOption(new Option("--input-price <usd>", "USD per 1M prompt tokens, for the cost total").argParser(nonNegativeNumber))
    .addOption(new Option("--output-price <usd>", "USD per 1M completion tokens, for the cost total").argParser(nonNegativeNumber))
    .option("--json", "print the totals as one JSON object on the last line of stdout")
    .addHelpText(
      "after",
      [
        "",
        "Restarting with the same --out resumes: every episode already in trajectories.jsonl is skipped.",
        "Failed episodes are kept there with their reason and are not retried. --episodes may grow",
        "between restarts; other options (env, policy, seed, group, max steps, history, -o) must stay",
        "as in collect.json, else the restart is refused with exit code 2 (use --overwrite to start afresh).",
      ].join("\n"),
    )
    .action(async (options: CollectCommandOptions) => {
      try {
        await executeCollect(options);
      } catch (error) {
        if (!(error instanceof CollectionConflictError)) throw error;
        process.stderr.write(`hiper: ${error.message}\n`);
        process.exitCode = 2;
      }
    });
}

export async function executeCollect(options: CollectCommandOptions): Promise<CollectionTotals> {
  const paths: CollectionPaths = {
    dir: options.out,
    trajectories: join(options.out, "trajectories.jsonl"),
    config: join(options.out, "collect.json"),
    successful: join(options.out, "successful.jsonl"),
  };
  const run = await preparePolicyRun(options);
  let skip: Set<string>;
  try {
    if (options.overwrite) await Promise.all([paths.trajectories, paths.config, paths.successful].map((path) => rm(path, { force: true })));
    await openCollection(paths, collectionConfig(options, run));
    skip = await collectedIds(paths.trajectories);
  } catch (error) {
    await run.close();
    throw error;
  }
  const fresh = await rolloutPolicy(run, { label: `${options.env}/${options.policy}`, concurrency: options.concurrency, out: paths.trajectories, skip });
  const outcomes = await scanCollection(paths.trajectories, options.successOnly ? paths.successful : undefined);
  const totals = collectionTotals(
    outcomes,
    {
      env: options.env,
      policy: options.policy,
      trajectories: paths.trajectories,
      collectedNow: fresh.length,
      successful: options.successOnly ? paths.successful : undefined,
    },
    { input: options.inputPrice, output: options.outputPrice },
  );
  process.stdout.write(`${renderCollectionTotals(totals)}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify(totals)}\n`);
  // As with `hiper run`: failed episodes are data, but an invocation in which every episode failed failed.
  if (fresh.length > 0 && fresh.every((e) => e.status === "failed")) process.exitCode = 3;
  return totals;
}

/** What collect.json must say for this invocation to continue the collection. */
function collectionConfig(options: CollectCommandOptions, run: PreparedPolicyRun): CollectionConfig {
  return {
    env: run.registration.id,
    policy: options.policy,
    seed: options.seed,
    group: options.group,
    episodes: options.episodes,
    maxSteps: run.maxSteps,
    history: run.historyLength,
    envOptions: run.envOptions,
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    createdAt: new Date().toISOString(),
  };
}

/** Writes collect.json on the first start; on a restart checks it matches and records a grown --episodes. */
async function openCollection(paths: CollectionPaths, asked: CollectionConfig): Promise<void> {
  const saved = await readCollectionConfig(paths.config);
  if (!saved) {
    if (await trajectoryFileExists(paths.trajectories)) {
      throw new CollectionConflictError(`${paths.trajectories} exists without ${paths.config}, so it cannot be resumed safely; use --overwrite to start afresh`);
    }
    await mkdir(paths.dir, { recursive: true });
    await writeCollectionConfig(paths.config, asked);
    return;
  }
  const differences = configDifferences(saved, asked);
  if (differences.length > 0) {
    throw new CollectionConflictError(
      `${paths.dir} holds a collection made with other options (${differences.join("; ")}); resume with the options in ${paths.config}, or use --overwrite to discard it`,
    );
  }
  if (asked.episodes > saved.episodes) await writeCollectionConfig(paths.config, { ...saved, episodes: asked.episodes });
}

/** Trajectory ids already in the file, failed ones included; torn lines (a crash) are reported and run again. */
async function collectedIds(path: string): Promise<Set<string>> {
  const ids = new Set<string>();
  if (!(await trajectoryFileExists(path))) return ids;
  let failed = 0;
  for await (const item of iterateTrajectoryLines(path)) {
    if ("warning" in item) {
      process.stderr.write(`${item.warning}; it will be collected again\n`);
      continue;
    }
    ids.add(item.episode.trajectoryId);
    if (item.episode.status === "failed") failed += 1;
  }
  process.stderr.write(`resuming ${path}: ${ids.size} episode(s) already collected` + (failed > 0 ? `, ${failed} of them failed (kept, not retried)` : "") + "\n");
  return ids;
}

/**
 * One pass over the whole file: what the totals need of each episode, and, when `successful` is
 * given, the won episodes rewritten there.
 */
async function scanCollection(path: string, successful: string | undefined): Promise<EpisodeOutcome[]> {
  const outcomes: EpisodeOutcome[] = [];
  const scan = async (writeWon?: (episode: EpisodeRecord) => Promise<void>) => {
    for await (const item of iterateTrajectoryLines(path)) {
      if ("warning" in item) continue;
      const { won, status, error, usage } = item.episode;
      outcomes.push({ won, status, error, usage });
      if (won) await writeWon?.(item.episode);
    }
  };
  if (successful) await writeJsonLinesFile(successful, scan);
  else await scan();
  return outcomes;
}
