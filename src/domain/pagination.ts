/** Paging rules shared by every list: 1-based pages, `per_page` default 10, at most 100. */
export const DEFAULT_PER_PAGE = 10;
export const MAX_PER_PAGE = 100;

export interface PageRequest {
  page: number;
  perPage: number;
  /** `without_pagination=true`: every row in one page. */
  all: boolean;
}

export interface PageInfo {
  total: number;
  count: number;
  perPage: number;
  currentPage: number;
  totalPages: number;
  hasMorePages: boolean;
}

export interface Page<T> {
  items: T[];
  info: PageInfo;
}

/** Offset and limit for a page request; `limit` is undefined when unpaginated. */
export function pageWindow(req: PageRequest): { offset: number; limit: number | undefined } {
  if (req.all) return { offset: 0, limit: undefined };
  return { offset: (req.page - 1) * req.perPage, limit: req.perPage };
}

export function pageInfo(req: PageRequest, total: number, count: number): PageInfo {
  const perPage = req.all ? Math.max(total, 1) : req.perPage;
  const totalPages = req.all ? 1 : Math.max(1, Math.ceil(total / perPage));
  const currentPage = req.all ? 1 : req.page;
  return {
    total,
    count,
    perPage,
    currentPage,
    totalPages,
    hasMorePages: currentPage < totalPages,
  };
}

export function toPage<T>(req: PageRequest, items: T[], total: number): Page<T> {
  return { items, info: pageInfo(req, total, items.length) };
}

/** `sort=-deadline` → `{ field: 'deadline', direction: 'desc' }`. */
export function parseSort<F extends string>(
  sort: string | undefined,
  allowed: readonly F[],
  fallback: { field: F; direction: 'asc' | 'desc' },
): { field: F; direction: 'asc' | 'desc' } | undefined {
  if (!sort) return fallback;
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  const field = sort.replace(/^[-+]/, '') as F;
  return allowed.includes(field) ? { field, direction } : undefined;
}
