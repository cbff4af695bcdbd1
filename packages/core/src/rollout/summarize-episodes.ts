import { z } from "zod";
import type { EpisodeRecord } from "../trajectory/episode-record.js";

export const TaskSummary = z.object({ episodes: z.number().int(), success_rate: z.number() });
export type TaskSummary = z.infer<typeof TaskSummary>;

/** The closing summary of a run; `hiper run --json` prints it as its last line. */
export const RunSummary = z.object({
  env: z.string(),
  policy: z.string(),
  episodes: z.number().int(),
  success_rate: z.number(),
  mean_reward: z.number(),
  mean_steps: z.number(),
  failed: z.number().int(),
  /** WebShop's score: the mean purchase reward × 100 (present when episodes report one). */
  score: z.number().optional(),
  by_task: z.record(z.string(), TaskSummary),
});
export type RunSummary = z.infer<typeof RunSummary>;

const mean = (values: number[]): number => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/** Success rate, mean reward and steps overall and per task type. */
export function summarizeEpisodes(episodes: EpisodeRecord[], labels: { env: string; policy: string }): RunSummary {
  const byTask: Record<string, EpisodeRecord[]> = {};
  for (const episode of episodes) (byTask[episode.taskType ?? "all"] ??= []).push(episode);
  const scores = episodes.flatMap((e) => (e.score === undefined ? [] : [e.score]));
  return {
    env: labels.env,
    policy: labels.policy,
    episodes: episodes.length,
    success_rate: mean(episodes.map((e) => (e.won ? 1 : 0))),
    mean_reward: mean(episodes.map((e) => e.totalReward)),
    mean_steps: mean(episodes.map((e) => e.steps)),
    failed: episodes.filter((e) => e.status === "failed").length,
    ...(scores.length > 0 ? { score: 100 * mean(scores) } : {}),
    by_task: Object.fromEntries(
      Object.entries(byTask)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([type, group]) => [type, { episodes: group.length, success_rate: mean(group.map((e) => (e.won ? 1 : 0))) }]),
    ),
  };
}
