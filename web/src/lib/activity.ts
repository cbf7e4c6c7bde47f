import { formatValue } from './format-value';
import type { Person } from './members';

/** The object types the feed can be filtered by; the first five can also be named by id. */
export const OBJECT_TYPES = [
  { value: 'Template', label: 'Template', entity: 'checklist' },
  { value: 'Process', label: 'Process', entity: 'run' },
  { value: 'Step', label: 'Step', entity: 'step' },
  { value: 'Task', label: 'Task', entity: 'task' },
  { value: 'Comment', label: 'Comment', entity: 'thread' },
  { value: 'User', label: 'Member', entity: undefined },
  { value: 'Group', label: 'Group', entity: undefined },
  { value: 'Organization', label: 'Organization', entity: undefined },
] as const;

export type ObjectType = (typeof OBJECT_TYPES)[number]['value'];

/** What the page's filters hold (as in its address). */
export interface FeedFilters {
  type?: ObjectType | undefined;
  id?: string | undefined;
  actor?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  page?: number | undefined;
}

export interface FeedQuery {
  type?: string;
  entity_type?: 'checklist' | 'run' | 'step' | 'task' | 'thread';
  entity_id?: string;
  actor_id?: number;
  created_after?: string;
  created_before?: string;
  search?: string;
  page?: number;
  per_page: number;
}

export const FEED_PER_PAGE = 20;

/**
 * The feed's query for the filters, or the message for the filter that cannot be asked:
 * an id needs an object type that has ids, a search 2 to 100 characters, the range in order.
 */
export function feedQuery(f: FeedFilters): { query: FeedQuery; errors: Record<string, string> } {
  const query: FeedQuery = { per_page: FEED_PER_PAGE };
  const errors: Record<string, string> = {};
  const id = f.id?.trim();
  const type = OBJECT_TYPES.find((t) => t.value === f.type);
  if (id) {
    if (type?.entity) {
      query.entity_type = type.entity;
      query.entity_id = id;
    } else errors.id = 'Choose a template, process, step, task or comment to look up by id.';
  } else if (type) query.type = type.value;
  if (f.actor) query.actor_id = f.actor;
  if (f.from) query.created_after = f.from;
  if (f.to) query.created_before = f.to;
  if (f.from && f.to && f.from > f.to) errors.to = 'The end of the range is before its start.';
  const q = f.q?.trim();
  if (q) {
    if (q.length < 2) errors.q = 'Search for at least 2 characters.';
    else query.search = q.slice(0, 100);
  }
  if (f.page && f.page > 1) query.page = f.page;
  return { query, errors };
}

/** "Title: Old → New" for a change with values; null for a row that records no values. */
export function changeText(
  row: { field: string | null; old_value: unknown; new_value: unknown },
  members?: Map<number, Person>,
): string | null {
  const none = (v: unknown) => v === null || v === undefined;
  if (none(row.old_value) && none(row.new_value)) return null;
  const change = `${valueText(row.old_value, members)} → ${valueText(row.new_value, members)}`;
  return row.field ? `${row.field}: ${change}` : change;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A recorded value in words; a record of several facts (a creation) as "key: value" pairs. */
function valueText(value: unknown, members?: Map<number, Person>): string {
  if (isRecord(value) && !('text' in value) && !('users' in value)) {
    const parts = Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => `${k}: ${formatValue(v, members)}`);
    return parts.length ? parts.join(', ') : '—';
  }
  return formatValue(value, members);
}
