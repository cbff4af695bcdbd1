import { pythonStrRepr } from "../reward/python-text.js";
import type { PageState } from "./page-state.js";

/** Python `urllib.parse.quote(text, safe="/:")`, as Werkzeug 1.x quotes URL path parts. */
function pythonQuote(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, "/")
    .replace(/%3A/g, ":");
}

const listRepr = (items: readonly string[]) => `[${items.map(pythonStrRepr).join(", ")}]`;
const dictRepr = (entries: Iterable<readonly [string, string]>) => `{${[...entries].map(([key, value]) => `${pythonStrRepr(key)}: ${pythonStrRepr(value)}`).join(", ")}}`;

/**
 * The URL the Flask site would show for a page (spec webshop.md §15 routes), e.g.
 * `/search_results/fixed_3/%5B%27teen%27%2C%20%27girl%27%5D/1`: keywords as a Python list
 * literal, options as a Python dict literal, both quoted.
 */
export function pageUrl(base: string, session: string, page: PageState, options: Iterable<readonly [string, string]>): string {
  const path = (() => {
    switch (page.kind) {
      case "search":
        return `/${session}`;
      case "results":
        return `/search_results/${session}/${pythonQuote(listRepr(page.keywords))}/${page.pageNum}`;
      case "item":
        return `/item_page/${session}/${page.asin}/${pythonQuote(listRepr(page.keywords))}/${page.pageNum}/${pythonQuote(dictRepr(options))}`;
      case "sub":
        return `/item_sub_page/${session}/${page.asin}/${pythonQuote(listRepr(page.keywords))}/${page.pageNum}/${page.sub}/${pythonQuote(dictRepr(options))}`;
      case "done":
        return `/done/${session}/${page.asin}/${pythonQuote(dictRepr(options))}`;
    }
  })();
  return `${base.replace(/\/+$/, "")}${path}`;
}
