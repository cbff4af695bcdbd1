/**
 * Python `difflib.SequenceMatcher(None, a, b).ratio()` (spec webshop.md §11.5): the
 * Ratcliff–Obershelp similarity that thefuzz 0.19 falls back to without python-Levenshtein.
 * Sequences are compared by Unicode code point, as Python compares `str` items.
 */

/** `b2j` of difflib: code point → ascending positions in `b`, with the autojunk rule applied. */
function indexB(b: readonly number[]): Map<number, number[]> {
  const b2j = new Map<number, number[]>();
  b.forEach((item, j) => {
    const positions = b2j.get(item);
    if (positions) positions.push(j);
    else b2j.set(item, [j]);
  });
  // autojunk: in sequences of 200+ items, items occurring more than 1% (+1) times are "popular"
  // and not used to seed matches (they can still extend one).
  if (b.length >= 200) {
    const limit = Math.floor(b.length / 100) + 1;
    for (const [item, positions] of b2j) if (positions.length > limit) b2j.delete(item);
  }
  return b2j;
}

/** `find_longest_match(alo, ahi, blo, bhi)` without junk: returns `[i, j, size]`. */
function longestMatch(
  a: readonly number[],
  b: readonly number[],
  b2j: Map<number, number[]>,
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
): [number, number, number] {
  let besti = alo;
  let bestj = blo;
  let bestSize = 0;
  let j2len = new Map<number, number>();
  for (let i = alo; i < ahi; i++) {
    const next = new Map<number, number>();
    for (const j of b2j.get(a[i] as number) ?? []) {
      if (j < blo) continue;
      if (j >= bhi) break;
      const k = (j2len.get(j - 1) ?? 0) + 1;
      next.set(j, k);
      if (k > bestSize) {
        besti = i - k + 1;
        bestj = j - k + 1;
        bestSize = k;
      }
    }
    j2len = next;
  }
  while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
    besti--;
    bestj--;
    bestSize++;
  }
  while (besti + bestSize < ahi && bestj + bestSize < bhi && a[besti + bestSize] === b[bestj + bestSize]) {
    bestSize++;
  }
  return [besti, bestj, bestSize];
}

/** Total size of difflib's matching blocks between `a` and `b`. */
export function matchingCharacters(a: string, b: string): number {
  const as = Array.from(a, (c) => c.codePointAt(0) as number);
  const bs = Array.from(b, (c) => c.codePointAt(0) as number);
  const b2j = indexB(bs);
  const queue: [number, number, number, number][] = [[0, as.length, 0, bs.length]];
  let total = 0;
  for (let range = queue.pop(); range; range = queue.pop()) {
    const [alo, ahi, blo, bhi] = range;
    const [i, j, k] = longestMatch(as, bs, b2j, alo, ahi, blo, bhi);
    if (k === 0) continue;
    total += k;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  return total;
}

/** `SequenceMatcher(None, a, b).ratio()`: `2·M / T` with `T` the total length in code points. */
export function sequenceRatio(a: string, b: string): number {
  const length = codePointLength(a) + codePointLength(b);
  if (length === 0) return 1;
  return (2.0 * matchingCharacters(a, b)) / length;
}

export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
