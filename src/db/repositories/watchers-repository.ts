import type { Selectable } from 'kysely';
import type { NotificationType, Watcher, WatchFrequency, WatchObjectType } from '../../domain/watchers.js';
import type { Db } from '../database.js';
import { toBool, toInt } from '../dialect.js';
import type { WatchersTable } from '../tables/webhooks.js';

function toWatcher(row: Selectable<WatchersTable>): Watcher {
  return {
    id: row.id,
    organizationId: row.organization_id,
    userId: row.user_id,
    objectType: row.object_type as WatchObjectType,
    objectId: row.object_id,
    notificationType: row.notification_type,
    frequency: row.frequency,
    webhook: row.webhook,
    isSystemWatch: toBool(row.is_system_watch),
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUpdated: row.last_updated,
  };
}

export interface NewWatcher {
  organizationId: string;
  userId: number;
  objectType: WatchObjectType;
  objectId: string;
  notificationType: NotificationType;
  frequency: WatchFrequency;
  webhook: string | null;
  isSystemWatch: boolean;
  createdBy: number;
  now: string;
}

export async function insertWatcher(db: Db, w: NewWatcher): Promise<number> {
  const row = await db
    .insertInto('watchers')
    .values({
      organization_id: w.organizationId,
      user_id: w.userId,
      object_type: w.objectType,
      object_id: w.objectId,
      notification_type: w.notificationType,
      frequency: w.frequency,
      webhook: w.webhook,
      is_system_watch: w.isSystemWatch,
      created_by: w.createdBy,
      created_at: w.now,
      last_updated: w.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findWatcherById(
  db: Db,
  organizationId: string,
  id: number,
): Promise<Watcher | undefined> {
  const row = await db
    .selectFrom('watchers')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toWatcher(row) : undefined;
}

/** The same subscription again (user, object, channel and URL): adding it twice updates it. */
export async function findSameWatcher(
  db: Db,
  w: Pick<
    NewWatcher,
    'organizationId' | 'userId' | 'objectType' | 'objectId' | 'notificationType' | 'webhook'
  >,
): Promise<Watcher | undefined> {
  let query = db
    .selectFrom('watchers')
    .selectAll()
    .where('organization_id', '=', w.organizationId)
    .where('user_id', '=', w.userId)
    .where('object_type', '=', w.objectType)
    .where('object_id', '=', w.objectId)
    .where('notification_type', '=', w.notificationType);
  query = w.webhook === null ? query.where('webhook', 'is', null) : query.where('webhook', '=', w.webhook);
  const row = await query.executeTakeFirst();
  return row ? toWatcher(row) : undefined;
}

export interface WatcherChanges {
  notificationType?: NotificationType;
  frequency?: WatchFrequency;
  webhook?: string | null;
}

export async function updateWatcher(
  db: Db,
  organizationId: string,
  id: number,
  changes: WatcherChanges,
  now: string,
): Promise<void> {
  await db
    .updateTable('watchers')
    .set({
      ...(changes.notificationType !== undefined ? { notification_type: changes.notificationType } : {}),
      ...(changes.frequency !== undefined ? { frequency: changes.frequency } : {}),
      ...(changes.webhook !== undefined ? { webhook: changes.webhook } : {}),
      last_updated: now,
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

export async function deleteWatcher(db: Db, organizationId: string, id: number): Promise<void> {
  await db
    .deleteFrom('watchers')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

export interface WatcherFilters {
  userId?: number | undefined;
  objectType?: WatchObjectType | undefined;
  notificationType?: NotificationType | undefined;
  frequency?: WatchFrequency | undefined;
}

export async function listWatchers(
  db: Db,
  organizationId: string,
  filters: WatcherFilters,
  window: { offset: number; limit: number | undefined },
): Promise<{ items: Watcher[]; total: number }> {
  let base = db.selectFrom('watchers').where('organization_id', '=', organizationId);
  if (filters.userId !== undefined) base = base.where('user_id', '=', filters.userId);
  if (filters.objectType) base = base.where('object_type', '=', filters.objectType);
  if (filters.notificationType) base = base.where('notification_type', '=', filters.notificationType);
  if (filters.frequency) base = base.where('frequency', '=', filters.frequency);
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  let query = base.selectAll().orderBy('id');
  if (window.limit !== undefined) query = query.limit(window.limit).offset(window.offset);
  return { items: (await query.execute()).map(toWatcher), total: toInt(count?.n) };
}

export interface WebhookWatch {
  organizationId: string;
  objectType: WatchObjectType;
  objectId: string;
  webhook: string;
}

/**
 * Webhook watchers that concern a batch of events: organization-level ones of the given
 * organizations, and those watching one of the given processes or tasks. One query.
 */
export async function findWebhookWatches(
  db: Db,
  scope: { organizationIds: string[]; processIds: string[]; taskIds: string[] },
): Promise<WebhookWatch[]> {
  if (scope.organizationIds.length === 0) return [];
  const rows = await db
    .selectFrom('watchers')
    .select(['organization_id', 'object_type', 'object_id', 'webhook'])
    .where('organization_id', 'in', scope.organizationIds)
    .where('notification_type', '=', 'webhook')
    .where('webhook', 'is not', null)
    .where((eb) => {
      const any = [
        eb.and([eb('object_type', '=', 'organization'), eb('object_id', 'in', scope.organizationIds)]),
      ];
      if (scope.processIds.length > 0)
        any.push(eb.and([eb('object_type', '=', 'run'), eb('object_id', 'in', scope.processIds)]));
      if (scope.taskIds.length > 0)
        any.push(eb.and([eb('object_type', '=', 'task'), eb('object_id', 'in', scope.taskIds)]));
      return eb.or(any);
    })
    .execute();
  return rows.map((row) => ({
    organizationId: row.organization_id,
    objectType: row.object_type as WatchObjectType,
    objectId: row.object_id,
    webhook: row.webhook ?? '',
  }));
}

/** Whether the watched object exists in the organization (templates, processes, tasks, members). */
export async function watchedObjectExists(
  db: Db,
  organizationId: string,
  type: Exclude<WatchObjectType, 'organization'>,
  objectId: string,
): Promise<boolean> {
  if (type === 'user') {
    const userId = Number(objectId);
    if (!Number.isSafeInteger(userId)) return false;
    const row = await db
      .selectFrom('memberships')
      .select('user_id')
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  }
  const table = type === 'checklist' ? 'templates' : type === 'run' ? 'processes' : 'tasks';
  const row = await db
    .selectFrom(table)
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('id', '=', objectId)
    .executeTakeFirst();
  return row !== undefined;
}
