/**
 * What a guest may see and change about themselves through their code, besides their tasks
 * (which the tasks module serves): the organization's card and their digest days.
 */
import { findGuestsByIds, updateGuest } from '../../db/repositories/guests-repository.js';
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { findMembersOfOrganization } from '../../db/repositories/users-repository.js';
import { invalidFields, notFound } from '../../domain/errors.js';
import { type Organization, WEEKDAYS } from '../../domain/identity.js';
import type { Guest, Member } from '../../domain/people.js';
import { assertCan } from '../../domain/policy.js';
import { type AppContext, type GuestActor, inTransaction, nowIso } from '../context.js';
import { recordActivities } from '../events/record.js';
import { guestNotFound } from './access.js';

export interface GuestOrganizationView {
  organization: Organization;
  guest: Guest;
  /** Only the members who look after this guest: a guest never sees the member list. */
  contacts: Member[];
}

export async function getGuestOrganization(
  ctx: AppContext,
  actor: GuestActor,
): Promise<GuestOrganizationView> {
  assertCan(actor, 'organization.read');
  const organization = await findOrganizationById(ctx.db.kysely, actor.organizationId);
  if (!organization) throw notFound('ORGANIZATION_NOT_FOUND', 'Organization');
  const guest = await getGuestSelf(ctx, actor);
  const members = await findMembersOfOrganization(
    ctx.db.kysely,
    actor.organizationId,
    guest.details.associated_members ?? [],
  );
  const contacts = [...members.values()].filter((m) => m.membership.status === 'active');
  return { organization, guest, contacts };
}

export async function getGuestSelf(ctx: AppContext, actor: GuestActor): Promise<Guest> {
  const guest = (await findGuestsByIds(ctx.db.kysely, actor.organizationId, [actor.guestId])).get(
    actor.guestId,
  );
  if (!guest) throw guestNotFound();
  return guest;
}

/** The days a guest wants their digest on: day names, as a list or comma-separated. */
export async function setGuestCadenceDays(ctx: AppContext, actor: GuestActor, raw: unknown): Promise<Guest> {
  const days = parseDays(raw);
  return inTransaction(ctx, async (tx) => {
    const guest = await getGuestSelf(tx, actor);
    await updateGuest(
      tx.db.kysely,
      actor.organizationId,
      guest.id,
      { details: { ...guest.details, cadence_days: days } },
      nowIso(tx),
    );
    await recordActivities(tx, actor.organizationId, { type: 'guest', id: guest.id }, [
      {
        action: 'updated',
        objectType: 'guest',
        objectId: String(guest.id),
        field: 'cadence_days',
        oldValue: guest.details.cadence_days ?? [],
        newValue: days,
      },
    ]);
    return getGuestSelf(tx, actor);
  });
}

function parseDays(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
  if (!list)
    throw invalidFields('VALIDATION_FAILED', {
      cadence_days: ['The cadence days must be a list of day names.'],
    });
  const days: string[] = [];
  for (const item of list) {
    const day = WEEKDAYS.find((d) => d.toLowerCase() === String(item).trim().toLowerCase());
    if (!day) throw invalidFields('VALIDATION_FAILED', { cadence_days: [`Unknown day "${String(item)}".`] });
    if (!days.includes(day)) days.push(day);
  }
  return days;
}
