/**
 * The snippets summaries reference, loaded for presenting: one query for a whole page of
 * texts, none when no text references a snippet.
 */
import { findSnippetContents } from '../../db/repositories/snippets-repository.js';
import { snippetIdsInAll } from '../../domain/snippets.js';
import type { AppContext } from '../context.js';

/** Id → current content of every snippet the texts reference (unknown ids are absent). */
export async function loadSnippetContents(
  ctx: AppContext,
  organizationId: string,
  texts: Iterable<string | null | undefined>,
): Promise<ReadonlyMap<number, string>> {
  const ids = snippetIdsInAll(texts);
  if (ids.length === 0) return new Map();
  return findSnippetContents(ctx.db.kysely, organizationId, ids);
}
