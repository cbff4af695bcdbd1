import type { Environment, ResetOptions } from "../env/environment.js";
import { InvalidInputError } from "../errors/index.js";
import type { Policy } from "../policy/policy.js";
import type { PromptStyle } from "../protocol/prompt-style.js";
import type { EpisodeRecord } from "../trajectory/episode-record.js";
import type { RolloutEvent } from "./rollout-events.js";
import { runEpisode } from "./run-episode.js";

/** A policy shared by all environments, or one made per environment instance (experts). */
export type PolicySource = Policy | ((environment: Environment) => Policy | Promise<Policy>);

export interface RolloutOptions {
  /** The environment id, used in the stable trajectory ids. */
  envId: string;
  /** Makes one environment instance; called once per concurrent worker. */
  createEnvironment: () => Environment | Promise<Environment>;
  policy: PolicySource;
  promptStyle: PromptStyle;
  /** One entry per group; every rollout of a group starts from the same task. */
  tasks: ResetOptions[];
  /** Rollouts per task (G). */
  groupSize?: number;
  /** Environments stepped at the same time. */
  concurrency?: number;
  maxSteps: number;
  historyLength?: number;
  /** Trajectory ids to skip (already collected), e.g. when resuming. */
  skip?: ReadonlySet<string>;
  /** Called with each finished episode before the next one starts on that worker. */
  onEpisode?: (episode: EpisodeRecord) => void | Promise<void>;
  onEvent?: (event: RolloutEvent) => void;
  signal?: AbortSignal;
}

/** Stable ids: the same task and rollout index give the same ids on every run. */
export function rolloutIds(envId: string, task: ResetOptions, rolloutIndex: number): { groupId: string; trajectoryId: string } {
  const taskKey = task.taskId !== undefined ? `task-${task.taskId}` : `seed-${task.seed ?? 0}`;
  const groupId = `${envId}/${taskKey}`;
  return { groupId, trajectoryId: `${groupId}/r${rolloutIndex}` };
}

/**
 * Runs `tasks.length × groupSize` episodes over `concurrency` environment instances and returns
 * them in task order. Episodes that fail are returned too, with `status: "failed"`.
 */
export async function runRollouts(options: RolloutOptions): Promise<EpisodeRecord[]> {
  const groupSize = options.groupSize ?? 1;
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(groupSize) || groupSize < 1) throw new InvalidInputError(`groupSize must be a positive integer, got ${groupSize}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InvalidInputError(`concurrency must be a positive integer, got ${concurrency}`);
  if (!Number.isInteger(options.maxSteps) || options.maxSteps < 1) throw new InvalidInputError(`maxSteps must be a positive integer, got ${options.maxSteps}`);

  const jobs = options.tasks
    .flatMap((task, taskIndex) =>
      Array.from({ length: groupSize }, (_, rolloutIndex) => ({
        task,
        order: taskIndex * groupSize + rolloutIndex,
        ids: rolloutIds(options.envId, task, rolloutIndex),
      })),
    )
    .filter((job) => !options.skip?.has(job.ids.trajectoryId));
  const results = new Map<number, EpisodeRecord>();
  let next = 0;
  let finished = 0;

  const worker = async (): Promise<void> => {
    const environment = await options.createEnvironment();
    try {
      const policy = typeof options.policy === "function" ? await options.policy(environment) : options.policy;
      for (;;) {
        if (options.signal?.aborted) return;
        const job = jobs[next];
        next += 1;
        if (!job) return;
        const episode = await runEpisode({
          environment,
          policy,
          promptStyle: options.promptStyle,
          reset: job.task,
          ...job.ids,
          maxSteps: options.maxSteps,
          historyLength: options.historyLength ?? 2,
          ...(options.onEvent ? { onEvent: options.onEvent } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
        results.set(job.order, episode);
        finished += 1;
        await options.onEpisode?.(episode);
        options.onEvent?.({ type: "episode-end", episode, finished, total: jobs.length });
      }
    } finally {
      await environment.close?.();
    }
  };

  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(jobs.length, 1)) }, worker));
  return [...results.entries()].sort(([a], [b]) => a - b).map(([, episode]) => episode);
}
