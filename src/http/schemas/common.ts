/**
 * Schemas every resource shares: the envelope, pagination, list query parameters and the
 * error body. Routes compose these so the wire stays the same everywhere.
 */
import { type TSchema, Type } from 'typebox';
import { MAX_PER_PAGE } from '../../domain/pagination.js';

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** An ISO 8601 UTC date-time as Flowlane answers it. */
export const IsoDate = Type.String({ description: 'ISO 8601 UTC, e.g. 2025-05-20T17:00:00.000Z' });
export const NullableDate = Nullable(IsoDate);

export const HexId = Type.String({ pattern: '^[0-9a-fA-F]{32}$', description: '32-character hex id' });

export const OrgParams = Type.Object({ org: Type.String({ description: 'Organization id' }) });

/** `{data: …}` */
export const Envelope = <T extends TSchema>(data: T) => Type.Object({ data });

export const PaginationMeta = Type.Object({
  total: Type.Integer(),
  count: Type.Integer(),
  per_page: Type.Integer(),
  current_page: Type.Integer(),
  total_pages: Type.Integer(),
  has_more_pages: Type.Boolean(),
  links: Type.Object(
    { next: Type.Optional(Type.String()), previous: Type.Optional(Type.String()) },
    { additionalProperties: false },
  ),
});

/** `{data: […], meta: {pagination}}`; `meta` may carry more keys (task counts). */
export const ListEnvelope = <T extends TSchema>(item: T) =>
  Type.Object({
    data: Type.Array(item),
    meta: Type.Object({ pagination: PaginationMeta }, { additionalProperties: true }),
  });

const PerPage = Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE });

/** Query parameters every list accepts. */
export const ListQueryProperties = {
  page: Type.Optional(Type.Integer({ minimum: 1, description: '1-based page number' })),
  per_page: Type.Optional({ ...PerPage, description: `Page size, 1 to ${MAX_PER_PAGE}` }),
  limit: Type.Optional({ ...PerPage, description: 'Synonym of per_page' }),
  without_pagination: Type.Optional(Type.Boolean({ description: 'true: every row in one page' })),
  sort: Type.Optional(Type.String({ description: 'Field name; a leading - sorts descending' })),
  sort_by: Type.Optional(Type.String({ description: 'Synonym of sort' })),
  q: Type.Optional(Type.String({ description: 'Free-text search' })),
  with: Type.Optional(Type.String({ description: 'Comma-separated related records to include' })),
};

export const ListQuery = Type.Object(ListQueryProperties);

export const ErrorBody = Type.Object(
  {
    error: Type.Literal(true),
    code: Type.String(),
    message: Type.String(),
    errors: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
  },
  { additionalProperties: true },
);

/** The error answers most routes can give; spread into a route's `response`. */
export const ErrorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
  429: ErrorBody,
};

/** A record with open-ended keys, for documents stored as given (settings, form values). */
export const AnyObject = Type.Record(Type.String(), Type.Unknown());
