/**
 * Members' preferences: each member reads and sets their own; administrators may read
 * another member's (policy action `preference.read_others`).
 */
import {
  countPreferencesOf,
  findPreferencesOf,
  hasPreference,
  upsertPreference,
} from '../../db/repositories/member-preferences-repository.js';
import { findMember } from '../../db/repositories/users-repository.js';
import { notFound, rejected } from '../../domain/errors.js';
import { assertCan } from '../../domain/policy.js';
import {
  MAX_PREFERENCES_PER_MEMBER,
  type Preference,
  type PreferenceInput,
} from '../../domain/preferences.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';

/** The preferences of the acting member, by slug. */
export async function listMyPreferences(ctx: AppContext, actor: MemberActor): Promise<Preference[]> {
  assertCan(actor, 'preference.manage');
  return findPreferencesOf(ctx.db.kysely, actor.organizationId, actor.userId);
}

/** Another member's preferences (their own for anyone, anyone's for administrators). */
export async function listMemberPreferences(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
): Promise<Preference[]> {
  assertCan(actor, 'preference.read_others', { isSelf: userId === actor.userId });
  if (!(await findMember(ctx.db.kysely, actor.organizationId, userId)))
    throw notFound('MEMBER_NOT_FOUND', 'Member');
  return findPreferencesOf(ctx.db.kysely, actor.organizationId, userId);
}

/** Sets one of the acting member's preferences; a new slug counts against the member's limit. */
export async function setMyPreference(
  ctx: AppContext,
  actor: MemberActor,
  input: PreferenceInput,
): Promise<Preference> {
  assertCan(actor, 'preference.manage');
  const org = actor.organizationId;
  return inTransaction(ctx, async (tx) => {
    const db = tx.db.kysely;
    const isNew = !(await hasPreference(db, org, actor.userId, input.slug));
    if (isNew && (await countPreferencesOf(db, org, actor.userId)) >= MAX_PREFERENCES_PER_MEMBER)
      throw rejected(
        'TOO_MANY_PREFERENCES',
        `A member can keep at most ${MAX_PREFERENCES_PER_MEMBER} preferences.`,
      );
    return upsertPreference(db, org, actor.userId, input, nowIso(tx));
  });
}
