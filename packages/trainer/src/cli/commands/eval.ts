import { Command, Option } from "commander";
import type { BackendChoice } from "../../backend/backend-choice.js";
import { evaluatePolicy } from "../../eval/evaluate-policy.js";
import { backendOption } from "../backend-option.js";
import { collect } from "../collect.js";
import { historyLengthFor } from "../history-length.js";
import { renderEvaluationTable } from "../evaluation-table.js";
import { nonNegativeNumber, positiveInt } from "../parse-number.js";
import { resolvePolicyTarget } from "../policy-run.js";
import { createRunProgress } from "../run-progress.js";

interface EvalCommandOptions {
  env: string;
  policy: string;
  games?: string;
  episodes: number;
  seed: number;
  concurrency: number;
  maxSteps?: number;
  history?: number;
  temperature: number;
  backend: BackendChoice;
  json?: boolean;
  envOption: string[];
  require: string[];
}

/** `hiper eval`: one episode per task, success per task type and by task length, and the `hiper run` JSON line. */
export function evalCommand(): Command {
  return new Command("eval")
    .description("evaluate a policy: success per task type, by expert task length, mean steps (and score)")
    .requiredOption("--env <id>", "environment id")
    .requiredOption("--policy <spec>", "ckpt:<dir> | openai:<model> | random | an environment policy")
    .option("--games <dir|tgz>", "real games to evaluate on (sets -o games=)")
    .addOption(new Option("--episodes <n>", "tasks to play, one episode each (seeds seed … seed+n−1)").argParser(positiveInt).default(140))
    .addOption(new Option("--seed <s>", "seed of the first task").argParser(Number).default(0))
    .addOption(new Option("--concurrency <c>", "environments stepped at once (a local policy decodes them as one batch)").argParser(positiveInt).default(32))
    .addOption(new Option("--max-steps <n>", "step limit per episode (default: the environment's)").argParser(positiveInt))
    .addOption(new Option("--history <n>", "past turns given to the policy (default: a trained policy's own, else 2)").argParser(Number))
    .addOption(new Option("--temperature <t>", "sampling temperature of a local policy (spec §6.1 validates at 0.4)").argParser(nonNegativeNumber).default(0.4))
    .addOption(backendOption())
    .option("--json", "print the summary as one JSON object on the last line of stdout")
    .option("-o, --env-option <key=value>", "option passed to the environment (repeatable)", collect, [])
    .option("--require <module>", "load a module that registers environments (repeatable)", collect, [])
    .action(async (options: EvalCommandOptions) => {
      const { registration, envOptions, policy } = await resolvePolicyTarget(options);
      const progress = createRunProgress(options.episodes, `eval ${options.env}/${options.policy}`);
      try {
        const report = await evaluatePolicy({
          registration,
          envOptions,
          policy,
          policyLabel: options.policy,
          episodes: options.episodes,
          seed: options.seed,
          ...(options.maxSteps ? { maxSteps: options.maxSteps } : {}),
          historyLength: historyLengthFor(policy, options.history),
          concurrency: options.concurrency,
          onEvent: progress.onEvent,
        });
        progress.stop();
        process.stdout.write(`${renderEvaluationTable([{ label: options.policy, summary: report.summary }])}\n`);
        if (options.json) process.stdout.write(`${JSON.stringify(report.summary)}\n`);
      } finally {
        progress.stop();
        if (typeof policy === "object") await policy.close?.();
      }
    });
}
