import { z } from "zod";
import { HumanInstruction } from "./product.js";

/**
 * One entry of the attribute file `items_ins_v2[_1000].json` (spec webshop.md §1, §2.4), keyed by
 * ASIN. `attributes` may be absent or empty; `instruction*` only for synthetic goal targets.
 */
export const AttributeEntry = z.looseObject({
  attributes: z.array(z.string()).optional(),
  instruction: z.string().optional(),
  instruction_attributes: z.array(z.string()).optional(),
});
export type AttributeEntry = z.infer<typeof AttributeEntry>;

export const AttributeFile = z.record(z.string(), AttributeEntry);
export type AttributeFile = z.infer<typeof AttributeFile>;

/** `items_human_ins.json`: ASIN → human instructions (§2.4). */
export const HumanInstructionFile = z.record(z.string(), z.array(HumanInstruction));
export type HumanInstructionFile = z.infer<typeof HumanInstructionFile>;
