/** Search queries and bodies (wire) → typed inputs of the search service. */
import type { Static } from 'typebox';
import { invalidFields } from '../../domain/errors.js';
import { isHexId } from '../../domain/ids.js';
import { DEFAULT_PER_PAGE } from '../../domain/pagination.js';
import type { SearchInput, SearchKind, TaskSearchInput } from '../../services/search/search.js';
import { parseWith } from '../includes.js';
import type { SearchQuery, TaskSearchBody } from './search.schemas.js';

/** `on` values and the group each answers; `blueprint` (SDKs) and `template` (the spec) agree. */
const ON_KINDS: Record<string, SearchKind> = {
  task: 'task',
  process: 'process',
  run: 'process',
  blueprint: 'template',
  template: 'template',
  checklist: 'template',
  snippet: 'snippet',
};

export function searchInputOf(query: Static<typeof SearchQuery>): SearchInput {
  const keys = [
    ...new Set(
      query.on
        .split(',')
        .map((v) => v.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  const unknown = keys.filter((k) => !ON_KINDS[k]);
  if (keys.length === 0 || unknown.length) {
    throw invalidFields('VALIDATION_FAILED', {
      on: ['The on parameter must list task, process, blueprint (or template) and snippet.'],
    });
  }
  return {
    text: query.search,
    groups: keys.map((key) => ({ key: key === 'run' ? 'process' : key, kind: ON_KINDS[key] as SearchKind })),
    page: { page: query.page ?? 1, perPage: query.per_page ?? DEFAULT_PER_PAGE, all: false },
    includeArchived: query.withTrashed === 'true',
    taskStatus: query.status as SearchInput['taskStatus'],
    requested: parseWith(query.with),
  };
}

export function taskSearchInputOf(body: Static<typeof TaskSearchBody>): TaskSearchInput {
  const errors: Record<string, string[]> = {};
  const text = body.search ?? body.search_query ?? '';
  if (!text.trim()) errors.search = ['The search field is required.'];
  for (const key of ['blueprint_id', 'step_id'] as const) {
    const id = body[key];
    if (id !== undefined && !isHexId(id.toLowerCase()))
      errors[key] = [`The ${key} must be a 32-character id.`];
  }
  if (Object.keys(errors).length) throw invalidFields('VALIDATION_FAILED', errors);
  return { text, templateId: body.blueprint_id?.toLowerCase(), stepId: body.step_id?.toLowerCase() };
}
