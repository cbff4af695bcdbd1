import { z } from "zod";
import { StepInfo } from "../env/environment.js";
import { OutputTokens, TokenUsage } from "../policy/policy.js";
import { BlockSpans, PlanExecuteOutput } from "../protocol/plan-execute-output.js";

/** Critic read-outs of a turn (spec §2.4), when the policy that wrote it has value heads. */
export const TurnValues = z.object({
  high: z.number(),
  low: z.number(),
  term: z.number(),
});
export type TurnValues = z.infer<typeof TurnValues>;

/** One turn: what the agent saw, what it wrote, what the environment answered. */
export const TurnRecord = z.object({
  trajectoryId: z.string(),
  /** Rollouts that share one task share a group id. */
  groupId: z.string(),
  turnIndex: z.number().int().nonnegative(),
  /** The observation shown at this turn (the GiGPO anchor). */
  observation: z.string(),
  admissibleActions: z.array(z.string()).optional(),
  /** The env-side subgoal in force before this turn ("None" at turn 0). */
  currentSubgoal: z.string(),
  prompt: z.string(),
  output: z.string(),
  /** Environment-side parse (spec §1.4). */
  parsed: PlanExecuteOutput,
  /** The action string sent to the environment. */
  executedAction: z.string(),
  tokens: OutputTokens.optional(),
  /** Training-side block spans over `tokens` (spec §2.3), when tokens are known. */
  spans: BlockSpans.optional(),
  values: TurnValues.optional(),
  usage: TokenUsage.optional(),
  /** Raw environment reward (spec §1.5); shaping happens in the estimators. */
  reward: z.number(),
  done: z.boolean(),
  /** The step limit ended the episode at this turn without a terminal. */
  truncated: z.boolean(),
  info: StepInfo,
});
export type TurnRecord = z.infer<typeof TurnRecord>;
