import { resolve } from "node:path";
import { Command, Option } from "commander";
import { InvalidInputError, iterateTrajectoryLines, listEnvironments, type PromptStyle } from "@hiper/core";
import { openAIChatExamples } from "../../export/openai-chat-example.js";
import { collect } from "../collect.js";
import { DEFAULT_HISTORY_LENGTH } from "../history-length.js";
import { writeJsonLinesFile } from "../json-lines-file.js";
import { loadPlugins } from "../load-plugins.js";
import { nonNegativeInt } from "../parse-number.js";

export interface ExportCommandOptions {
  in: string;
  format: "openai-chat";
  out: string;
  all?: boolean;
  history: number;
  require: string[];
}

/** What an export used and wrote. */
export interface ExportCounts {
  used: number;
  notWon: number;
  failed: number;
  examples: number;
  invalidTurns: number;
}

/** `hiper export`: episodes as fine-tuning data for a hosted model. */
export function exportCommand(): Command {
  return new Command("export")
    .description("export episodes as fine-tuning data for a hosted model: one chat example per valid turn of each won episode")
    .requiredOption("--in <file>", "trajectory file (hiper collect's trajectories.jsonl, hiper run --out)")
    .addOption(new Option("--format <format>", "output format (OpenAI chat fine-tuning JSONL)").choices(["openai-chat"]).makeOptionMandatory())
    .requiredOption("--out <file>", "JSONL file to write")
    .option("--all", "export every episode that did not fail, not only the won ones")
    .addOption(new Option("--history <n>", "past turns shown in each prompt").argParser(nonNegativeInt).default(DEFAULT_HISTORY_LENGTH))
    .option("--require <module>", "load a module that registers environments, for their prompt style (repeatable)", collect, [])
    .action(async (options: ExportCommandOptions) => {
      const counts = await executeExport(options);
      const skipped = counts.notWon + counts.failed;
      process.stdout.write(
        `episodes: ${counts.used} used, ${skipped} skipped (${counts.notWon} not won, ${counts.failed} failed)\n` +
          `examples: ${counts.examples} written to ${options.out}; ${counts.invalidTurns} invalid turn(s) skipped\n` +
          (counts.used === 0 && counts.notWon > 0 ? "no won episodes: --all exports every episode that did not fail\n" : ""),
      );
    });
}

export async function executeExport(options: ExportCommandOptions): Promise<ExportCounts> {
  if (resolve(options.in) === resolve(options.out)) throw new InvalidInputError(`--out ${options.out} would overwrite the --in file`);
  await loadPlugins(options.require);
  const promptStyles = new Map<string, PromptStyle>();
  const promptStyleOf = (envId: string): PromptStyle => {
    let style = promptStyles.get(envId);
    if (style === undefined) {
      const registration = listEnvironments().find((r) => r.id === envId);
      if (!registration) process.stderr.write(`no environment "${envId}" is registered (--require its module); its prompts use the generic style\n`);
      style = registration?.promptStyle ?? "generic";
      promptStyles.set(envId, style);
    }
    return style;
  };

  const counts: ExportCounts = { used: 0, notWon: 0, failed: 0, examples: 0, invalidTurns: 0 };
  await writeJsonLinesFile(options.out, async (write) => {
    for await (const item of iterateTrajectoryLines(options.in)) {
      if ("warning" in item) {
        process.stderr.write(`${item.warning}\n`);
        continue;
      }
      const { episode } = item;
      if (episode.status === "failed") {
        counts.failed += 1;
        continue;
      }
      if (!options.all && !episode.won) {
        counts.notWon += 1;
        continue;
      }
      counts.used += 1;
      for (const example of openAIChatExamples(episode, { promptStyle: promptStyleOf(episode.envId), historyLength: options.history })) {
        if (example === null) {
          counts.invalidTurns += 1;
          continue;
        }
        counts.examples += 1;
        await write(example);
      }
    }
  });
  return counts;
}
