import type { Environment } from "@hiper/core";
import { z } from "zod";
import type { AvailableActions } from "../site/page-state.js";

/**
 * The WebShop flavour of the AgentGym HTTP protocol (spec webshop.md §14; AgentGym
 * `agentenv-webshop`): request and response shapes, shared by `serveWebshop` and
 * `RemoteWebshopEnvironment`. Query parameter and body field are both named `env_idx`.
 *
 * Differences from upstream, all additive or stricter: unknown ids answer 404 `{"error"}`
 * (upstream: an unhandled 500), a step after the purchase 409 (upstream accepts it), and the
 * step answer's `info` carries the environment's step info (`won`, `valid`, `score`, `taskType`,
 * `truncated`) where upstream sends `null`.
 */

/** `GET /` answers this JSON string. */
export const WEBSHOP_GREETING = "ok";

export const WebshopResetRequest = z.object({ env_idx: z.int(), session_id: z.int().nullish() });
export type WebshopResetRequest = z.infer<typeof WebshopResetRequest>;

export const WebshopStepRequest = z.object({ env_idx: z.int(), action: z.string() });
export type WebshopStepRequest = z.infer<typeof WebshopStepRequest>;

export const WebshopCloseRequest = z.object({ env_idx: z.int() });
export type WebshopCloseRequest = z.infer<typeof WebshopCloseRequest>;

/** `POST /reset`: `[observation, null]`. */
export const WebshopResetResponse = z.tuple([z.string(), z.null()]);

/** `POST /step`: the environment's `(state, reward, done, info)`. */
export const WebshopStepResponse = z.object({
  state: z.string(),
  reward: z.number(),
  done: z.boolean(),
  info: z.record(z.string(), z.unknown()).nullable(),
});
export type WebshopStepResponse = z.infer<typeof WebshopStepResponse>;

export const WebshopAvailableActionsResponse = z.object({ has_search_bar: z.boolean(), clickables: z.array(z.string()) });

/** `GET /state`. */
export const WebshopPageState = z.object({ url: z.string(), html: z.string(), instruction_text: z.string() });
export type WebshopPageState = z.infer<typeof WebshopPageState>;

/**
 * What the WebShop routes need beyond `Environment`: the current page's text, its available
 * actions, its instruction heading and its state. `WebshopEnvironment` and
 * `RemoteWebshopEnvironment` both provide it, so a server can front either.
 */
export interface WebshopPages {
  pageText(): Promise<string>;
  availableActions(): Promise<AvailableActions>;
  /** `Instruction: …` (search page) or `Instruction:…`; undefined on the done page. */
  instructionText(): Promise<string | undefined>;
  pageState(): Promise<WebshopPageState>;
}

export type WebshopServable = Environment & WebshopPages;

/** The verl-agent task of a WebShop page: its third ` [SEP] ` part, after `Instruction:` (spec §13.1). */
export function instructionOfPage(page: string): string | undefined {
  const parts = page.split(" [SEP] ");
  const at = parts.indexOf("Instruction:");
  return at === -1 ? undefined : parts[at + 1];
}
