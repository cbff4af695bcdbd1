import Table from "cli-table3";
import { z } from "zod";
import type { EpisodeRecord } from "@hiper/core";
import { percent } from "./percent.js";

/** How many failure reasons the totals list. */
const SHOWN_REASONS = 5;

/** The closing totals of `hiper collect`, over the whole trajectory file; `--json` prints them as the last line. */
export const CollectionTotals = z.object({
  env: z.string(),
  policy: z.string(),
  trajectories: z.string(),
  /** Episodes this invocation added. */
  collected_now: z.number().int().nonnegative(),
  /** Episodes in the file, earlier invocations included. */
  episodes: z.number().int().nonnegative(),
  won: z.number().int().nonnegative(),
  success_rate: z.number(),
  failed: z.number().int().nonnegative(),
  /** The most common failure reasons, most frequent first. */
  failure_reasons: z.array(z.object({ reason: z.string(), episodes: z.number().int().positive() })),
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  /** Present when a price was given. */
  cost_usd: z.number().nonnegative().optional(),
  /** The won episodes' file, with --success-only. */
  successful: z.string().optional(),
});
export type CollectionTotals = z.infer<typeof CollectionTotals>;

/** USD per million prompt (input) and completion (output) tokens. */
export interface TokenPrices {
  input?: number;
  output?: number;
}

/** What the totals read of an episode (the turns are not kept, so a large file fits in memory). */
export type EpisodeOutcome = Pick<EpisodeRecord, "won" | "status" | "error" | "usage">;

export function collectionTotals(
  episodes: readonly EpisodeOutcome[],
  labels: { env: string; policy: string; trajectories: string; collectedNow: number; successful?: string },
  prices: TokenPrices,
): CollectionTotals {
  const reasons = new Map<string, number>();
  let won = 0;
  let failed = 0;
  let promptTokens = 0;
  let completionTokens = 0;
  for (const episode of episodes) {
    if (episode.won) won += 1;
    if (episode.status === "failed") {
      failed += 1;
      const reason = episode.error ?? "unknown";
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    promptTokens += episode.usage?.promptTokens ?? 0;
    completionTokens += episode.usage?.completionTokens ?? 0;
  }
  const priced = prices.input !== undefined || prices.output !== undefined;
  return {
    env: labels.env,
    policy: labels.policy,
    trajectories: labels.trajectories,
    collected_now: labels.collectedNow,
    episodes: episodes.length,
    won,
    success_rate: episodes.length === 0 ? 0 : won / episodes.length,
    failed,
    failure_reasons: [...reasons.entries()]
      .sort(([, a], [, b]) => b - a)
      .slice(0, SHOWN_REASONS)
      .map(([reason, count]) => ({ reason, episodes: count })),
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    ...(priced ? { cost_usd: (promptTokens * (prices.input ?? 0) + completionTokens * (prices.output ?? 0)) / 1e6 } : {}),
    ...(labels.successful ? { successful: labels.successful } : {}),
  };
}

export function renderCollectionTotals(totals: CollectionTotals): string {
  const table = new Table({ style: { head: [], border: [] } });
  table.push(
    { "collected now": String(totals.collected_now) },
    { "episodes in file": String(totals.episodes) },
    { won: `${totals.won} (${percent(totals.success_rate)})` },
    { failed: String(totals.failed) },
    { "prompt tokens": String(totals.prompt_tokens) },
    { "completion tokens": String(totals.completion_tokens) },
    { "cost (USD)": totals.cost_usd !== undefined ? totals.cost_usd.toFixed(4) : "-" },
  );
  return [
    `env ${totals.env} · policy ${totals.policy}`,
    table.toString(),
    ...(totals.cost_usd === undefined ? ["cost: give --input-price and --output-price (USD per 1M tokens) to see it"] : []),
    ...totals.failure_reasons.map(({ reason, episodes }) => `failed ×${episodes}: ${reason}`),
    `trajectories: ${totals.trajectories}`,
    ...(totals.successful ? [`won episodes: ${totals.successful} (hiper train --warm-start ${totals.successful})`] : []),
  ].join("\n");
}
