import type { Environment, Observation, ResetOptions } from "../env/environment.js";
import { Step } from "../env/environment.js";
import { describeError } from "../errors/index.js";
import type { Policy, PolicyInput } from "../policy/policy.js";
import { type HistoryEntry, historyWindow } from "../protocol/history.js";
import { parsePlanExecute } from "../protocol/parse-plan-execute.js";
import type { PromptStyle } from "../protocol/prompt-style.js";
import { parseTrainingResponse } from "../protocol/training-parse.js";
import type { EpisodeRecord } from "../trajectory/episode-record.js";
import { TRAJECTORY_SCHEMA_VERSION } from "../trajectory/episode-record.js";
import type { TurnRecord } from "../trajectory/turn-record.js";
import type { RolloutEvent } from "./rollout-events.js";

export interface EpisodeOptions {
  environment: Environment;
  policy: Policy;
  promptStyle: PromptStyle;
  reset: ResetOptions;
  trajectoryId: string;
  groupId: string;
  /** Turns before the episode is cut off as truncated. */
  maxSteps: number;
  /** How many past turns the prompt shows (spec §1.2: 2). */
  historyLength: number;
  onEvent?: (event: RolloutEvent) => void;
  signal?: AbortSignal;
}

/**
 * Runs one episode of the Plan-Execute loop (spec §1.2): build the turn input, let the policy
 * write the three blocks, parse them, execute the action (even when the turn is invalid), and
 * record everything. A policy or environment failure ends the episode as `failed` with its
 * reason; the turns so far are kept.
 */
export async function runEpisode(options: EpisodeOptions): Promise<EpisodeRecord> {
  const { environment, policy, promptStyle, trajectoryId, groupId } = options;
  const started = Date.now();
  const turns: TurnRecord[] = [];
  const history: HistoryEntry[] = [];
  let status: EpisodeRecord["status"] = "truncated";
  let error: string | undefined;
  let task = "";
  let observation: Observation | undefined;
  let currentSubgoal = "None";
  options.onEvent?.({ type: "episode-start", trajectoryId, groupId });

  try {
    observation = await environment.reset(options.reset);
    task = observation.task;
  } catch (cause) {
    status = "failed";
    error = `reset failed: ${describeError(cause)}`;
  }

  for (let step = 0; observation && step < options.maxSteps; step += 1) {
    if (options.signal?.aborted) {
      status = "failed";
      error = "aborted";
      break;
    }
    const input: PolicyInput = {
      envId: environment.id,
      promptStyle,
      task,
      observation,
      step,
      history: historyWindow(history, options.historyLength),
      currentSubgoal,
    };
    let output;
    try {
      output = await policy.act(input, options.signal ? { signal: options.signal } : undefined);
    } catch (cause) {
      status = "failed";
      error = `policy failed at turn ${step}: ${describeError(cause)}`;
      break;
    }
    const parsed = parsePlanExecute(output.text, { style: promptStyle });
    let result: Step;
    try {
      result = Step.parse(await environment.step(parsed.action));
    } catch (cause) {
      status = "failed";
      error = `environment failed at turn ${step}: ${describeError(cause)}`;
      break;
    }
    const truncated = !result.done && (result.truncated === true || step === options.maxSteps - 1);
    const turn: TurnRecord = {
      trajectoryId,
      groupId,
      turnIndex: step,
      observation: observation.text,
      ...(observation.admissibleActions ? { admissibleActions: observation.admissibleActions } : {}),
      currentSubgoal,
      prompt: output.prompt,
      output: output.text,
      parsed,
      executedAction: parsed.action,
      ...(output.tokens ? { tokens: output.tokens } : {}),
      ...(output.tokens?.pieces ? { spans: parseTrainingResponse(output.tokens.pieces).spans } : {}),
      ...(output.usage ? { usage: output.usage } : {}),
      reward: result.reward,
      done: result.done,
      truncated,
      info: result.info,
    };
    turns.push(turn);
    options.onEvent?.({ type: "turn-end", trajectoryId, turn });
    history.push({ turn: step + 1, observation: observation.text, action: parsed.action });
    currentSubgoal = parsed.subgoal;
    observation = result.observation;
    if (result.done) {
      status = "done";
      break;
    }
    if (truncated) break;
  }

  const last = turns.at(-1);
  const usage = sumUsage(turns);
  return {
    schemaVersion: TRAJECTORY_SCHEMA_VERSION,
    trajectoryId,
    groupId,
    envId: environment.id,
    policyId: policy.id,
    task,
    ...(options.reset.seed !== undefined ? { seed: options.reset.seed } : {}),
    ...(options.reset.taskId !== undefined ? { taskId: options.reset.taskId } : {}),
    ...(typeof last?.info.taskType === "string" ? { taskType: last.info.taskType } : {}),
    status,
    ...(error !== undefined ? { error } : {}),
    won: last?.info.won === true,
    totalReward: turns.reduce((sum, t) => sum + t.reward, 0),
    ...(typeof last?.info.score === "number" ? { score: last.info.score } : {}),
    steps: turns.length,
    invalidTurns: turns.filter((t) => !t.parsed.valid).length,
    ...(usage ? { usage } : {}),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    turns,
  };
}

function sumUsage(turns: TurnRecord[]): EpisodeRecord["usage"] {
  const withUsage = turns.filter((t) => t.usage);
  if (withUsage.length === 0) return undefined;
  return {
    promptTokens: withUsage.reduce((sum, t) => sum + (t.usage?.promptTokens ?? 0), 0),
    completionTokens: withUsage.reduce((sum, t) => sum + (t.usage?.completionTokens ?? 0), 0),
  };
}
