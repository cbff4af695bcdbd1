import type { AvailableActions } from "./page-state.js";

/** What the agent is told it may write on the search page to search. */
export const SEARCH_ACTION = "search[<your query>]";

/**
 * The admissible actions of a page as verl-agent lists them (spec webshop.md §13.1):
 * `search[<your query>]` when there is a search bar, then `click[<c>]` for every clickable.
 * `click[search]`, which upstream lists and then refuses (§9), is left out unless
 * `listClickSearch` asks for the upstream list.
 */
export function admissibleActions(available: AvailableActions, options: { listClickSearch?: boolean } = {}): string[] {
  const clicks = available.clickables.filter((clickable) => options.listClickSearch === true || clickable !== "search").map((clickable) => `click[${clickable}]`);
  return available.hasSearchBar ? [SEARCH_ACTION, ...clicks] : clicks;
}
