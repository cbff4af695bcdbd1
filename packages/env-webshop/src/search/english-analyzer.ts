import { stemmer } from "stemmer";
import { standardTokenize } from "./standard-tokenizer.js";

/**
 * Anserini's `DefaultEnglishAnalyzer` (spec webshop.md §10.2), used for documents and queries:
 * standard tokenizer → English possessive filter → lower case → Lucene's English stop words →
 * Porter stemmer. Stemming uses the `stemmer` package (the original Porter algorithm with the
 * reference implementation's `bli`/`logi` rules, as Lucene's `PorterStemmer`); it agreed with
 * `porter-stemmer` and `natural` on all 7,101 words of the WebShop instructions and attributes.
 */

/** Lucene's `EnglishAnalyzer.ENGLISH_STOP_WORDS_SET` (33 words). */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
  "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they",
  "this", "to", "was", "will", "with",
]);

/** Lucene's `EnglishPossessiveFilter`: drops a trailing `'s`, `’s` or `＇s` (either case). */
function dropPossessive(token: string): string {
  const n = token.length;
  if (n < 2) return token;
  const s = token.charCodeAt(n - 1);
  const quote = token.charCodeAt(n - 2);
  const isQuote = quote === 0x27 || quote === 0x2019 || quote === 0xff07;
  return isQuote && (s === 0x73 || s === 0x53) ? token.slice(0, n - 2) : token;
}

/** Memo of stems: product text repeats the same words very often. Bounded to cap memory. */
const stems = new Map<string, string>();
const MAX_MEMO = 500_000;

function stem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    stemmed = stemmer(word);
    if (stems.size >= MAX_MEMO) stems.clear();
    stems.set(word, stemmed);
  }
  return stemmed;
}

/** The indexed terms of `text`, in order (duplicates kept). */
export function analyzeEnglish(text: string): string[] {
  const terms: string[] = [];
  for (const token of standardTokenize(text)) {
    const lower = dropPossessive(token).toLowerCase();
    if (lower === "" || ENGLISH_STOP_WORDS.has(lower)) continue;
    terms.push(stem(lower));
  }
  return terms;
}
