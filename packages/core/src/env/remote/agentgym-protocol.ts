import { z } from "zod";
import type { Observation } from "../environment.js";

/**
 * The ALFWorld flavour of the AgentGym HTTP protocol (spec alfworld.md §12): request and response
 * shapes, the exact error messages and the text conventions of §11.2. Shared by
 * `serveEnvironment` and `RemoteEnvironment`.
 *
 * Our extensions (additive keys, which AgentGym clients ignore): the reset response carries
 * `task`, the step response carries `truncated` and `info` (the environment's step info: `won`,
 * `valid`, `taskType`, ...), and `POST /close` is implemented.
 */

/** `GET /` answers this JSON string. */
export const AGENTGYM_GREETING = "This is environment AlfWorld.";

export const AGENTGYM_WORLD_TYPES = ["Text", "Embody", "Hybrid"] as const;
export type AgentGymWorldType = (typeof AGENTGYM_WORLD_TYPES)[number];

/** The exact error messages of the upstream server. */
export const agentGymErrors = {
  invalidId: (id: number) => `The id ${id} is not valid.`,
  deleted: (id: number) => `The task with environment ${id} has been deleted.`,
  finished: (id: number) => `The task with environment ${id} has finished.`,
  worldType: 'world_type must be one of "Text", "Embody" and "Hybrid"',
} as const;

export const AgentGymResetRequest = z.object({ id: z.int(), game: z.int(), world_type: z.string() });
export type AgentGymResetRequest = z.infer<typeof AgentGymResetRequest>;

export const AgentGymStepRequest = z.object({ id: z.int(), action: z.string() });
export type AgentGymStepRequest = z.infer<typeof AgentGymStepRequest>;

export const AgentGymCloseRequest = z.object({ id: z.int() });
export type AgentGymCloseRequest = z.infer<typeof AgentGymCloseRequest>;

/** Any answer may be an error body instead; `error` is a string upstream but read tolerantly. */
const errorField = z.unknown().nullish();

export const AgentGymCreateResponse = z.object({ id: z.int().nullish(), error: errorField });
export type AgentGymCreateResponse = z.infer<typeof AgentGymCreateResponse>;

export const AgentGymResetResponse = z.object({
  id: z.int().nullish(),
  observation: z.string().nullish(),
  available_actions: z.array(z.string()).nullish(),
  task_type: z.string().nullish(),
  task: z.string().nullish(),
  error: errorField,
});
export type AgentGymResetResponse = z.infer<typeof AgentGymResetResponse>;

export const AgentGymStepResponse = z.object({
  observation: z.string().nullish(),
  reward: z.number().nullish(),
  available_actions: z.array(z.string()).nullish(),
  done: z.boolean().nullish(),
  truncated: z.boolean().nullish(),
  info: z.record(z.string(), z.unknown()).nullish(),
  error: errorField,
});
export type AgentGymStepResponse = z.infer<typeof AgentGymStepResponse>;

const TASK_PREFIX = "Your task is to: ";
const BANNER = /^-= [^\n]* =-\n\n/;

/**
 * The reset observation AgentGym shows: the intro without its `-= … =-` banner, the remaining
 * paragraphs joined by a single newline (§11.2). A text without a banner is kept as it is, and
 * when it does not state the task, `Your task is to: <task>` is appended so that an AgentGym
 * client, which sees only this string, still learns the task.
 */
export function agentGymResetText(observation: Observation): string {
  let text = observation.text;
  if (BANNER.test(text)) text = text.split("\n\n").slice(1).join("\n");
  if (observation.task !== "" && !text.includes(TASK_PREFIX)) text = text === "" ? TASK_PREFIX + observation.task : `${text}\n${TASK_PREFIX}${observation.task}`;
  return text;
}

/** Upstream `process_ob`: drops a leading `You arrive at loc N. ` (old text; a no-op on new text). */
export function agentGymStepText(text: string): string {
  return text.startsWith("You arrive at loc ") ? text.slice(text.indexOf(". ") + 2) : text;
}

/** The task stated by a `Your task is to: …` line (the last one), trimmed; undefined if none. */
export function extractTask(text: string): string | undefined {
  const start = text.lastIndexOf(TASK_PREFIX);
  if (start < 0) return undefined;
  const line = text.slice(start + TASK_PREFIX.length).split("\n", 1)[0] ?? "";
  return line.trim();
}

/** How the AgentGym client shows a state to its model: `<observation>\nAVAILABLE ACTIONS: a,b,c`. */
export function formatAgentGymObservation(observation: Pick<Observation, "text" | "admissibleActions">): string {
  return `${observation.text}\nAVAILABLE ACTIONS: ${(observation.admissibleActions ?? []).join(",")}`;
}
