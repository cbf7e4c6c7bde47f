import { type RawBuilder, sql } from 'kysely';
import type { Activity } from '../../domain/activities.js';
import type { Db } from '../database.js';
import { fromJson, toInt, toJson } from '../dialect.js';

export interface NewActivity {
  organizationId: string;
  actorType: 'user' | 'guest' | 'system';
  actorId: number | null;
  action: string;
  objectType: string;
  objectId: string;
  processId?: string | null;
  taskId?: string | null;
  field?: string | null;
  oldValue?: unknown;
  newValue?: unknown;
  text?: string | null;
  createdAt: string;
}

export async function insertActivities(db: Db, rows: readonly NewActivity[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('activities')
    .values(
      rows.map((a) => ({
        organization_id: a.organizationId,
        actor_type: a.actorType,
        actor_id: a.actorId,
        action: a.action,
        object_type: a.objectType,
        object_id: a.objectId,
        process_id: a.processId ?? null,
        task_id: a.taskId ?? null,
        field: a.field ?? null,
        old_value: a.oldValue === undefined ? null : toJson(a.oldValue),
        new_value: a.newValue === undefined ? null : toJson(a.newValue),
        text: a.text ?? null,
        created_at: a.createdAt,
      })),
    )
    .execute();
}

export type { Activity } from '../../domain/activities.js';

/** Activities of the given tasks (for `with=activities`), oldest first, in one query. */
export async function findActivitiesOfTasks(
  db: Db,
  organizationId: string,
  taskIds: readonly string[],
): Promise<Activity[]> {
  if (taskIds.length === 0) return [];
  const rows = await db
    .selectFrom('activities')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('task_id', 'in', [...new Set(taskIds)])
    .orderBy('id')
    .execute();
  return rows.map(toActivity);
}

export async function findActivitiesOfProcess(
  db: Db,
  organizationId: string,
  processId: string,
  window: { offset: number; limit: number | undefined },
): Promise<{ items: Activity[]; total: number }> {
  const base = db
    .selectFrom('activities')
    .where('organization_id', '=', organizationId)
    .where('process_id', '=', processId);
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  let query = base.selectAll().orderBy('id', 'desc');
  if (window.limit !== undefined) query = query.limit(window.limit).offset(window.offset);
  return { items: (await query.execute()).map(toActivity), total: toInt(count?.n) };
}

/** An activity row as the domain reads it (the feed's reader adds its undo time). */
export function toActivity(row: {
  id: number;
  organization_id: string;
  actor_type: 'user' | 'guest' | 'system';
  actor_id: number | null;
  action: string;
  object_type: string;
  object_id: string;
  process_id: string | null;
  task_id: string | null;
  field: string | null;
  old_value: unknown;
  new_value: unknown;
  text: string | null;
  created_at: string;
}): Activity {
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
    oldValue: fromJson(row.old_value, null),
    newValue: fromJson(row.new_value, null),
    text: row.text,
    createdAt: row.created_at,
  };
}

export interface NewOutboxEvent {
  id: string;
  organizationId: string;
  name: string;
  processId: string | null;
  taskId: string | null;
  payload: unknown;
  /** Webhook URLs of the objects involved (template, step, task, rule). */
  targets: string[];
  /** Who acted; notifications leave them out. */
  actor: { type: 'user' | 'guest' | 'system'; id: number | null };
  detail: Record<string, unknown> | null;
  createdAt: string;
}

/**
 * Appends events to the outbox, numbering them per process, and a one-off task's events (no
 * process, a task) per task. Call inside the transaction that made the change, after locking
 * the process row (or the one-off task's row), so sequence numbers never collide. One
 * statement: each row's number is the last one of its process or one-off task (read by a
 * subquery, which sees the table as it was before this statement on both databases) plus its
 * place among this statement's rows of that process or task. Events of neither carry 0.
 */
export async function insertOutboxEvents(db: Db, events: readonly NewOutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  const placed = new Map<string, number>();
  const nextPlace = (key: string): number => {
    const place = (placed.get(key) ?? 0) + 1;
    placed.set(key, place);
    return place;
  };
  await db
    .insertInto('outbox_events')
    .values(
      events.map((e) => {
        let sequence: number | RawBuilder<number> = 0;
        if (e.processId !== null) {
          const place = nextPlace(`process:${e.processId}`);
          sequence = sql<number>`(select coalesce(max(sequence), 0) from outbox_events where process_id = ${e.processId}) + ${place}`;
        } else if (e.taskId !== null) {
          const place = nextPlace(`task:${e.taskId}`);
          sequence = sql<number>`(select coalesce(max(sequence), 0) from outbox_events where task_id = ${e.taskId} and process_id is null) + ${place}`;
        }
        return {
          id: e.id,
          organization_id: e.organizationId,
          name: e.name,
          process_id: e.processId,
          task_id: e.taskId,
          sequence,
          payload: toJson(e.payload),
          targets: toJson(e.targets),
          created_at: e.createdAt,
          dispatched_at: null,
          actor_type: e.actor.type,
          actor_id: e.actor.id,
          detail: e.detail === null ? null : toJson(e.detail),
          notified_at: null,
        };
      }),
    )
    .execute();
}
