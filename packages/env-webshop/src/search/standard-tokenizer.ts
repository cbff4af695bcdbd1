/**
 * Word tokens after Lucene's `StandardTokenizer` (Unicode UAX #29 word boundaries), reduced to
 * the rules that matter for product text (spec webshop.md §10.2 step 1):
 *
 * - runs of letters, digits and connector punctuation (`_`) form one token (`12oz`, `b078gwrc1j`);
 * - `MidLetter`/`MidNumLet` characters (`'`, `’`, `.`, `:`, `·`) join two letters (`l'eau`,
 *   `d.o.n`); `MidNum`/`MidNumLet` characters (`,`, `;`, `.`) join two digits (`2.7`, `1,000`);
 * - combining marks and format characters stay inside the token they follow;
 * - every Han or Hiragana character is a token of its own;
 * - everything else separates tokens and is dropped (`-`, `/`, `&`, `#`, `|`, `(`, symbols).
 *
 * Deliberate deviations from Lucene, covered by tests: emoji are dropped (Lucene ≥ 7 emits them
 * as tokens), Katakana and South-East Asian scripts are treated as letters, and the Hebrew
 * quote rules are not applied. Tokens longer than 255 UTF-16 units are cut into 255-unit pieces.
 */

export const MAX_TOKEN_LENGTH = 255;

const enum Kind {
  Letter,
  Digit,
  Connector,
  Extend,
  MidLetter,
  MidNum,
  MidNumLet,
  Ideograph,
  Other,
}

const LETTER = /[\p{L}\p{Nl}]/u;
const IDEOGRAPH = /[\p{Script=Han}\p{Script=Hiragana}]/u;
const DIGIT = /\p{Nd}/u;
const CONNECTOR = /\p{Pc}/u;
const EXTEND = /[\p{M}\p{Cf}]/u;
const MID_LETTER = new Set([0x3a, 0xb7, 0x387, 0x5f4, 0x2027, 0xfe13, 0xfe55, 0xff1a]);
const MID_NUM = new Set([
  0x2c, 0x3b, 0x37e, 0x589, 0x60c, 0x60d, 0x66c, 0x7f8, 0x2044, 0xfe10, 0xfe14, 0xfe50, 0xfe54, 0xff0c, 0xff1b,
]);
const MID_NUM_LET = new Set([0x27, 0x2e, 0x2018, 0x2019, 0x2024, 0xfe52, 0xff07, 0xff0e]);

/** Kinds of the ASCII characters, looked up instead of tested. */
const ASCII_KINDS: Kind[] = Array.from({ length: 128 }, (_, code) => {
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return Kind.Letter;
  if (code >= 0x30 && code <= 0x39) return Kind.Digit;
  if (code === 0x5f) return Kind.Connector;
  if (MID_NUM_LET.has(code)) return Kind.MidNumLet;
  if (MID_LETTER.has(code)) return Kind.MidLetter;
  if (MID_NUM.has(code)) return Kind.MidNum;
  return Kind.Other;
});

function classify(code: number): Kind {
  if (code < 0x80) return ASCII_KINDS[code] as Kind;
  if (MID_NUM_LET.has(code)) return Kind.MidNumLet;
  if (MID_LETTER.has(code)) return Kind.MidLetter;
  if (MID_NUM.has(code)) return Kind.MidNum;
  const ch = String.fromCodePoint(code);
  if (IDEOGRAPH.test(ch)) return Kind.Ideograph;
  if (LETTER.test(ch)) return Kind.Letter;
  if (DIGIT.test(ch)) return Kind.Digit;
  if (CONNECTOR.test(ch)) return Kind.Connector;
  if (EXTEND.test(ch)) return Kind.Extend;
  return Kind.Other;
}

function joinsLetters(kind: Kind): boolean {
  return kind === Kind.MidLetter || kind === Kind.MidNumLet;
}

function joinsDigits(kind: Kind): boolean {
  return kind === Kind.MidNum || kind === Kind.MidNumLet;
}

/** Splits `text` into word tokens (original case). Tokens are contiguous substrings of `text`. */
export function standardTokenize(text: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  let end = -1;
  let hasWord = false;
  // the kind of the last non-extend character of the current token
  let last = Kind.Other;

  const flush = () => {
    if (hasWord) {
      for (let at = start; at < end; at += MAX_TOKEN_LENGTH) tokens.push(text.slice(at, Math.min(end, at + MAX_TOKEN_LENGTH)));
    }
    start = -1;
    hasWord = false;
    last = Kind.Other;
  };

  /** The kind of the first non-extend character at or after UTF-16 index `from`. */
  const baseAt = (from: number): Kind => {
    for (let j = from; j < text.length; ) {
      const code = text.codePointAt(j) as number;
      const kind = classify(code);
      if (kind !== Kind.Extend) return kind;
      j += code > 0xffff ? 2 : 1;
    }
    return Kind.Other;
  };

  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i) as number;
    const next = i + (code > 0xffff ? 2 : 1);
    const kind = classify(code);
    switch (kind) {
      case Kind.Letter:
      case Kind.Digit:
      case Kind.Connector:
        if (start < 0) start = i;
        end = next;
        hasWord ||= kind !== Kind.Connector;
        last = kind;
        break;
      case Kind.Extend:
        if (start >= 0) end = next;
        break;
      case Kind.Ideograph: {
        flush();
        start = i;
        end = next;
        hasWord = true;
        // following combining marks belong to the ideograph
        while (end < text.length && classify(text.codePointAt(end) as number) === Kind.Extend) {
          end += (text.codePointAt(end) as number) > 0xffff ? 2 : 1;
        }
        flush();
        i = end;
        continue;
      }
      case Kind.MidLetter:
      case Kind.MidNum:
      case Kind.MidNumLet: {
        const after = start >= 0 ? baseAt(next) : Kind.Other;
        const letters = last === Kind.Letter && after === Kind.Letter && joinsLetters(kind);
        const digits = last === Kind.Digit && after === Kind.Digit && joinsDigits(kind);
        if (letters || digits) end = next;
        else flush();
        break;
      }
      case Kind.Other:
        flush();
        break;
    }
    i = next;
  }
  flush();
  return tokens;
}
