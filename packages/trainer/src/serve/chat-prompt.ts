import { readRenderedPrompt } from "@hiper/core";
import { renderCompactPrompt } from "../policy/compact-prompt.js";
import type { TurnRequest } from "../policy/local-policy.js";
import { type ChatMessage, messageText } from "./chat-completion-request.js";
import { OpenAIHttpError } from "./openai-error.js";

/** The compact prompt's last line names the subgoal in force (see `renderCompactPrompt`). */
const COMPACT_SUBGOAL = /(?:^|\n)subgoal: ([^\n]*)\n?$/;

/**
 * The turn a chat request asks for. The prompt is the last user message:
 * - the hosted Plan-Execute prompt (what `OpenAIPolicy` sends, spec §1.3) is read back into its
 *   parts and re-rendered as the compact prompt the local model was trained on, with the
 *   admissible actions as the action constraint;
 * - any other text is taken as a compact prompt as it is (the subgoal in force read from its
 *   `subgoal:` line, "None" without one) and the action is decoded freely.
 * Earlier messages (a system prompt, past turns) carry nothing the local model was trained to use.
 */
export function turnRequestFromMessages(messages: readonly ChatMessage[]): TurnRequest {
  const last = [...messages].reverse().find((message) => message.role === "user");
  if (last === undefined) throw new OpenAIHttpError(400, "messages must include a user message holding the prompt", { param: "messages" });
  const text = messageText(last);
  if (text.trim() === "") throw new OpenAIHttpError(400, "the last user message is empty", { param: "messages" });
  const parts = readRenderedPrompt(text);
  if (parts !== null) {
    const admissible = parts.observation.admissibleActions;
    return {
      prompt: renderCompactPrompt(parts),
      currentSubgoal: parts.currentSubgoal,
      ...(admissible !== undefined && admissible.length > 0 ? { admissibleActions: admissible } : {}),
    };
  }
  return { prompt: text, currentSubgoal: COMPACT_SUBGOAL.exec(text)?.[1] ?? "None" };
}
