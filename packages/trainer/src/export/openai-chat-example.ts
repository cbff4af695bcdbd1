import { z } from "zod";
import { type EpisodeRecord, type PromptStyle, recordedTurnInputs, renderPrompt } from "@hiper/core";
import { demonstratedResponse } from "../data/turn-sequence.js";

/** One line of an OpenAI chat fine-tuning file: the turn's prompt and the decision to imitate. */
export const OpenAIChatExample = z.object({
  messages: z.tuple([
    z.object({ role: z.literal("user"), content: z.string().min(1) }),
    z.object({ role: z.literal("assistant"), content: z.string().min(1) }),
  ]),
});
export type OpenAIChatExample = z.infer<typeof OpenAIChatExample>;

export interface ChatExampleOptions {
  promptStyle: PromptStyle;
  /** Past turns shown in each prompt. */
  historyLength: number;
}

/**
 * Each turn of an episode as a chat example: the hosted Plan-Execute prompt rebuilt from the
 * record as the rollout loop builds it, and the decision in the canonical three blocks (the
 * subgoal in force on KEEP), as the local warm start imitates it. An invalid turn yields null.
 */
export function* openAIChatExamples(episode: EpisodeRecord, options: ChatExampleOptions): Generator<OpenAIChatExample | null> {
  for (const { turn, input } of recordedTurnInputs(episode, options)) {
    const response = demonstratedResponse(turn);
    yield response === null ? null : OpenAIChatExample.parse({ messages: [{ role: "user", content: renderPrompt(input) }, { role: "assistant", content: response }] });
  }
}
