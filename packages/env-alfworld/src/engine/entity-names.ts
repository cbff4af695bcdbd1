/**
 * Printed names of entity ids (spec alfworld.md §4, upstream `Demangler`): ids are sorted by
 * code units; an id with `_bar_` is named `<base> <n>`, where the base is the text before the
 * first `_bar_` (plus `basin` when the id contains `basin`) and the first id of a base in sort
 * order gets the highest number. Ids without `_bar_` keep their id.
 */
export function entityNames(ids: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(ids)].sort();
  const bases = new Map<string, string>();
  const remaining = new Map<string, number>();
  for (const id of sorted) {
    const cut = id.indexOf("_bar_");
    if (cut < 0) continue;
    const base = id.slice(0, cut) + (id.includes("basin") ? "basin" : "");
    bases.set(id, base);
    remaining.set(base, (remaining.get(base) ?? 0) + 1);
  }
  const names = new Map<string, string>();
  for (const id of sorted) {
    const base = bases.get(id);
    if (base === undefined) {
      names.set(id, id);
      continue;
    }
    const number = remaining.get(base) as number;
    remaining.set(base, number - 1);
    names.set(id, `${base} ${number}`);
  }
  return names;
}
