import {
  type EnvironmentOptions,
  type EnvironmentRegistration,
  type EpisodeRecord,
  type PolicySource,
  type RolloutEvent,
  type RunSummary,
  runRollouts,
  summarizeEpisodes,
} from "@hiper/core";
import { z } from "zod";

/** Success of the episodes whose task the environment's expert solves in ≤ 15 steps, and of the longer ones (DESIGN §6). */
export const LengthSplit = z.object({
  short: z.object({ episodes: z.number().int(), success_rate: z.number() }),
  long: z.object({ episodes: z.number().int(), success_rate: z.number() }),
});
export type LengthSplit = z.infer<typeof LengthSplit>;

export const LONG_TASK_STEPS = 15;

export interface EvaluationOptions {
  registration: EnvironmentRegistration;
  envOptions: EnvironmentOptions;
  policy: PolicySource;
  policyLabel: string;
  episodes: number;
  /** Task i is played with seed `seed + i` (one episode per task). */
  seed: number;
  maxSteps?: number;
  historyLength: number;
  concurrency: number;
  onEvent?: (event: RolloutEvent) => void;
}

export interface EvaluationReport {
  summary: RunSummary & { by_length?: LengthSplit };
  episodes: EpisodeRecord[];
}

const rate = (episodes: readonly EpisodeRecord[]) => (episodes.length === 0 ? 0 : episodes.filter((e) => e.won).length / episodes.length);

/**
 * Plays one episode per task and summarises success overall and per task type. When the
 * environment has an `expert`, it plays the same tasks too, and success is also split by the
 * expert's episode length (≤ 15 or > 15 steps).
 */
export async function evaluatePolicy(options: EvaluationOptions): Promise<EvaluationReport> {
  const { registration } = options;
  const tasks = Array.from({ length: options.episodes }, (_, i) => ({ seed: options.seed + i }));
  const common = {
    envId: registration.id,
    createEnvironment: () => registration.create(options.envOptions),
    promptStyle: registration.promptStyle ?? "generic",
    tasks,
    concurrency: options.concurrency,
    maxSteps: options.maxSteps ?? registration.maxSteps ?? 50,
    historyLength: options.historyLength,
  };
  const episodes = await runRollouts({ ...common, policy: options.policy, ...(options.onEvent ? { onEvent: options.onEvent } : {}) });
  const summary: EvaluationReport["summary"] = summarizeEpisodes(episodes, { env: registration.id, policy: options.policyLabel });
  const expert = registration.policies?.expert;
  if (expert) {
    const reference = await runRollouts({ ...common, policy: (environment) => expert.create({ environment }) });
    const expertSteps = new Map(reference.map((episode) => [episode.seed, episode.won ? episode.steps : Number.POSITIVE_INFINITY]));
    const isLong = (episode: EpisodeRecord) => (expertSteps.get(episode.seed) ?? 0) > LONG_TASK_STEPS;
    const long = episodes.filter(isLong);
    const short = episodes.filter((episode) => !isLong(episode));
    summary.by_length = { short: { episodes: short.length, success_rate: rate(short) }, long: { episodes: long.length, success_rate: rate(long) } };
  }
  return { summary, episodes };
}
