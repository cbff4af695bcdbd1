import { type EnvironmentRegistration, type EpisodeRecord, InvalidInputError, readTrajectories, type RolloutEvent, runRollouts } from "@hiper/core";
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
      tasks: Array.from({ length: config.warmStart.episodes }, (_, i) => ({ seed: config.warmStart.seed + i })),
      concurrency: 8,
      maxSteps: config.maxSteps ?? registration.maxSteps ?? 50,
      historyLength: config.historyLength,
      ...(onEvent ? { onEvent } : {}),
    });
  }
  const kept = episodes.filter((episode) => episode.status !== "failed" && (!config.warmStart.successOnly || episode.won));
  if (kept.length === 0) throw new InvalidInputError(`no usable demonstrations: ${episodes.length} episode(s), none ${config.warmStart.successOnly ? "won" : "finished"}`);
  return kept;
}
