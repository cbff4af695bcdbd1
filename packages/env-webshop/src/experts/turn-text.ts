/** One Plan-Execute turn (plan-execute-hae.md §1.1): three blocks, a newline between them. */
export function planExecuteText(switchDecision: "KEEP" | "SWITCH", subgoal: string, action: string): string {
  return `<switch>${switchDecision}</switch>\n<subgoal>${subgoal}</subgoal>\n<action>${action}</action>`;
}

/** The expert's subgoals, in the order an episode goes through them. */
export const WebshopSubgoals = {
  search: "search for the product",
  open: "open a matching item",
  options: "choose the options",
  buy: "buy",
} as const;
export type WebshopSubgoal = (typeof WebshopSubgoals)[keyof typeof WebshopSubgoals];
