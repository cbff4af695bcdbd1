import { z } from "zod";

/** What the agent sees after reset or step. */
export const Observation = z.object({
  /** The text the environment shows for this state. */
  text: z.string(),
  /** The task of the episode, unchanged across steps. */
  task: z.string(),
  /** Commands that are valid now, when the environment knows them. */
  admissibleActions: z.array(z.string()).optional(),
});
export type Observation = z.infer<typeof Observation>;

/** Free-form information about a step; a few keys have fixed meanings. */
export const StepInfo = z
  .object({
    /** The task was accomplished. */
    won: z.boolean().optional(),
    /** A graded score in [0, 1] where the environment has one (WebShop). */
    score: z.number().optional(),
    /** The environment understood the action (false: it was a no-op). */
    valid: z.boolean().optional(),
    /** A category for per-type reporting (ALFWorld task type, ...). */
    taskType: z.string().optional(),
  })
  .catchall(z.unknown());
export type StepInfo = z.infer<typeof StepInfo>;

export const Step = z.object({
  observation: Observation,
  reward: z.number().refine(Number.isFinite, "reward must be finite"),
  /** A true terminal: the task was won or failed for good. */
  done: z.boolean(),
  /** The environment's own step limit ended the episode without a terminal. */
  truncated: z.boolean().optional(),
  info: StepInfo,
});
export type Step = z.infer<typeof Step>;

export const ResetOptions = z.object({
  seed: z.number().int().optional(),
  taskId: z.string().optional(),
});
export type ResetOptions = z.infer<typeof ResetOptions>;

/**
 * The contract every environment implements. `reset` starts an episode (deterministic for a
 * seed or task id), `step` runs one action. An action the environment does not understand is
 * not an exception: it is a step with `info.valid === false`.
 */
export interface Environment {
  readonly id: string;
  reset(options?: ResetOptions): Promise<Observation>;
  step(action: string): Promise<Step>;
  close?(): Promise<void>;
}
