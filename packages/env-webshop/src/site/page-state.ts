/** Sub-pages of an item (spec webshop.md §6); `Attributes` only with `showAttributes`. */
export type SubPageName = "Description" | "Features" | "Reviews" | "Attributes";

/** Where a results page came from: the search keywords and the page number. */
export interface SearchPosition {
  /** `query.split(' ')` of the lower-cased search argument (empty strings kept). */
  keywords: readonly string[];
  pageNum: number;
  /** The ranked hits of the search (at most 50 ASINs). */
  hits: readonly string[];
}

/** The page a session shows (spec §6). Options and visited ASINs live beside it in the session. */
export type PageState =
  | { kind: "search" }
  | ({ kind: "results" } & SearchPosition)
  | ({ kind: "item"; asin: string } & SearchPosition)
  | ({ kind: "sub"; asin: string; sub: SubPageName } & SearchPosition)
  | { kind: "done"; asin: string; reward: number };

export type PageKind = PageState["kind"];

/** What a clickable text does on the current page (spec §8). */
export type ClickTarget =
  | { kind: "button"; label: ButtonLabel }
  | { kind: "asin"; asin: string }
  | { kind: "option"; group: string; value: string };

/** Button texts, lower-cased as clickables. */
export type ButtonLabel =
  | "search"
  | "back to search"
  | "< prev"
  | "next >"
  | "description"
  | "features"
  | "reviews"
  | "attributes"
  | "buy now";

/** `get_available_actions()` (spec §8). */
export interface AvailableActions {
  hasSearchBar: boolean;
  clickables: string[];
}
