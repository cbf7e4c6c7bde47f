/**
 * Turning a member into a guest and a guest into a member. The person keeps their groups;
 * they are never both in the same organization at once.
 */
import {
  addGuestToGroups,
  addUserToGroups,
  findGroupIdsOfGuest,
  findGroupIdsOfUser,
  removeGuestFromGroups,
  removeUserFromGroups,
} from '../../db/repositories/groups-repository.js';
import {
  findGuestByEmail,
  insertGuest,
  reviveGuests,
  updateGuest,
} from '../../db/repositories/guests-repository.js';
import { deleteInvitationsOfMember } from '../../db/repositories/invitations-repository.js';
import { transferTaskOwnership } from '../../db/repositories/owner-transfer-repository.js';
import {
  deleteMembership,
  findMember,
  findUserByEmail,
  insertMembership,
} from '../../db/repositories/users-repository.js';
import { invalidFields } from '../../domain/errors.js';
import { ROLES, type Role } from '../../domain/identity.js';
import type { Member } from '../../domain/people.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { assertNotLastAdmin, authorize, memberNotFound } from './access.js';
import { type GuestView, viewsOf } from './guest-codes.js';
import { loadGuest, record as recordGuest } from './guests.js';
import { createInvitedUser, issueInvitation } from './invitations.js';
import { record as recordMember } from './members.js';

/**
 * `PUT …/users/{id}/to/guest`: the membership ends and a guest with the same e-mail and
 * name takes its place in the member's groups. The last active admin cannot be converted.
 */
export async function convertMemberToGuest(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
  baseUrl: string,
): Promise<GuestView> {
  await authorize(ctx, actor, 'member.convert');
  const guest = await inTransaction(ctx, async (tx) => {
    const org = actor.organizationId;
    const member = await findMember(tx.db.kysely, org, userId);
    if (!member) throw memberNotFound();
    if (member.membership.role === 'admin') await assertNotLastAdmin(tx, org, userId);
    const guestId = await guestFor(tx, org, member);
    await transferTaskOwnership(
      tx.db.kysely,
      org,
      { kind: 'user', ownerId: String(userId) },
      { kind: 'guest', ownerId: member.user.email },
    );
    await addGuestToGroups(tx.db.kysely, org, guestId, await findGroupIdsOfUser(tx.db.kysely, org, userId));
    await removeUserFromGroups(tx.db.kysely, org, userId);
    await deleteInvitationsOfMember(tx.db.kysely, org, userId);
    await deleteMembership(tx.db.kysely, org, userId);
    await recordMember(tx, actor, member, 'converted_to_guest', 'status', member.membership.status, null);
    const guest = await loadGuest(tx, actor, member.user.email);
    await recordGuest(tx, actor, guest, 'created');
    return guest;
  });
  const [view] = await viewsOf(ctx, actor, [guest], baseUrl);
  return view ?? { guest, link: null };
}

/** The guest row for a member becoming a guest: a removed one is revived, or a new one made. */
async function guestFor(tx: AppContext, org: string, member: Member): Promise<number> {
  const now = nowIso(tx);
  const existing = await findGuestByEmail(tx.db.kysely, org, member.user.email, { includeDeleted: true });
  let id = existing?.id;
  if (id !== undefined) await reviveGuests(tx.db.kysely, org, [id], now);
  else {
    id = await insertGuest(tx.db.kysely, {
      organizationId: org,
      email: member.user.email,
      firstName: null,
      lastName: null,
      details: {},
      status: 'active',
      now,
    });
  }
  await updateGuest(
    tx.db.kysely,
    org,
    id,
    { firstName: member.user.firstName, lastName: member.user.lastName },
    now,
  );
  return id;
}

/**
 * `POST …/guests/{email}/to/member`: the guest leaves and the person is invited as a member
 * with `role` (default light), keeping their groups. An e-mail with an account elsewhere
 * joins with that account once they accept.
 */
export async function convertGuestToMember(
  ctx: AppContext,
  actor: MemberActor,
  email: string,
  role: string | undefined,
  baseUrl: string,
): Promise<Member> {
  const grants = (role ?? 'light') as Role;
  if (!ROLES.includes(grants))
    throw invalidFields('VALIDATION_FAILED', { role: [`The role must be one of ${ROLES.join(', ')}.`] });
  await authorize(ctx, actor, 'guest.convert');
  return inTransaction(ctx, async (tx) => {
    const org = actor.organizationId;
    const guest = await loadGuest(tx, actor, email);
    const now = nowIso(tx);
    const user = await findUserByEmail(tx.db.kysely, guest.email);
    const userId =
      user?.id ??
      (await createInvitedUser(
        tx,
        org,
        guest.email,
        { firstName: guest.firstName, lastName: guest.lastName },
        now,
      ));
    await insertMembership(tx.db.kysely, {
      organizationId: org,
      userId,
      role: grants,
      status: 'invited',
      isDefaultAdmin: false,
      invitedBy: actor.userId,
      now,
    });
    await addUserToGroups(tx.db.kysely, org, userId, await findGroupIdsOfGuest(tx.db.kysely, org, guest.id));
    await removeGuestFromGroups(tx.db.kysely, org, guest.id);
    await transferTaskOwnership(
      tx.db.kysely,
      org,
      { kind: 'guest', ownerId: guest.email },
      { kind: 'user', ownerId: String(userId) },
    );
    await updateGuest(tx.db.kysely, org, guest.id, { deletedAt: now }, now);
    await recordGuest(tx, actor, guest, 'converted_to_member');
    return issueInvitation(tx, actor, userId, null, baseUrl, 'invited');
  });
}
