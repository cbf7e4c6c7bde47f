/**
 * The organization's activity feed over `activities`, newest first by default. Every filter
 * is an equality or range on a column an index of migration 0871 (or 0002) starts with after
 * `organization_id`, so a filtered page reads about one page of index entries.
 */
import type { ExpressionBuilder } from 'kysely';
import type { FeedActivity } from '../../domain/activity-feed.js';
import type { Db } from '../database.js';
import { dialectOf, likeOperator, likePattern, lockForUpdate, toInt } from '../dialect.js';
import type { Database } from '../schema.js';
import { toActivity } from './events-repository.js';

export type { FeedActivity };

export interface ActivityFeedQuery {
  organizationId: string;
  /** Rows about one object (`object_type` + `object_id`). */
  object?: { type: string; id: string } | undefined;
  /** Rows of one process (its own and its tasks'). */
  processId?: string | undefined;
  /** Rows of one task. */
  taskId?: string | undefined;
  /** Rows whose object is of one of these types, or whose action is one of `typeActions`. */
  objectTypes?: readonly string[] | undefined;
  typeActions?: readonly string[] | undefined;
  actions?: readonly string[] | undefined;
  actorType?: 'user' | 'guest' | 'system' | undefined;
  actorId?: number | undefined;
  field?: string | undefined;
  /** Inclusive bounds, ISO 8601. */
  createdAfter?: string | undefined;
  createdBefore?: string | undefined;
  /** Text in the row's note, field or action (within the rows the other filters keep). */
  search?: string | undefined;
  /** Light members: rows of tasks they are assigned, or of what they did themselves. */
  ownOnly?: { userId: number; groupIds: readonly string[] } | undefined;
  direction: 'asc' | 'desc';
  /** The filters contradict each other (an unknown actor e-mail): no row matches. */
  nothing?: boolean | undefined;
}

type Eb = ExpressionBuilder<Database, 'activities'>;

function conditions(eb: Eb, q: ActivityFeedQuery, like: 'like' | 'ilike') {
  const parts = [eb('organization_id', '=', q.organizationId)];
  if (q.nothing) parts.push(eb.lit(false));
  if (q.object) parts.push(eb('object_type', '=', q.object.type), eb('object_id', '=', q.object.id));
  if (q.processId) parts.push(eb('process_id', '=', q.processId));
  if (q.taskId) parts.push(eb('task_id', '=', q.taskId));
  if (q.objectTypes || q.typeActions) {
    const either = [];
    if (q.objectTypes?.length) either.push(eb('object_type', 'in', [...q.objectTypes]));
    if (q.typeActions?.length) either.push(eb('action', 'in', [...q.typeActions]));
    parts.push(either.length ? eb.or(either) : eb.lit(false));
  }
  if (q.actions) parts.push(q.actions.length ? eb('action', 'in', [...q.actions]) : eb.lit(false));
  if (q.actorType) parts.push(eb('actor_type', '=', q.actorType));
  if (q.actorId !== undefined) parts.push(eb('actor_id', '=', q.actorId));
  if (q.field) parts.push(eb('field', '=', q.field));
  if (q.createdAfter) parts.push(eb('created_at', '>=', q.createdAfter));
  if (q.createdBefore) parts.push(eb('created_at', '<=', q.createdBefore));
  if (q.search) {
    const pattern = likePattern(q.search);
    parts.push(eb.or([eb('text', like, pattern), eb('field', like, pattern), eb('action', like, pattern)]));
  }
  if (q.ownOnly) {
    const { userId, groupIds } = q.ownOnly;
    const owned = eb
      .selectFrom('task_owners')
      .select('task_owners.task_id')
      .where('task_owners.organization_id', '=', q.organizationId)
      .where((o) =>
        o.or([
          o.and([o('task_owners.kind', '=', 'user'), o('task_owners.owner_id', '=', String(userId))]),
          ...(groupIds.length
            ? [o.and([o('task_owners.kind', '=', 'group'), o('task_owners.owner_id', 'in', [...groupIds])])]
            : []),
        ]),
      );
    parts.push(
      eb.or([
        eb.and([eb('actor_type', '=', 'user'), eb('actor_id', '=', userId)]),
        eb('task_id', 'in', owned),
      ]),
    );
  }
  return eb.and(parts);
}

/** One page of the feed and the total matching (two queries). */
export async function listActivityFeed(
  db: Db,
  q: ActivityFeedQuery,
  window: { offset: number; limit: number | undefined },
): Promise<{ items: FeedActivity[]; total: number }> {
  const like = likeOperator(dialectOf(db));
  const count = await db
    .selectFrom('activities')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => conditions(eb, q, like))
    .executeTakeFirst();
  // The page's ids come from the filter's index alone (in id order, no table reads), then
  // the rows by primary key: without this SQLite prefers walking the whole table backwards
  // by rowid, which reads every row of a rare verb's organization to find twenty.
  let ids = db
    .selectFrom('activities')
    .select('id')
    .where((eb) => conditions(eb, q, like))
    .orderBy('id', q.direction);
  if (window.limit !== undefined) ids = ids.limit(window.limit).offset(window.offset);
  const query = db
    .selectFrom('activities')
    .selectAll()
    .where('organization_id', '=', q.organizationId)
    .where('id', 'in', ids)
    .orderBy('id', q.direction);
  return { items: (await query.execute()).map(toFeedActivity), total: toInt(count?.n) };
}

/** One activity row, locked until the transaction ends (an undo reads and marks it). */
export async function findActivityForUpdate(
  db: Db,
  organizationId: string,
  id: number,
): Promise<FeedActivity | undefined> {
  const query = db
    .selectFrom('activities')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id);
  const row = await lockForUpdate(query, dialectOf(db)).executeTakeFirst();
  return row ? toFeedActivity(row) : undefined;
}

/** Marks a change as undone; false when it already was (a concurrent undo won). */
export async function markActivityUndone(
  db: Db,
  organizationId: string,
  id: number,
  at: string,
  by: number,
): Promise<boolean> {
  const result = await db
    .updateTable('activities')
    .set({ undone_at: at, undone_by: by })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('undone_at', 'is', null)
    .executeTakeFirst();
  return toInt(result.numUpdatedRows) === 1;
}

function toFeedActivity(row: Parameters<typeof toActivity>[0] & { undone_at: string | null }): FeedActivity {
  return { ...toActivity(row), undoneAt: row.undone_at };
}
