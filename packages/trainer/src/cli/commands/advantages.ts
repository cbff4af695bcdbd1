import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { once } from "node:events";
import { Command, Option } from "commander";
import { ADVANTAGE_PRESETS, Algo, AdvantagesConfig, computeAdvantages, InvalidInputError, readTrajectories, type AdvantagesConfigInput } from "@hiper/core";

interface AdvantagesCommandOptions {
  algo: Algo;
  in: string;
  out: string;
  preset?: keyof typeof ADVANTAGE_PRESETS;
  config?: string;
  includeFailed?: boolean;
}

/** `hiper advantages`: compute advantages offline for collected rollouts, one JSONL line per turn. */
export function advantagesCommand(): Command {
  return new Command("advantages")
    .description("compute advantages for a trajectory file (to feed any trainer)")
    .addOption(new Option("--algo <algo>", "estimator").choices(Algo.options).makeOptionMandatory())
    .requiredOption("--in <file>", "trajectory JSONL (from hiper run --out)")
    .requiredOption("--out <file>", "where to write one advantage line per turn")
    .addOption(new Option("--preset <env>", "official settings of an environment (spec §3.11, §5.8)").choices(Object.keys(ADVANTAGE_PRESETS)))
    .option("--config <json>", "estimator settings as JSON, merged over the preset, e.g. '{\"hae\":{\"gamma\":0.99}}'")
    .option("--include-failed", "also use episodes that ended in a policy or environment failure")
    .action(async (options: AdvantagesCommandOptions) => {
      const config = estimatorConfig(options);
      const { episodes, warnings: readWarnings } = await readTrajectories(options.in);
      for (const warning of readWarnings) process.stderr.write(`warning: ${warning}\n`);
      const used = options.includeFailed ? episodes : episodes.filter((e) => e.status !== "failed");
      if (used.length < episodes.length) process.stderr.write(`skipped ${episodes.length - used.length} failed episode(s) (--include-failed keeps them)\n`);
      const result = computeAdvantages(options.algo, used, config);
      for (const warning of result.warnings) process.stderr.write(`warning (${warning.type}, ${warning.turns} turns): ${warning.message}\n`);
      await mkdir(dirname(options.out), { recursive: true });
      const out = createWriteStream(options.out);
      for (const turn of result.turns) {
        if (!out.write(`${JSON.stringify(turn)}\n`)) await once(out, "drain");
      }
      out.end();
      await once(out, "finish");
      process.stdout.write(`${options.algo}: ${result.turns.length} turns from ${used.length} episodes → ${options.out}\n`);
    });
}

function estimatorConfig(options: AdvantagesCommandOptions): AdvantagesConfigInput {
  let custom: unknown = {};
  if (options.config) {
    try {
      custom = JSON.parse(options.config);
    } catch (cause) {
      throw new InvalidInputError(`--config is not valid JSON: ${(cause as Error).message}`);
    }
  }
  const preset: Record<string, unknown> = options.preset ? ADVANTAGE_PRESETS[options.preset] : {};
  const merged = mergeSections(preset, custom as Record<string, unknown>);
  const parsed = AdvantagesConfig.safeParse(merged);
  if (!parsed.success) throw new InvalidInputError(`invalid estimator settings: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return merged as AdvantagesConfigInput;
}

/** Merges each estimator's section of `override` over the same section of `base`. */
function mergeSections(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const previous = merged[key];
    merged[key] = isObject(previous) && isObject(value) ? { ...previous, ...value } : value;
  }
  return merged;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
