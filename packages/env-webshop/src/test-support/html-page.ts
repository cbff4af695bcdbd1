import { parseDocument } from "htmlparser2";
import type { AvailableActions } from "../site/page-state.js";
import { pythonStrip } from "@hiper/core";

// Tests only: upstream's HTML → text rule (spec webshop.md §7.1) and clickables (§8, §15) on a
// real HTML parser, to check the page strings against real rendered pages.

const SKIPPED = new Set(["style", "script", "head", "title", "meta"]);

type ChildNode = ReturnType<typeof parseDocument>["children"][number];
type Element = Extract<ChildNode, { attribs: Record<string, string> }>;

function isElement(node: ChildNode): node is Element {
  return "attribs" in node;
}

/** Every visible text node in document order, as BeautifulSoup yields them (comments excluded). */
function textNodes(nodes: readonly ChildNode[], out: string[]): string[] {
  for (const node of nodes) {
    if (node.type === "text" && "data" in node) out.push(node.data);
    else if (isElement(node) && !SKIPPED.has(node.name)) textNodes(node.children, out);
  }
  return out;
}

/**
 * The text observation of an HTML page: text nodes outside style/script/head/title/meta, with
 * whitespace-only nodes collapsed as BeautifulSoup does (`"\n"` if they hold a newline, else
 * `" "`), `"\n"` nodes dropped, the rest stripped and joined with `" [SEP] "`.
 */
export function htmlToText(html: string): string {
  const nodes = textNodes(parseDocument(html).children, []);
  return nodes
    .map((text) => (pythonStrip(text) === "" ? (text.includes("\n") ? "\n" : " ") : text))
    .filter((text) => text !== "\n")
    .map((text) => pythonStrip(text))
    .join(" [SEP] ");
}

function elements(nodes: readonly ChildNode[], out: Element[]): Element[] {
  for (const node of nodes) {
    if (isElement(node)) {
      out.push(node);
      elements(node.children, out);
    }
  }
  return out;
}

const classes = (element: Element): string[] => (element.attribs.class ?? "").split(/\s+/);
const innerText = (element: Element): string => textNodes(element.children, []).join("");

/** `get_available_actions()` of an HTML page: `btn` elements, then `product-link`s, then radio values. */
export function htmlAvailableActions(html: string): AvailableActions {
  const all = elements(parseDocument(html).children, []);
  const clickables = new Map<string, true>();
  for (const element of all.filter((candidate) => classes(candidate).includes("btn"))) clickables.set(innerText(element).trim().toLowerCase(), true);
  for (const element of all.filter((candidate) => classes(candidate).includes("product-link"))) clickables.set(innerText(element).trim().toLowerCase(), true);
  for (const element of all.filter((candidate) => candidate.name === "input" && candidate.attribs.type === "radio")) clickables.set(element.attribs.value ?? "", true);
  return { hasSearchBar: all.some((element) => element.attribs.id === "search_input"), clickables: [...clickables.keys()] };
}
