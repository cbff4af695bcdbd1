import { ADVANTAGE_PRESETS, computeAdvantages, readTrajectories, runRollouts, TrajectoryWriter, type AdvantageResult } from "@hiper/core";
import { alfworldEnvironmentRegistration as alfworld } from "@hiper/env-alfworld";

/**
 * The data side of fine-tuning: roll out a policy on generated ALFWorld games in groups of
 * rollouts that share a task, keep them in a crash-safe JSONL file, then read them back and
 * compute HiPER's hierarchical advantages (or any baseline's) for every turn.
 */
export async function collectAndScore(options: { out: string; tasks: number; group: number; algo: "hiper" | "gigpo" | "grpo" }): Promise<AdvantageResult> {
  const explorer = alfworld.policies?.explorer;
  if (!explorer) throw new Error("the alfworld registration provides an explorer policy");
  const writer = await TrajectoryWriter.open(options.out);
  try {
    await runRollouts({
      envId: alfworld.id,
      createEnvironment: () => alfworld.create(),
      policy: (environment) => explorer.create({ environment }),
      promptStyle: "alfworld",
      tasks: Array.from({ length: options.tasks }, (_, seed) => ({ seed })),
      groupSize: options.group,
      concurrency: 4,
      maxSteps: 50,
      onEpisode: (episode) => writer.write(episode),
    });
  } finally {
    await writer.close();
  }
  const { episodes } = await readTrajectories(options.out);
  return computeAdvantages(options.algo, episodes, ADVANTAGE_PRESETS.alfworld);
}
