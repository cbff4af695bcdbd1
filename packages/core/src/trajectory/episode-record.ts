import { z } from "zod";
import { TokenUsage } from "../policy/policy.js";
import { TurnRecord } from "./turn-record.js";

/** Version of the trajectory file format; bump it and keep a fixture per version. */
export const TRAJECTORY_SCHEMA_VERSION = 1;

/** How an episode ended. `failed` episodes keep their turns and the reason. */
export const EpisodeStatus = z.enum(["done", "truncated", "failed"]);
export type EpisodeStatus = z.infer<typeof EpisodeStatus>;

/** One line of a trajectory file: a finished episode with all its turns. */
export const EpisodeRecord = z.object({
  schemaVersion: z.literal(TRAJECTORY_SCHEMA_VERSION),
  trajectoryId: z.string(),
  groupId: z.string(),
  envId: z.string(),
  policyId: z.string(),
  task: z.string(),
  seed: z.number().int().optional(),
  taskId: z.string().optional(),
  /** A category for per-type reporting (ALFWorld task type, ...). */
  taskType: z.string().optional(),
  status: EpisodeStatus,
  /** Why a failed episode failed. */
  error: z.string().optional(),
  won: z.boolean(),
  /** Sum of raw environment rewards. */
  totalReward: z.number(),
  /** The environment's final score, when it has one (WebShop). */
  score: z.number().optional(),
  steps: z.number().int().nonnegative(),
  invalidTurns: z.number().int().nonnegative(),
  usage: TokenUsage.optional(),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  turns: z.array(TurnRecord),
});
export type EpisodeRecord = z.infer<typeof EpisodeRecord>;
