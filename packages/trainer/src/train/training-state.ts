import { SeededRandomState } from "@hiper/core";
import { z } from "zod";
import { TrainConfig } from "./train-config.js";

/** What a training checkpoint records besides weights and optimiser: enough to continue exactly. */
export const TrainingState = z.object({
  config: TrainConfig,
  /** Iterations completed. */
  iteration: z.number().int().nonnegative(),
  /** Environment steps taken in RL rollouts so far. */
  envSteps: z.number().int().nonnegative(),
  /** The sampling draws of the policy and the mini-batch shuffles. */
  random: z.object({ policy: SeededRandomState, shuffle: SeededRandomState }),
});
export type TrainingState = z.infer<typeof TrainingState>;
