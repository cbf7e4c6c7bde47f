/** Snippet request bodies and queries (wire) → typed inputs of the snippet services. */
import type { Static } from 'typebox';
import { SNIPPET_SORTS, type SnippetSort } from '../../db/repositories/snippets-repository.js';
import { parseSort } from '../../domain/pagination.js';
import type { SnippetFields } from '../../domain/snippets.js';
import type { SnippetListInput } from '../../services/snippets/snippets.js';
import type { SnippetBody, SnippetListQuery } from './snippets.schemas.js';

export function snippetInputOf(body: Static<typeof SnippetBody>): SnippetFields {
  return { title: body.title, content: body.template, isPublic: body.is_public };
}

export function snippetListInputOf(query: Static<typeof SnippetListQuery>): SnippetListInput {
  // The schema's enum admits only known sorts, so parseSort always answers one.
  const sort = parseSort(query.sort, SNIPPET_SORTS, { field: 'title', direction: 'asc' }) as SnippetSort;
  return { q: query.q, sort };
}
