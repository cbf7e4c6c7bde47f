/**
 * Who a notification can reach: a task's owners expanded to people (groups to their members
 * and guests), e-mail watchers, and the addresses of members and guests. Every query is
 * scoped by organization and takes whole sets at once.
 */
import type { Recipient } from '../../domain/notifications.js';
import type { TaskOwners } from '../../domain/tasks/task.js';
import type { WatchFrequency } from '../../domain/watchers.js';
import type { Db } from '../database.js';

/** Active members and guests the owners name, directly or through their groups. */
export async function expandOwners(db: Db, organizationId: string, owners: TaskOwners): Promise<Recipient[]> {
  const userIds = new Set(owners.users);
  const guestEmails = new Set(owners.guests);
  const guestIds = new Set<number>();
  if (owners.groups.length > 0) {
    const members = await db
      .selectFrom('group_members')
      .select('user_id')
      .where('organization_id', '=', organizationId)
      .where('group_id', 'in', owners.groups)
      .execute();
    for (const m of members) userIds.add(m.user_id);
    const guests = await db
      .selectFrom('group_guests')
      .select('guest_id')
      .where('organization_id', '=', organizationId)
      .where('group_id', 'in', owners.groups)
      .execute();
    for (const g of guests) guestIds.add(g.guest_id);
  }
  if (guestEmails.size > 0) {
    const rows = await db
      .selectFrom('guests')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('email', 'in', [...guestEmails])
      .execute();
    for (const r of rows) guestIds.add(r.id);
  }
  return [
    ...[...userIds].map((id) => ({ type: 'user' as const, id })),
    ...[...guestIds].map((id) => ({ type: 'guest' as const, id })),
  ];
}

export interface EmailWatch {
  id: number;
  userId: number;
  objectType: string;
  objectId: string;
  frequency: WatchFrequency;
}

/** E-mail watchers of the given tasks and processes. */
export async function findEmailWatches(
  db: Db,
  organizationId: string,
  objects: { taskIds: readonly string[]; processIds: readonly string[] },
): Promise<EmailWatch[]> {
  if (objects.taskIds.length === 0 && objects.processIds.length === 0) return [];
  const rows = await db
    .selectFrom('watchers')
    .select(['id', 'user_id', 'object_type', 'object_id', 'frequency'])
    .where('organization_id', '=', organizationId)
    .where('notification_type', '=', 'email')
    .where((eb) =>
      eb.or([
        ...(objects.taskIds.length
          ? [eb.and([eb('object_type', '=', 'task'), eb('object_id', 'in', [...objects.taskIds])])]
          : []),
        ...(objects.processIds.length
          ? [eb.and([eb('object_type', '=', 'run'), eb('object_id', 'in', [...objects.processIds])])]
          : []),
      ]),
    )
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    objectType: r.object_type,
    objectId: r.object_id,
    frequency: r.frequency,
  }));
}

export interface Contact {
  recipient: Recipient;
  email: string;
  name: string;
  timezone: string;
}

/**
 * Addresses of the recipients who can still be reached: active members and active,
 * undeleted guests of the organization. Keyed `type:id`.
 */
export async function findContacts(
  db: Db,
  organizationId: string,
  recipients: readonly Recipient[],
): Promise<Map<string, Contact>> {
  const result = new Map<string, Contact>();
  const userIds = [...new Set(recipients.filter((r) => r.type === 'user').map((r) => r.id))];
  const guestIds = [...new Set(recipients.filter((r) => r.type === 'guest').map((r) => r.id))];
  if (userIds.length > 0) {
    const rows = await db
      .selectFrom('users')
      .innerJoin('memberships', 'memberships.user_id', 'users.id')
      .select(['users.id', 'users.email', 'users.first_name', 'users.last_name', 'users.timezone'])
      .where('memberships.organization_id', '=', organizationId)
      .where('memberships.status', '=', 'active')
      .where('users.id', 'in', userIds)
      .execute();
    for (const r of rows) {
      const recipient = { type: 'user' as const, id: r.id };
      const name = `${r.first_name} ${r.last_name}`.trim() || r.email;
      result.set(`user:${r.id}`, { recipient, email: r.email, name, timezone: r.timezone });
    }
  }
  if (guestIds.length > 0) {
    const rows = await db
      .selectFrom('guests')
      .select(['id', 'email', 'first_name', 'last_name'])
      .where('organization_id', '=', organizationId)
      .where('status', '=', 'active')
      .where('deleted_at', 'is', null)
      .where('id', 'in', guestIds)
      .execute();
    for (const r of rows) {
      const recipient = { type: 'guest' as const, id: r.id };
      const name = `${r.first_name ?? ''} ${r.last_name ?? ''}`.trim() || r.email;
      result.set(`guest:${r.id}`, { recipient, email: r.email, name, timezone: 'UTC' });
    }
  }
  return result;
}

/** Active members of the organization among `ids` (mentions name anyone by number). */
export async function findActiveMemberIds(
  db: Db,
  organizationId: string,
  ids: readonly number[],
): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'active')
    .where('user_id', 'in', [...new Set(ids)])
    .execute();
  return rows.map((r) => r.user_id);
}
