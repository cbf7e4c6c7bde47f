/**
 * Queries of a fixed shape, built and compiled by Kysely once per database dialect and then
 * run with new parameter values. Kysely builds a tree of frozen nodes and compiles it to SQL
 * on every call; for the few small queries every request runs (token, task, process by id)
 * that costs about as much as SQLite's own work, for SQL that never changes.
 *
 * The query is built once with markers in place of its parameters; the compiled query's
 * parameter list then says where each marker went, and each call substitutes its values
 * there. Values stay bound parameters: nothing is pasted into the SQL text.
 */
import type { Compilable, CompiledQuery, DialectAdapter } from 'kysely';
import type { Db } from './database.js';

/** Stands for parameter `index` while the query is built. */
class Marker {
  constructor(readonly index: number) {}
}

type Slot = { marker: number } | { value: unknown };

interface Compiled {
  query: CompiledQuery;
  slots: readonly Slot[];
}

/**
 * `build(db, ...params)` must give a query whose shape does not depend on the values: each
 * param used as one value (no IN-lists built from an array, no branching on a value). The
 * returned function runs it and gives the rows.
 */
export function precompile<P extends unknown[], R>(
  build: (db: Db, ...params: P) => Compilable<R>,
  arity: P['length'],
): (db: Db, ...params: P) => Promise<R[]> {
  // One compiled form per dialect: a transaction shares its database's adapter.
  const compiled = new WeakMap<DialectAdapter, Compiled>();
  const compile = (db: Db): Compiled => {
    const markers = Array.from({ length: arity }, (_, i) => new Marker(i)) as unknown as P;
    const query = build(db, ...markers).compile();
    const slots = query.parameters.map(
      (p): Slot => (p instanceof Marker ? { marker: p.index } : { value: p }),
    );
    const used = new Set(slots.flatMap((s) => ('marker' in s ? [s.marker] : [])));
    if (used.size !== arity) throw new Error('precompile: every parameter must appear in the query');
    return { query, slots };
  };
  return async (db, ...params) => {
    const adapter = db.getExecutor().adapter;
    let entry = compiled.get(adapter);
    if (!entry) {
      entry = compile(db);
      compiled.set(adapter, entry);
    }
    const parameters = entry.slots.map((s) => ('marker' in s ? params[s.marker] : s.value));
    const result = await db.executeQuery<R>({ ...entry.query, parameters } as CompiledQuery<R>);
    return result.rows;
  };
}

/**
 * The values of an `IN (…)` list, without duplicates and padded (by repeating the last) to
 * the next of a few fixed lengths. Every length of list is a different SQL text, and SQLite
 * keeps one prepared statement per text (about 30–50 KB each, see database.ts): with lengths
 * 1, 2, 4, 8, 16, 32, 64, 128, … a query has a handful of texts instead of one per length.
 * Repeating a value in an IN-list does not change what it matches.
 */
export function inList<T>(values: Iterable<T>): T[] {
  const unique = [...new Set(values)];
  const last = unique[unique.length - 1];
  if (unique.length < 2 || last === undefined) return unique;
  let length = 2;
  while (length < unique.length) length *= 2;
  while (unique.length < length) unique.push(last);
  return unique;
}

/**
 * `precompile` for a query with one `IN (…)` list: `build(db, list, ...params)` is compiled
 * once per padded length of the list (`inList`: 1, 2, 4, … — a handful of forms) and each call
 * runs the form for its list's length. An empty list matches nothing and runs no query.
 */
export function precompileWithList<V, P extends unknown[], R>(
  build: (db: Db, list: V[], ...params: P) => Compilable<R>,
  arity: P['length'],
): (db: Db, list: Iterable<V>, ...params: P) => Promise<R[]> {
  const byLength = new Map<number, (db: Db, ...values: unknown[]) => Promise<R[]>>();
  return async (db, list, ...params) => {
    const values = inList(list);
    const n = values.length;
    if (n === 0) return [];
    let run = byLength.get(n);
    if (!run) {
      run = precompile(
        (d: Db, ...all: unknown[]) => build(d, all.slice(0, n) as V[], ...(all.slice(n) as P)),
        n + arity,
      );
      byLength.set(n, run);
    }
    return run(db, ...values, ...params);
  };
}
