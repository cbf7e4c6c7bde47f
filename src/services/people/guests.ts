/**
 * Guests: outside people of an organization, addressed by e-mail, each with a secret guest
 * code. A guest is never also a member of the same organization.
 */
import { removeGuestFromGroups } from '../../db/repositories/groups-repository.js';
import {
  findGuestByEmail,
  findMemberEmails,
  GUEST_SORT_FIELDS,
  type GuestChanges,
  insertGuest,
  listGuests,
  reviveGuests,
  updateGuest,
} from '../../db/repositories/guests-repository.js';
import { findPeopleStats } from '../../db/repositories/people-stats-repository.js';
import { removeOwnerFromAllTasks } from '../../db/repositories/task-owners-repository.js';
import { findMembersOfOrganization } from '../../db/repositories/users-repository.js';
import { FieldErrorCollector, invalidFields, rejected } from '../../domain/errors.js';
import { isValidEmail, normalizeEmail } from '../../domain/identity.js';
import { type Page, type PageRequest, pageWindow, parseSort, toPage } from '../../domain/pagination.js';
import {
  GUEST_DETAIL_KEYS,
  type Guest,
  type GuestDetails,
  type GuestStatus,
  type PersonStats,
} from '../../domain/people.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { asDuplicate } from '../errors.js';
import { appendEvents, recordActivities } from '../events/record.js';
import { authorize, guestNotFound } from './access.js';
import { type GuestView, guestCodesOf, guestLink, resetGuestCode, viewOf, viewsOf } from './guest-codes.js';
import { guestEventPayload } from './payloads.js';

export type { GuestView } from './guest-codes.js';

export interface GuestInput {
  email?: string | undefined;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  status?: GuestStatus | undefined;
  /** GuestDetails keys as given (phone_1, company_name, timezone, …). */
  details?: Partial<Record<string, string | null>>;
  associatedMembers?: number[] | undefined;
}

/** `POST …/guests`: a new guest (or a removed one brought back); 422 for members and duplicates. */
export async function createGuest(
  ctx: AppContext,
  actor: MemberActor,
  input: GuestInput,
  baseUrl: string,
): Promise<GuestView> {
  await authorize(ctx, actor, 'guest.create');
  const email = normalizeEmail(input.email ?? '');
  if (!isValidEmail(email))
    throw invalidFields('VALIDATION_FAILED', { email: ['The email must be a valid email address.'] });
  const guest = await asDuplicate(
    () =>
      inTransaction(ctx, async (tx) => {
        const org = actor.organizationId;
        if ((await findMemberEmails(tx.db.kysely, org, [email])).length > 0) {
          throw rejected('EMAIL_IS_MEMBER', 'This e-mail belongs to a member of the organization.');
        }
        const existing = await findGuestByEmail(tx.db.kysely, org, email, { includeDeleted: true });
        if (existing && !existing.deletedAt) throw guestExists();
        const now = nowIso(tx);
        let id = existing?.id;
        if (id !== undefined) await reviveGuests(tx.db.kysely, org, [id], now);
        else {
          id = await insertGuest(tx.db.kysely, {
            organizationId: org,
            email,
            firstName: null,
            lastName: null,
            details: {},
            status: 'active',
            now,
          });
        }
        const changes = await guestChanges(
          tx,
          org,
          { details: {} },
          { ...input, details: input.details ?? {} },
        );
        await updateGuest(tx.db.kysely, org, id, changes, now);
        return recordGuest(tx, actor, email, 'created');
      }),
    guestExists,
  );
  return viewOf(ctx, actor, guest, baseUrl);
}

export interface GuestListQuery {
  q?: string | undefined;
  sort?: string | undefined;
}

export async function listOrganizationGuests(
  ctx: AppContext,
  actor: MemberActor,
  query: GuestListQuery,
  page: PageRequest,
  baseUrl: string,
): Promise<Page<GuestView>> {
  await authorize(ctx, actor, 'guest.list');
  const sort = parseSort(query.sort, GUEST_SORT_FIELDS, { field: 'created_at', direction: 'asc' });
  if (!sort)
    throw invalidFields('VALIDATION_FAILED', {
      sort: [`The sort must be one of ${GUEST_SORT_FIELDS.join(', ')}.`],
    });
  const { items, total } = await listGuests(ctx.db.kysely, actor.organizationId, {
    q: query.q?.trim() || undefined,
    sort,
    ...pageWindow(page),
  });
  return toPage(page, await viewsOf(ctx, actor, items, baseUrl), total);
}

export async function getGuest(ctx: AppContext, actor: MemberActor, email: string, baseUrl: string) {
  await authorize(ctx, actor, 'guest.read');
  return viewOf(ctx, actor, await loadGuest(ctx, actor, email), baseUrl);
}

/** `PUT …/guests/{email}`: profile fields given are set; `associated_members` replaces. */
export async function updateGuestProfile(
  ctx: AppContext,
  actor: MemberActor,
  email: string,
  input: GuestInput,
  baseUrl: string,
): Promise<GuestView> {
  await authorize(ctx, actor, 'guest.update');
  const guest = await inTransaction(ctx, async (tx) => {
    const before = await loadGuest(tx, actor, email);
    const changes = await guestChanges(tx, actor.organizationId, before, input);
    await updateGuest(tx.db.kysely, actor.organizationId, before.id, changes, nowIso(tx));
    return recordGuest(tx, actor, before.email, 'updated');
  });
  return viewOf(ctx, actor, guest, baseUrl);
}

