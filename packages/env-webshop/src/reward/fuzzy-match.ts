import { compareCodePoints, pythonPairRepr, pythonRound } from "./python-text.js";
import { sequenceMatcherRatio } from "@hiper/core";

/**
 * thefuzz 0.19.0 `fuzz.ratio` and `fuzz.token_set_ratio` in their pure-Python form (spec
 * webshop.md §11.5). fuzzball was measured and not used: its ratio is Levenshtein-based and
 * disagreed with difflib on 1469 of 3000 random pairs, and it cannot stringify Python tuples.
 */

/** A fuzzy-match operand: a string, or a synthetic goal option `(name, value)`. */
export type FuzzyOperand = string | readonly [string, string];

/** thefuzz `full_process(str(x), force_ascii=True)`. */
export function fuzzProcess(x: FuzzyOperand): string {
  const text = typeof x === "string" ? x : pythonPairRepr(x);
  let kept = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    // asciidammit deletes exactly the code points 128–255
    if (code < 128 || code > 255) kept += ch;
  }
  // Python's (?u)\W: anything but a letter, a number or "_"
  return kept
    .replace(/[^\p{L}\p{N}_]/gu, " ")
    .toLowerCase()
    .trim();
}

/** `fuzz.ratio` on already processed strings. */
export function fuzzRatio(a: string, b: string): number {
  if (a === b) return 100;
  if (a.length === 0 || b.length === 0) return 0;
  return pythonRound(100 * sequenceMatcherRatio(a, b));
}

function sortedJoin(tokens: Iterable<string>): string {
  return [...tokens].sort(compareCodePoints).join(" ");
}

/** `fuzz.token_set_ratio(a, b)` with thefuzz 0.19 defaults. */
export function tokenSetRatio(a: FuzzyOperand, b: FuzzyOperand): number {
  const pa = fuzzProcess(a);
  const pb = fuzzProcess(b);
  if (pa.length === 0 || pb.length === 0) return 0;
  const ta = new Set(pa.split(/\s+/));
  const tb = new Set(pb.split(/\s+/));
  const sect = sortedJoin([...ta].filter((t) => tb.has(t)));
  const c1 = `${sect} ${sortedJoin([...ta].filter((t) => !tb.has(t)))}`.trim();
  const c2 = `${sect} ${sortedJoin([...tb].filter((t) => !ta.has(t)))}`.trim();
  return Math.max(fuzzRatio(sect, c1), fuzzRatio(sect, c2), fuzzRatio(c1, c2));
}
