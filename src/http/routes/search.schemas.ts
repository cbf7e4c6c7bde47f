/** Wire shapes of the search routes. */
import { Type } from 'typebox';
import { MAX_PER_PAGE } from '../../domain/pagination.js';
import { SEARCH_TEXT_MAX } from '../../services/search/search.js';
import { PaginationMeta } from '../schemas/common.js';

export const SearchQuery = Type.Object({
  search: Type.String({
    minLength: 1,
    maxLength: SEARCH_TEXT_MAX,
    description: 'Words; each matches as a prefix',
  }),
  on: Type.String({
    maxLength: 200,
    description: 'Comma-separated: task, process, blueprint (or template, checklist), snippet',
  }),
  status: Type.Optional(
    Type.String({ enum: ['completed', 'active'], description: 'Tasks: completed or open' }),
  ),
  withTrashed: Type.Optional(Type.String({ maxLength: 8, description: 'true: archived objects too' })),
  with: Type.Optional(
    Type.String({ maxLength: 200, description: 'Relations of the hits (run, steps, tags, …)' }),
  ),
  tags: Type.Optional(Type.Boolean()),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: '1-based page number' })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, description: 'Default 10' })),
});

/** One group of hits: `{data: […], meta: {pagination}}`. */
export const SearchGroupSchema = Type.Object({
  data: Type.Array(Type.Object({}, { additionalProperties: true })),
  meta: Type.Object({ pagination: PaginationMeta }),
});

export const SearchAnswer = Type.Object(
  {
    task: Type.Optional(SearchGroupSchema),
    process: Type.Optional(SearchGroupSchema),
    blueprint: Type.Optional(SearchGroupSchema),
    template: Type.Optional(SearchGroupSchema),
    checklist: Type.Optional(SearchGroupSchema),
    snippet: Type.Optional(SearchGroupSchema),
  },
  { additionalProperties: false },
);

export const TaskSearchBody = Type.Object(
  {
    blueprint_id: Type.Optional(Type.String({ maxLength: 64, description: 'Template id' })),
    step_id: Type.Optional(Type.String({ maxLength: 64 })),
    selected_ko_field: Type.Optional(Type.String({ maxLength: 64 })),
    search_query: Type.Optional(Type.String({ maxLength: SEARCH_TEXT_MAX })),
    search: Type.Optional(Type.String({ maxLength: SEARCH_TEXT_MAX })),
  },
  { additionalProperties: true },
);

export const TaskSearchAnswer = Type.Object({
  data: Type.Array(Type.Object({ run_id: Type.Union([Type.String(), Type.Null()]), task_id: Type.String() })),
});
