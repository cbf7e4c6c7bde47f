/**
 * Reading activity rows for task and process answers. Values are read as JSON text
 * (`cast(… as text)` means the same on both databases) and parsed here, because a jsonb
 * scalar such as "completed" comes back from PostgreSQL already decoded, and fromJson would
 * then try to parse the bare word and lose it.
 */
import { type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import { toInt } from '../dialect.js';
import type { Database } from '../schema.js';
import type { Activity } from './events-repository.js';

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function columns<O>(query: SelectQueryBuilder<Database, 'activities', O>) {
  return query.select([
    'id',
    'organization_id',
    'actor_type',
    'actor_id',
    'action',
    'object_type',
    'object_id',
    'process_id',
    'task_id',
    'field',
    'text',
    'created_at',
    sql<string | null>`cast(old_value as text)`.as('old_text'),
    sql<string | null>`cast(new_value as text)`.as('new_text'),
  ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof columns>['execute']>>[number];

function toActivity(row: Row): Activity {
  return {
    id: row.id,
    organizationId: row.organization_id,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    processId: row.process_id,
    taskId: row.task_id,
    field: row.field,
    oldValue: parse(row.old_text),
    newValue: parse(row.new_text),
    text: row.text,
    createdAt: row.created_at,
  };
}

/** Activities of the given tasks, oldest first, in one query. */
export async function findTaskActivities(
  db: Db,
  organizationId: string,
  taskIds: readonly string[],
): Promise<Activity[]> {
  if (taskIds.length === 0) return [];
  const rows = await columns(db.selectFrom('activities'))
    .where('organization_id', '=', organizationId)
    .where('task_id', 'in', [...new Set(taskIds)])
    .orderBy('id')
    .execute();
  return rows.map(toActivity);
}

/** One page of a process's activities (its tasks' included), newest first, and the total. */
export async function findProcessActivities(
  db: Db,
  organizationId: string,
  processId: string,
  window: { offset: number; limit: number | undefined },
): Promise<{ items: Activity[]; total: number }> {
  const count = await db
    .selectFrom('activities')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organization_id', '=', organizationId)
    .where('process_id', '=', processId)
    .executeTakeFirst();
  let query = columns(db.selectFrom('activities'))
    .where('organization_id', '=', organizationId)
    .where('process_id', '=', processId)
    .orderBy('id', 'desc');
  if (window.limit !== undefined) query = query.limit(window.limit).offset(window.offset);
  return { items: (await query.execute()).map(toActivity), total: toInt(count?.n) };
}
