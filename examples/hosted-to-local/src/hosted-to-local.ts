import { join } from "node:path";
import { type EpisodeRecord, OpenAIPolicy, runRollouts, summarizeEpisodes, TrajectoryWriter } from "@hiper/core";
import { alfworldEnvironmentRegistration as alfworld } from "@hiper/env-alfworld";
import { loadLocalPolicy, runTraining, servePolicy, type TrainConfigInput } from "@hiper/trainer";

export interface HostedModel {
  /** Any OpenAI-compatible endpoint: OpenAI, vLLM, Ollama, or another `hiper serve`. */
  baseURL?: string;
  apiKey?: string;
  model: string;
}

/**
 * The whole loop: collect ALFWorld episodes from a hosted model with the paper's prompt, warm-start
 * a local policy on them and train it with HiPER's advantages, serve the result as an OpenAI
 * endpoint, and run the same agent loop against it through the OpenAI client.
 */
export async function hostedToLocal(options: { hosted: HostedModel; outDir: string; episodes: number; config: Omit<TrainConfigInput, "env">; servedEpisodes: number }) {
  // Both the hosted and the served model play the same agent loop, on different tasks.
  const play = (policy: OpenAIPolicy, firstSeed: number, count: number, historyLength: number, onEpisode?: (episode: EpisodeRecord) => Promise<void>) =>
    runRollouts({
      envId: alfworld.id,
      createEnvironment: () => alfworld.create({}),
      policy,
      promptStyle: "alfworld",
      tasks: Array.from({ length: count }, (_, i) => ({ seed: firstSeed + i })),
      concurrency: 4,
      maxSteps: options.config.maxSteps ?? 50,
      historyLength,
      ...(onEpisode ? { onEpisode } : {}),
    });

  // 1. Collect: every finished episode is on disk as soon as it ends.
  const trajectories = join(options.outDir, "hosted.jsonl");
  const hosted = new OpenAIPolicy({ ...options.hosted, temperature: 1 });
  const writer = await TrajectoryWriter.open(trajectories);
  const collected = await play(hosted, 0, options.episodes, 2, (episode) => writer.write(episode));
  await writer.close();

  // 2. Warm start on the collected turns, then PPO with hierarchical advantages.
  const run = await runTraining({
    registration: alfworld,
    outDir: join(options.outDir, "run"),
    config: { ...options.config, env: alfworld.id, algo: "hiper" },
    warmStart: { kind: "trajectories", path: trajectories },
  });

  // 3. Serve the trained checkpoint on loopback, 4. and drive the agent through the OpenAI API.
  const local = await loadLocalPolicy(run.checkpointDir, { temperature: 0.4, batchWindowMs: 5 });
  const server = await servePolicy({ policy: local, modelName: "hiper-local" });
  try {
    const served = new OpenAIPolicy({ model: "hiper-local", baseURL: `${server.url}/v1` });
    const episodes = await play(served, 100_000, options.servedEpisodes, run.config.historyLength);
    return {
      trajectories,
      collected: summarizeEpisodes(collected, { env: alfworld.id, policy: hosted.id }),
      usage: hosted.usage(),
      checkpoint: run.checkpointDir,
      served: summarizeEpisodes(episodes, { env: alfworld.id, policy: served.id }),
    };
  } finally {
    await server.close();
    await local.close();
  }
}
