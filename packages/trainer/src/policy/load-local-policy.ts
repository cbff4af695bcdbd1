import { z } from "zod";
import { loadCheckpoint } from "../checkpoint/index.js";
import { DecodingSettings } from "./decoding-settings.js";
import { LocalPolicy } from "./local-policy.js";

/** The decoding settings and history length a training run saved beside its weights, if any. */
const SavedDecoding = z.object({ config: z.object({ decoding: DecodingSettings, historyLength: z.number().int().nonnegative() }) });

/**
 * A checkpoint as a ready policy (`--policy ckpt:<dir>`): its weights and vocabulary, decoding as it
 * was trained, at the given temperature (spec §6.1 validates at 0.4).
 */
export async function loadLocalPolicy(dir: string, options: { temperature?: number; seed?: number; id?: string; maxBatchSize?: number; batchWindowMs?: number } = {}): Promise<LocalPolicy> {
  const { model, vocabulary, trainer } = await loadCheckpoint(dir, { withCritic: false });
  const saved = SavedDecoding.safeParse(trainer);
  const decoding = { ...(saved.success ? saved.data.config.decoding : {}), ...(options.temperature !== undefined ? { temperature: options.temperature } : {}) };
  return new LocalPolicy({
    model,
    vocabulary,
    decoding,
    seed: options.seed ?? 0,
    id: options.id ?? `ckpt:${dir}`,
    ...(options.maxBatchSize !== undefined ? { maxBatchSize: options.maxBatchSize } : {}),
    ...(options.batchWindowMs !== undefined ? { batchWindowMs: options.batchWindowMs } : {}),
    ...(saved.success ? { historyLength: saved.data.config.historyLength } : {}),
  });
}
