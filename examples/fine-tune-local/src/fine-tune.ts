import { alfworldEnvironmentRegistration as alfworld } from "@hiper/env-alfworld";
import { evaluatePolicy, loadLocalPolicy, runTraining, selectBackend, type TrainConfigInput } from "@hiper/trainer";

/**
 * Fine-tuning a local policy on collected rollouts: behaviour cloning on a trajectory file (from
 * `hiper run --out`, `hiper collect` or your own agent), then PPO with HiPER's hierarchical
 * advantages, then the trained checkpoint evaluated next to the warm start.
 */
export async function fineTune(options: { trajectories: string; outDir: string; config: Omit<TrainConfigInput, "env">; evalEpisodes: number }) {
  const backend = await selectBackend(); // gpu → native → wasm → cpu
  const run = await runTraining({
    registration: alfworld,
    outDir: options.outDir,
    config: { ...options.config, env: alfworld.id, algo: "hiper" },
    warmStart: { kind: "trajectories", path: options.trajectories },
    onEvent: (event) => {
      if (event.type === "iteration") console.log(`iteration ${event.metrics.iteration}: success ${event.metrics.success_rate}`);
    },
  });
  const successRate = async (checkpoint: string) => {
    const policy = await loadLocalPolicy(checkpoint, { temperature: 0.4 });
    try {
      const report = await evaluatePolicy({
        registration: alfworld,
        envOptions: {},
        policy,
        policyLabel: checkpoint,
        episodes: options.evalEpisodes,
        seed: 100_000,
        historyLength: run.config.historyLength,
        concurrency: 16,
      });
      return report.summary.success_rate;
    } finally {
      await policy.close();
    }
  };
  return { backend: backend.name, metrics: run.metrics, before: await successRate(run.warmStartDir), after: await successRate(run.checkpointDir) };
}
