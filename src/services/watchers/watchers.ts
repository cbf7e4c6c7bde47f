/** The watcher API: members follow objects; admins subscribe webhooks to the organization. */
import { findMembership, findUsersByIds } from '../../db/repositories/users-repository.js';
import {
  deleteWatcher,
  findSameWatcher,
  findWatcherById,
  insertWatcher,
  listWatchers,
  updateWatcher,
  type WatcherFilters,
  watchedObjectExists,
} from '../../db/repositories/watchers-repository.js';
import { forbidden, invalidFields, notFound } from '../../domain/errors.js';
import type { User } from '../../domain/identity.js';
import { type Page, type PageRequest, pageWindow, toPage } from '../../domain/pagination.js';
import {
  type NotificationType,
  parseWatchObjectType,
  type Watcher,
  type WatchFrequency,
} from '../../domain/watchers.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import {
  type AddWatcherInput,
  parseAddWatcher,
  parseUpdateWatcher,
  type UpdateWatcherInput,
} from './watcher-input.js';

/** The member acted for must be in the organization; only they or an admin may act. */
async function assertCanActFor(ctx: AppContext, actor: MemberActor, userId: number): Promise<void> {
  const membership = await findMembership(ctx.db.kysely, actor.organizationId, userId);
  if (!membership) throw notFound('USER_NOT_FOUND', 'User');
  if (actor.userId !== userId && actor.role !== 'admin') {
    throw forbidden('FORBIDDEN', "Only administrators can manage another member's watchers.");
  }
}

/**
 * `POST users/{user}/add-watcher`. Organization-level subscriptions are for admins only.
 * Adding the same subscription again (user, object, channel, URL) updates its frequency.
 */
export async function addWatcher(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
  input: AddWatcherInput,
): Promise<Watcher> {
  await assertCanActFor(ctx, actor, userId);
  const orgLevel = parseWatchObjectType(String(input.objectType ?? '')) === 'organization';
  if (orgLevel && actor.role !== 'admin') {
    throw forbidden('ADMIN_ONLY', 'Only administrators can subscribe to organization events.');
  }
  const parsed = parseAddWatcher(input, ctx.config);
  if (parsed.objectType === 'organization') {
    if (parsed.objectId !== actor.organizationId) throw notFound('WATCHED_OBJECT_NOT_FOUND', 'Organization');
  } else if (
    !(await watchedObjectExists(ctx.db.kysely, actor.organizationId, parsed.objectType, parsed.objectId))
  ) {
    throw notFound('WATCHED_OBJECT_NOT_FOUND', 'The watched object');
  }
  const id = await inTransaction(ctx, async (tx) => {
    const fields = { organizationId: actor.organizationId, userId, ...parsed };
    const same = await findSameWatcher(tx.db.kysely, fields);
    if (same) {
      await updateWatcher(
        tx.db.kysely,
        actor.organizationId,
        same.id,
        { frequency: parsed.frequency },
        nowIso(tx),
      );
      return same.id;
    }
    return insertWatcher(tx.db.kysely, { ...fields, createdBy: actor.userId, now: nowIso(tx) });
  });
  return loadWatcher(ctx, actor.organizationId, id);
}

/** `PUT users/{user}/update-watcher/{id}`: frequency, channel or URL of the member's watcher. */
export async function changeWatcher(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
  watcherId: number,
  input: UpdateWatcherInput,
): Promise<Watcher> {
  await assertCanActFor(ctx, actor, userId);
  const current = await findWatcherById(ctx.db.kysely, actor.organizationId, watcherId);
  if (!current || current.userId !== userId) throw notFound('WATCHER_NOT_FOUND', 'Watcher');
  const changes = parseUpdateWatcher(input, current, ctx.config);
  await updateWatcher(ctx.db.kysely, actor.organizationId, watcherId, changes, nowIso(ctx));
  return loadWatcher(ctx, actor.organizationId, watcherId);
}

export interface WatcherQuery {
  user?: number | undefined;
  /** Guests cannot watch yet, so filtering by a guest code finds nothing. */
  guest?: string | undefined;
  watching?: string | undefined;
  notification?: NotificationType | undefined;
  repeat?: WatchFrequency | undefined;
}

/** `GET watchers`: admins see every watcher, other members only their own. */
export async function listOrganizationWatchers(
  ctx: AppContext,
  actor: MemberActor,
  query: WatcherQuery,
  page: PageRequest,
): Promise<Page<Watcher>> {
  const objectType = query.watching ? parseWatchObjectType(query.watching) : undefined;
  if (query.watching && !objectType) {
    throw invalidFields('VALIDATION_FAILED', {
      watching: ['The watching filter must be one of checklist, run, task, user, organization.'],
    });
  }
  const ownOnly = actor.role !== 'admin';
  if (query.guest || (ownOnly && query.user !== undefined && query.user !== actor.userId)) {
    return toPage(page, [], 0);
  }
  const filters: WatcherFilters = {
    userId: ownOnly ? actor.userId : query.user,
    objectType,
    notificationType: query.notification,
    frequency: query.repeat,
  };
  const { items, total } = await listWatchers(ctx.db.kysely, actor.organizationId, filters, pageWindow(page));
  return toPage(page, items, total);
}

/** The members behind a page of watchers (`with=watcher`), in one query. */
export async function findWatcherUsers(
  ctx: AppContext,
  watchers: readonly Watcher[],
): Promise<Map<number, User>> {
  return findUsersByIds(
    ctx.db.kysely,
    watchers.map((w) => w.userId),
  );
}

/** `DELETE remove-watcher/{id}`: the watcher's member or an admin. */
export async function removeWatcher(ctx: AppContext, actor: MemberActor, watcherId: number): Promise<void> {
  const current = await findWatcherById(ctx.db.kysely, actor.organizationId, watcherId);
  if (!current) throw notFound('WATCHER_NOT_FOUND', 'Watcher');
  if (current.userId !== actor.userId && actor.role !== 'admin') {
    throw forbidden('FORBIDDEN', "Only administrators can remove another member's watchers.");
  }
  await deleteWatcher(ctx.db.kysely, actor.organizationId, watcherId);
}

async function loadWatcher(ctx: AppContext, organizationId: string, id: number): Promise<Watcher> {
  const watcher = await findWatcherById(ctx.db.kysely, organizationId, id);
  if (!watcher) throw notFound('WATCHER_NOT_FOUND', 'Watcher');
  return watcher;
}
