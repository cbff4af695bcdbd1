import { z } from "zod";

/** Which hosted-model prompt template an environment uses (spec §1.3). */
export const PromptStyle = z.enum(["alfworld", "webshop", "generic"]);
export type PromptStyle = z.infer<typeof PromptStyle>;
