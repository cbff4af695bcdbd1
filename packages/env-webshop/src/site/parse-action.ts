/** A WebShop action split as upstream splits it (spec webshop.md §9). */
export interface ParsedAction {
  /** Everything before the bracketed argument; case-sensitive, not trimmed. */
  name: string;
  /** The bracketed argument, lower-cased (not trimmed); null when the action has no `x[y]` shape. */
  argument: string | null;
}

/**
 * Python `re.match(r'(.+)\[(.+)\]', action)` without the regex (whose backtracking is quadratic
 * on inputs like `[[[[…`): the match lies on the first line; the argument ends at its last `]`,
 * and the name ends at the last `[` that leaves a name and an argument of at least one character.
 *
 * `click[buy now] please` → `click`, `buy now`; `click[x]]` → `click`, `x]`; `search[a] [b]` →
 * name `search[a] `, argument `b`; `look` → name `look`, no argument.
 */
export function parseAction(action: string): ParsedAction {
  const newline = action.indexOf("\n");
  const line = newline === -1 ? action : action.slice(0, newline);
  const close = line.lastIndexOf("]");
  const open = close >= 3 ? line.lastIndexOf("[", close - 2) : -1;
  if (open < 1) return { name: action, argument: null };
  return { name: line.slice(0, open), argument: line.slice(open + 1, close).toLowerCase() };
}
