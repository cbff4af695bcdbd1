#!/usr/bin/env node
import { Command } from "commander";
import { describeError, HiperError } from "@hiper/core";
import { registerBuiltinEnvironments } from "./builtin-environments.js";
import { advantagesCommand } from "./commands/advantages.js";
import { collectCommand } from "./commands/collect.js";
import { runCommand } from "./commands/run.js";
import { serveCommand } from "./commands/serve.js";
import { envCommand } from "./commands/env.js";
import { evalCommand } from "./commands/eval.js";
import { exportCommand } from "./commands/export.js";
import { trainCommand } from "./commands/train.js";

/** The `hiper` command. */
export function createProgram(): Command {
  return new Command("hiper")
    .description("HiPER: hierarchical Plan-Execute agents — run, evaluate and train")
    .showHelpAfterError()
    .addCommand(runCommand())
    .addCommand(collectCommand())
    .addCommand(exportCommand())
    .addCommand(envCommand())
    .addCommand(advantagesCommand())
    .addCommand(trainCommand())
    .addCommand(evalCommand())
    .addCommand(serveCommand());
}

registerBuiltinEnvironments();
createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    // Our own errors are the user's to fix: print the message. Anything else is a bug: keep the stack.
    process.stderr.write(`hiper: ${HiperError.isInstance(error) ? error.message : describeError(error)}\n`);
    if (!HiperError.isInstance(error) && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  });
