import type { FastifyRequest } from 'fastify';
import { DEFAULT_PER_PAGE, type Page, type PageInfo, type PageRequest } from '../domain/pagination.js';

export interface ListQueryInput {
  page?: number | undefined;
  per_page?: number | undefined;
  limit?: number | undefined;
  without_pagination?: boolean | undefined;
}

/** Paging from the query; `limit` is a synonym of `per_page`. */
export function pageRequestFrom(query: ListQueryInput, defaultPerPage = DEFAULT_PER_PAGE): PageRequest {
  return {
    page: query.page ?? 1,
    perPage: query.per_page ?? query.limit ?? defaultPerPage,
    all: query.without_pagination === true,
  };
}

export interface PaginationJson {
  total: number;
  count: number;
  per_page: number;
  current_page: number;
  total_pages: number;
  has_more_pages: boolean;
  links: { next?: string; previous?: string };
}

/** `meta.pagination`, with links as full URLs built from the request (or PUBLIC_URL). */
export function paginationMeta(
  request: FastifyRequest,
  info: PageInfo,
  publicUrl: string | undefined,
): PaginationJson {
  const links: PaginationJson['links'] = {};
  if (info.hasMorePages) links.next = pageLink(request, info.currentPage + 1, publicUrl);
  if (info.currentPage > 1)
    links.previous = pageLink(request, Math.min(info.currentPage - 1, info.totalPages), publicUrl);
  return {
    total: info.total,
    count: info.count,
    per_page: info.perPage,
    current_page: info.currentPage,
    total_pages: info.totalPages,
    has_more_pages: info.hasMorePages,
    links,
  };
}

function pageLink(request: FastifyRequest, page: number, publicUrl: string | undefined): string {
  const base = publicUrl ?? `${request.protocol}://${request.host}`;
  const url = new URL(request.originalUrl, 'http://placeholder');
  url.searchParams.set('page', String(page));
  return `${base}${url.pathname}${url.search}`;
}

/** The list envelope: `{data, meta: {pagination, …extra}}`. */
export function listBody<T>(
  request: FastifyRequest,
  page: Page<unknown>,
  data: T[],
  publicUrl: string | undefined,
  extraMeta: Record<string, unknown> = {},
) {
  return { data, meta: { pagination: paginationMeta(request, page.info, publicUrl), ...extraMeta } };
}
