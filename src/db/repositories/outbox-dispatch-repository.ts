/** The dispatcher's side of the outbox: take undispatched events, mark them dispatched. */
import type { Db } from '../database.js';
import { dialectOf, fromJson, lockSkipLocked } from '../dialect.js';

export interface UndispatchedEvent {
  id: string;
  organizationId: string;
  name: string;
  processId: string | null;
  taskId: string | null;
  targets: unknown[];
}

/**
 * The oldest events not yet turned into deliveries. Call inside a transaction: on
 * PostgreSQL the rows stay locked (others skip them) until it commits.
 */
export async function claimUndispatchedEvents(db: Db, limit: number): Promise<UndispatchedEvent[]> {
  const dialect = dialectOf(db);
  const query = db
    .selectFrom('outbox_events')
    .select(['id', 'organization_id', 'name', 'process_id', 'task_id', 'targets'])
    .where('dispatched_at', 'is', null)
    .orderBy('created_at')
    // Events written at one instant (one write's several events) go out in their sequence
    // order, not in the order of their random ids.
    .orderBy('sequence')
    .orderBy('id')
    .limit(limit);
  const rows = await lockSkipLocked(query, dialect).execute();
  return rows.map((row) => ({
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    processId: row.process_id,
    taskId: row.task_id,
    targets: fromJson<unknown[]>(row.targets, []),
  }));
}

export async function markEventsDispatched(db: Db, ids: readonly string[], now: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox_events')
    .set({ dispatched_at: now })
    .where('id', 'in', [...ids])
    .execute();
}

/** The frozen payloads of the given events, by id, in one query. */
export async function findEventPayloads(db: Db, ids: readonly string[]): Promise<Map<string, unknown>> {
  const result = new Map<string, unknown>();
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom('outbox_events')
    .select(['id', 'payload'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const row of rows) result.set(row.id, fromJson<unknown>(row.payload, null));
  return result;
}
