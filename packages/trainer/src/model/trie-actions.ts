/** An admissible "action" that is a template for free text, such as WebShop's `search[<your query>]`. */
const TEMPLATE = /<[^<>]+>/;

/**
 * The admissible actions the decoder can be constrained to, or undefined when the action is free:
 * none were given, or one of them is a template whose text the policy must write itself.
 */
export function trieActions(admissibleActions: readonly string[] | undefined): readonly string[] | undefined {
  if (admissibleActions === undefined || admissibleActions.length === 0) return undefined;
  return admissibleActions.some((action) => TEMPLATE.test(action)) ? undefined : admissibleActions;
}
