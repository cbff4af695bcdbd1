import { Command, Option } from "commander";
import { describeError } from "@hiper/core";
import type { BackendChoice } from "../../backend/backend-choice.js";
import { selectBackend } from "../../backend/select-backend.js";
import { loadLocalPolicy } from "../../policy/load-local-policy.js";
import { DEFAULT_CHAT_BODY_LIMIT, servePolicy } from "../../serve/policy-server.js";
import { backendOption } from "../backend-option.js";
import { nonNegativeNumber, positiveInt } from "../parse-number.js";
import { untilInterrupted } from "../until-interrupted.js";

interface ServeCommandOptions {
  checkpoint: string;
  host: string;
  port: number;
  apiKey?: string;
  modelName: string;
  maxBatch: number;
  batchWindowMs: number;
  maxBodyBytes: number;
  temperature?: number;
  seed: number;
  backend: BackendChoice;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/** `hiper serve`: a trained checkpoint behind an OpenAI-compatible chat completions endpoint. */
export function serveCommand(): Command {
  return new Command("serve")
    .description("serve a trained checkpoint as an OpenAI-compatible endpoint (/v1/models, /v1/chat/completions) until interrupted")
    .requiredOption("--checkpoint <dir>", "a checkpoint written by `hiper train` (e.g. runs/main/checkpoint)")
    .option("--host <host>", "interface to listen on (loopback by default)", "127.0.0.1")
    .addOption(new Option("--port <port>", "port (0 picks a free one)").argParser(Number).default(8000))
    .addOption(new Option("--api-key <key>", "require `Authorization: Bearer <key>`").env("HIPER_API_KEY"))
    .option("--model-name <id>", "the model id clients name", "hiper-local")
    .addOption(new Option("--max-batch <n>", "most responses decoded in one forward pass (1 turns batching off)").argParser(positiveInt).default(32))
    .addOption(new Option("--batch-window-ms <ms>", "how long a request waits for others to share its batch").argParser(nonNegativeNumber).default(5))
    .addOption(new Option("--max-body-bytes <n>", "largest request body accepted").argParser(positiveInt).default(DEFAULT_CHAT_BODY_LIMIT))
    .addOption(new Option("--temperature <t>", "temperature when a request gives none (default: as trained)").argParser(nonNegativeNumber))
    .addOption(new Option("--seed <s>", "seed of the sampling stream").argParser(Number).default(0))
    .addOption(backendOption())
    .action(async (options: ServeCommandOptions) => {
      const backend = await selectBackend({ backend: options.backend });
      process.stderr.write(`backend: ${backend.reason}\n`);
      const policy = await loadLocalPolicy(options.checkpoint, {
        seed: options.seed,
        maxBatchSize: options.maxBatch,
        batchWindowMs: options.batchWindowMs,
        ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
      });
      if (!LOOPBACK.has(options.host) && options.apiKey === undefined) {
        process.stderr.write(`warning: listening on ${options.host} without --api-key: anyone who can reach this port can use the model\n`);
      }
      const server = await servePolicy({
        policy,
        modelName: options.modelName,
        host: options.host,
        port: options.port,
        maxBodyBytes: options.maxBodyBytes,
        ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
        onError: (error, route) => process.stderr.write(`${route}: ${describeError(error)}\n`),
      });
      process.stdout.write(`serving ${options.checkpoint} as "${options.modelName}" at ${server.url}/v1 (batches of up to ${options.maxBatch})\n`);
      await untilInterrupted();
      await server.close();
      await policy.close();
      process.stdout.write("server closed\n");
    });
}
