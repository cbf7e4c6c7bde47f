import { type RawBuilder, sql } from 'kysely';
import { likeOperator, likePattern, type SqlDialect } from '../dialect.js';

/**
 * Case-insensitive substring match of `text` in any of `columns`. The explicit ESCAPE
 * clause makes `likePattern`'s backslash escapes work on SQLite too, where LIKE has no
 * escape character by default (an e-mail like `jo_doe@…` must match itself).
 */
export function matchesText(
  dialect: SqlDialect,
  columns: readonly string[],
  text: string,
): RawBuilder<boolean> {
  const op = sql.raw(likeOperator(dialect));
  const pattern = likePattern(text);
  const parts = columns.map((c) => sql`${sql.ref(c)} ${op} ${pattern} escape '\\'`);
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}
