/**
 * `difflib.SequenceMatcher(None, a, b).ratio()` from CPython, exactly: Ratcliff–Obershelp
 * matching with the default `autojunk` heuristic (when b has ≥ 200 elements, an element that
 * occurs more than 1% + 1 times in b is "popular" and cannot seed a match). GiGPO's optional
 * similarity grouping (spec §5.6) compares observations with it, and WebShop's fuzzy matching
 * (thefuzz without python-Levenshtein) is built on it, so it must agree with Python.
 * Strings are compared by code point, as Python does. No isjunk function is supported.
 *
 * Kept in-tree rather than taken from npm: the `difflib` port is unmaintained (last release
 * 2014, untyped CoffeeScript output), and only `ratio()` is needed, about sixty lines.
 */
export function sequenceMatcherRatio(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  const total = left.length + right.length;
  if (total === 0) return 1;
  return (2 * matchingCharacters(left, right)) / total;
}

/** The sum of the sizes of the matching blocks (what ratio() counts). */
function matchingCharacters(a: readonly string[], b: readonly string[]): number {
  // b2j: where each element occurs in b, popular elements removed (autojunk).
  const b2j = new Map<string, number[]>();
  b.forEach((element, j) => {
    const list = b2j.get(element);
    if (list) list.push(j);
    else b2j.set(element, [j]);
  });
  if (b.length >= 200) {
    const popularAbove = Math.floor(b.length / 100) + 1;
    for (const [element, indices] of b2j) if (indices.length > popularAbove) b2j.delete(element);
  }
  // With no isjunk function the junk set is empty, so "popular" is the only exclusion.

  let matched = 0;
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop() as [number, number, number, number];
    const [i, j, k] = findLongestMatch(a, b, b2j, alo, ahi, blo, bhi);
    if (k === 0) continue;
    matched += k;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  return matched;
}

/** CPython's find_longest_match: the longest block, earliest in a, then earliest in b. */
function findLongestMatch(
  a: readonly string[],
  b: readonly string[],
  b2j: ReadonlyMap<string, number[]>,
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
): [number, number, number] {
  let [bestI, bestJ, bestSize] = [alo, blo, 0];
  let lengthEndingAt = new Map<number, number>(); // j → length of the match ending at a[i−1], b[j]
  for (let i = alo; i < ahi; i++) {
    const next = new Map<number, number>();
    for (const j of b2j.get(a[i] as string) ?? []) {
      if (j < blo) continue;
      if (j >= bhi) break;
      const k = (lengthEndingAt.get(j - 1) ?? 0) + 1;
      next.set(j, k);
      if (k > bestSize) [bestI, bestJ, bestSize] = [i - k + 1, j - k + 1, k];
    }
    lengthEndingAt = next;
  }
  // Extend with popular elements on both ends (they are not in b2j but still match).
  while (bestI > alo && bestJ > blo && a[bestI - 1] === b[bestJ - 1]) [bestI, bestJ, bestSize] = [bestI - 1, bestJ - 1, bestSize + 1];
  while (bestI + bestSize < ahi && bestJ + bestSize < bhi && a[bestI + bestSize] === b[bestJ + bestSize]) bestSize++;
  return [bestI, bestJ, bestSize];
}
