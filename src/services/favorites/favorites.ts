/** Starring templates and processes: for oneself, or (administrators) for several members at once. */
import { deleteFavorite, insertFavorites } from '../../db/repositories/favorites-repository.js';
import { findActiveMemberIds } from '../../db/repositories/task-owners-repository.js';
import { findTemplateById } from '../../db/repositories/templates-repository.js';
import { invalidFields, notFound } from '../../domain/errors.js';
import type { Favorite, FavoriteSubjectType } from '../../domain/favorites.js';
import { newHexId } from '../../domain/ids.js';
import { assertCan } from '../../domain/policy.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { actorRef, recordActivities } from '../events/record.js';
import { getProcess } from '../processes/get-process.js';

const subjectNotFound = () => notFound('FAVORITE_SUBJECT_NOT_FOUND', 'Starred object');

export interface FavoriteInput {
  subjectType: FavoriteSubjectType;
  subjectId: string;
}

export async function starSubject(
  ctx: AppContext,
  actor: MemberActor,
  input: FavoriteInput,
): Promise<Favorite> {
  assertCan(actor, 'favorite.manage');
  const [favorite] = await starFor(ctx, actor, input, [actor.userId]);
  return favorite as Favorite;
}

/** Stars a subject for the given members (administrators only). */
export async function starSubjectForMembers(
  ctx: AppContext,
  actor: MemberActor,
  input: FavoriteInput & { userIds: number[] },
): Promise<Favorite[]> {
  assertCan(actor, 'favorite.manage_others');
  const users = [...new Set(input.userIds)];
  if (users.length === 0)
    throw invalidFields('VALIDATION_FAILED', { users: ['The users field is required.'] });
  return starFor(ctx, actor, input, users);
}

export async function unstarSubject(
  ctx: AppContext,
  actor: MemberActor,
  input: FavoriteInput,
): Promise<void> {
  assertCan(actor, 'favorite.manage');
  await inTransaction(ctx, async (tx) => {
    const org = actor.organizationId;
    const removed = await deleteFavorite(tx.db.kysely, org, actor.userId, input.subjectType, input.subjectId);
    if (!removed) throw notFound('FAVORITE_NOT_FOUND', 'Favorite');
    await recordActivities(tx, org, actorRef(actor), [
      { action: 'unstarred', objectType: input.subjectType, objectId: input.subjectId, field: 'starred' },
    ]);
  });
}

async function starFor(
  ctx: AppContext,
  actor: MemberActor,
  input: FavoriteInput,
  userIds: number[],
): Promise<Favorite[]> {
  return inTransaction(ctx, async (tx) => {
    const org = actor.organizationId;
    await assertSubjectVisible(tx, actor, input);
    const members = await findActiveMemberIds(tx.db.kysely, org, userIds);
    const strangers = userIds.filter((u) => !members.has(u));
    if (strangers.length)
      throw invalidFields('UNKNOWN_MEMBERS', { users: [`Not active members: ${strangers.join(', ')}.`] });
    const rows = userIds.map((userId) => ({ id: newHexId(), userId, ...input }));
    const stored = await insertFavorites(tx.db.kysely, org, rows, nowIso(tx));
    await recordActivities(tx, org, actorRef(actor), [
      {
        action: 'starred',
        objectType: input.subjectType,
        objectId: input.subjectId,
        field: 'starred',
        newValue: { users: userIds },
      },
    ]);
    return stored;
  });
}

async function assertSubjectVisible(tx: AppContext, actor: MemberActor, input: FavoriteInput): Promise<void> {
  if (input.subjectType === 'template') {
    const template = await findTemplateById(tx.db.kysely, actor.organizationId, input.subjectId);
    if (!template || template.archivedAt) throw subjectNotFound();
    return;
  }
  await getProcess(tx, actor, input.subjectId).catch(() => {
    throw subjectNotFound();
  });
}
