import { type EnvironmentRegistration, type EpisodeRecord, InvalidInputError, readTrajectories, type RolloutEvent, runRollouts } from "@hiper/core";
import { taskSeeds } from "./task-seeds.js";
import type { TrainConfig } from "./train-config.js";
import type { WarmStartSource } from "./warm-start-source.js";

/** The episodes to imitate: rollouts of an environment policy on warm-start tasks, or a trajectory file; won episodes only unless told otherwise. */
export async function collectDemonstrations(
  source: Exclude<WarmStartSource, { kind: "checkpoint" }>,
  registration: EnvironmentRegistration,
  config: TrainConfig,
  onEvent?: (event: RolloutEvent) => void,
): Promise<EpisodeRecord[]> {
  let episodes: EpisodeRecord[];
  if (source.kind === "trajectories") {
    episodes = (await readTrajectories(source.path)).episodes;
  } else {
    const provided = registration.policies?.[source.name];
    if (!provided) throw new InvalidInputError(`environment ${registration.id} has no policy "${source.name}"`);
    let instance = 0;
    episodes = await runRollouts({
      envId: registration.id,
      createEnvironment: () => registration.create(config.envOptions),
      policy: (environment) => provided.create({ environment, seed: config.warmStart.seed + instance++ }),
      promptStyle: registration.promptStyle ?? "generic",
      tasks: taskSeeds(config.warmStart.seed, 0, config.warmStart.episodes).map((seed) => ({ seed })),
      concurrency: 8,
      // Demonstrations play to the environment's own limit: the RL step limit is the learner's budget.
      maxSteps: registration.maxSteps ?? 50,
      historyLength: config.historyLength,
      ...(onEvent ? { onEvent } : {}),
    });
  }
  const kept = episodes.filter((episode) => episode.status !== "failed" && (!config.warmStart.successOnly || episode.won));
  if (kept.length === 0) throw new InvalidInputError(`no usable demonstrations: ${episodes.length} episode(s), none ${config.warmStart.successOnly ? "won" : "finished"}`);
  return kept;
}