/** Disables (`status: disabled`) or enables a guest; a disabled guest's link answers 403. */
export async function setGuestEnabled(
  ctx: AppContext,
  actor: MemberActor,
  email: string,
  enabled: boolean,
  baseUrl: string,
): Promise<GuestView> {
  await authorize(ctx, actor, 'guest.update');
  const guest = await inTransaction(ctx, async (tx) => {
    const before = await loadGuest(tx, actor, email);
    if ((before.status === 'active') === enabled) return before;
    const now = nowIso(tx);
    const changes: GuestChanges = enabled
      ? { status: 'active', reactivatedAt: now, reactivatedBy: actor.userId }
      : { status: 'disabled', disabledAt: now, disabledBy: actor.userId };
    await updateGuest(tx.db.kysely, actor.organizationId, before.id, changes, now);
    return recordGuest(tx, actor, before.email, enabled ? 'enabled' : 'disabled');
  });
  return viewOf(ctx, actor, guest, baseUrl);
}

/** `DELETE …/guests/{email}`: off every task and group, out of the organization, link dead. */
export async function removeGuest(ctx: AppContext, actor: MemberActor, email: string): Promise<Guest> {
  await authorize(ctx, actor, 'guest.delete');
  return inTransaction(ctx, async (tx) => {
    const guest = await loadGuest(tx, actor, email);
    const org = actor.organizationId;
    await removeGuestFromGroups(tx.db.kysely, org, guest.id);
    await removeOwnerFromAllTasks(tx.db.kysely, org, 'guest', guest.email);
    await updateGuest(tx.db.kysely, org, guest.id, { deletedAt: nowIso(tx) }, nowIso(tx));
    await record(tx, actor, guest, 'removed');
    return { ...guest, deletedAt: nowIso(tx) };
  });
}

/** The guest's forever link (`GET …/guests-link?email=`). */
export async function getGuestForeverLink(
  ctx: AppContext,
  actor: MemberActor,
  email: string,
  baseUrl: string,
) {
  await authorize(ctx, actor, 'guest.link');
  const guest = await loadGuest(ctx, actor, email);
  const code = (await guestCodesOf(ctx, actor.organizationId, [guest])).get(guest.id) ?? '';
  return { email: guest.email, link: guestLink(baseUrl, actor.organizationId, code) };
}

/** `PUT …/guests/{email}/reset-link`: a new code; the old link stops working at once. */
export async function resetGuestLink(
  ctx: AppContext,
  actor: MemberActor,
  email: string,
  baseUrl: string,
): Promise<GuestView> {
  await authorize(ctx, actor, 'guest.link');
  return inTransaction(ctx, async (tx) => {
    const guest = await loadGuest(tx, actor, email);
    const code = await resetGuestCode(tx, actor.organizationId, guest.id);
    await record(tx, actor, guest, 'link_reset');
    return { guest, link: guestLink(baseUrl, actor.organizationId, code) };
  });
}

export async function loadGuest(ctx: AppContext, actor: MemberActor, email: string): Promise<Guest> {
  const guest = await findGuestByEmail(ctx.db.kysely, actor.organizationId, normalizeEmail(email));
  if (!guest) throw guestNotFound();
  return guest;
}

/** Validates profile input into changes; associated members must belong to the organization. */
async function guestChanges(
  tx: AppContext,
  organizationId: string,
  before: Pick<Guest, 'details'>,
  input: GuestInput,
): Promise<GuestChanges> {
  const changes: GuestChanges = {};
  if (input.firstName !== undefined) changes.firstName = input.firstName?.trim() || null;
  if (input.lastName !== undefined) changes.lastName = input.lastName?.trim() || null;
  if (input.status !== undefined) changes.status = input.status;
  const details: GuestDetails = { ...before.details };
  for (const key of GUEST_DETAIL_KEYS) {
    const value = input.details?.[key];
    if (value !== undefined) details[key] = value;
  }
  if (input.associatedMembers !== undefined) {
    const ids = [...new Set(input.associatedMembers)];
    const found = await findMembersOfOrganization(tx.db.kysely, organizationId, ids);
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) {
      const errors = new FieldErrorCollector();
      errors.add('associated_members', `Not members of the organization: ${unknown.join(', ')}.`);
      errors.throwIfAny('UNKNOWN_MEMBERS');
    }
    details.associated_members = ids;
  }
  changes.details = details;
  return changes;
}

async function recordGuest(tx: AppContext, actor: MemberActor, email: string, verb: string): Promise<Guest> {
  const guest = await loadGuest(tx, actor, email);
  await record(tx, actor, guest, verb);
  return guest;
}

/** The activity row and `guest.<verb>` event of a guest change. */
export async function record(tx: AppContext, actor: MemberActor, guest: Guest, verb: string): Promise<void> {
  await recordActivities(tx, actor.organizationId, { type: 'user', id: actor.userId }, [
    { action: verb, objectType: 'guest', objectId: String(guest.id) },
  ]);
  await appendEvents(tx, actor.organizationId, [
    { name: `guest.${verb}`, processId: null, taskId: null, payload: guestEventPayload(guest) },
  ]);
}

/** Task counts of the listed guests, for `with=stats` (two queries for the whole page). */
export async function statsOfGuests(
  ctx: AppContext,
  actor: MemberActor,
  guests: readonly Guest[],
): Promise<Map<number, PersonStats>> {
  return findPeopleStats(
    ctx.db.kysely,
    actor.organizationId,
    'guest',
    guests.map((g) => ({ id: g.id, ownerId: g.email })),
  );
}

const guestExists = () => rejected('GUEST_EXISTS', 'A guest with this e-mail already exists.');
