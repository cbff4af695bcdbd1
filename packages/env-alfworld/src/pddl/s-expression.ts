/**
 * S-expressions of PDDL text (spec alfworld.md §3.2): `;` starts a comment to the end of the
 * line; tokens are `(`, `)` and maximal runs of other non-space characters. Symbols are
 * lower-cased.
 */
export type SExpression = string | SExpression[];

export class SExpressionSyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} at offset ${offset}`);
    this.offset = offset;
  }
}

const OPEN = 40; // (
const CLOSE = 41; // )
const SEMICOLON = 59;
const NEWLINE = 10;

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

const flatCopy = (text: string): string => (text.length < 13 ? text : Buffer.from(text, "utf16le").toString("utf16le"));

/** Parses every top-level expression of `text`. */
export function parseSExpressions(text: string): SExpression[] {
  const source = text.toLowerCase();
  const top: SExpression[] = [];
  const stack: SExpression[][] = [top];
  const openedAt: number[] = [];
  // Tokens are interned as flat copies: a plain slice would keep the whole source text alive for
  // as long as any parsed id is (V8 sliced strings), about 55 KB per game.
  const tokens = new Map<string, string>();
  const length = source.length;
  let i = 0;
  while (i < length) {
    const code = source.charCodeAt(i);
    if (isSpace(code)) {
      i += 1;
    } else if (code === SEMICOLON) {
      while (i < length && source.charCodeAt(i) !== NEWLINE) i += 1;
    } else if (code === OPEN) {
      const list: SExpression[] = [];
      (stack[stack.length - 1] as SExpression[]).push(list);
      stack.push(list);
      openedAt.push(i);
      i += 1;
    } else if (code === CLOSE) {
      if (stack.length === 1) throw new SExpressionSyntaxError("unbalanced ')'", i);
      stack.pop();
      openedAt.pop();
      i += 1;
    } else {
      const start = i;
      while (i < length) {
        const c = source.charCodeAt(i);
        if (isSpace(c) || c === OPEN || c === CLOSE || c === SEMICOLON) break;
        i += 1;
      }
      const slice = source.slice(start, i);
      let token = tokens.get(slice);
      if (token === undefined) {
        token = flatCopy(slice);
        tokens.set(slice, token);
      }
      (stack[stack.length - 1] as SExpression[]).push(token);
    }
  }
  if (stack.length > 1) throw new SExpressionSyntaxError("unclosed '('", openedAt[openedAt.length - 1] ?? 0);
  return top;
}
