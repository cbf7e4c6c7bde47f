/**
 * The `with=` mechanism. A resource declares the names it can include and a loader for each;
 * a loader receives every item of the response at once and loads its relation in one batch
 * query, so a page of N items costs the same number of queries as a page of one.
 */

/** Parses `with=step,form_fields,run.checklist`; a dotted name also requests its parent. */
export function parseWith(raw: string | undefined): Set<string> {
  const names = new Set<string>();
  if (!raw) return names;
  for (const part of raw.split(',')) {
    const name = part.trim();
    if (!name) continue;
    names.add(name);
    const segments = name.split('.');
    for (let i = 1; i < segments.length; i++) names.add(segments.slice(0, i).join('.'));
  }
  return names;
}

/** Loads one relation for all items; returns the extra keys for a given item. */
export type IncludeLoader<T> = (
  items: readonly T[],
  requested: ReadonlySet<string>,
) => Promise<(item: T) => Record<string, unknown>>;

/**
 * Runs the loaders for the requested names (unknown names are ignored, as Tallyfy does) and
 * returns, per item, the keys to merge into its representation.
 */
export async function loadIncludes<T>(
  items: readonly T[],
  requested: ReadonlySet<string>,
  loaders: Readonly<Record<string, IncludeLoader<T>>>,
): Promise<Array<Record<string, unknown>>> {
  const active = Object.entries(loaders).filter(([name]) => requested.has(name));
  if (active.length === 0 || items.length === 0) return items.map(() => ({}));
  const pickers = await Promise.all(active.map(([, load]) => load(items, requested)));
  return items.map((item) => Object.assign({}, ...pickers.map((pick) => pick(item))));
}

/** Related records are wrapped the same way as the response itself. */
export function wrap<T>(data: T): { data: T } {
  return { data };
}
