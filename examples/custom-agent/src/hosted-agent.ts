import { OpenAIPolicy, runRollouts, summarizeEpisodes, TrajectoryWriter, type RunSummary } from "@hiper/core";
import { houseEnvironmentRegistration as house } from "@hiper/example-custom-env";

/**
 * A Plan-Execute agent on any OpenAI-compatible model (OpenAI, vLLM, Ollama): it plays a few
 * houses, appends every finished episode to a JSONL file, and returns the summary.
 * The endpoint and key come from OPENAI_BASE_URL and OPENAI_API_KEY.
 */
export async function runHostedAgent(options: { model: string; episodes: number; out: string }): Promise<RunSummary> {
  const policy = new OpenAIPolicy({ model: options.model, temperature: 0.4, concurrency: 4 });
  const writer = await TrajectoryWriter.open(options.out);
  try {
    const episodes = await runRollouts({
      envId: house.id,
      createEnvironment: () => house.create(),
      policy,
      promptStyle: "generic",
      tasks: Array.from({ length: options.episodes }, (_, seed) => ({ seed })),
      concurrency: 4,
      maxSteps: 30,
      onEpisode: (episode) => writer.write(episode),
    });
    return summarizeEpisodes(episodes, { env: house.id, policy: policy.id });
  } finally {
    await writer.close();
    await policy.close();
  }
}
