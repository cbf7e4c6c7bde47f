/**
 * Event payloads for people changes, frozen when the change is made. They carry what a
 * webhook receiver needs to identify the person, never secrets (codes, tokens).
 */
import { fullName } from '../../domain/identity.js';
import type { Group, Guest, Member } from '../../domain/people.js';

export function memberEventPayload({ user, membership }: Member) {
  return {
    user: {
      id: user.id,
      email: user.email,
      first_name: user.firstName,
      last_name: user.lastName,
      full_name: fullName(user),
      role: membership.role,
      status: membership.status,
    },
    organization_id: membership.organizationId,
  };
}

export function guestEventPayload(guest: Guest) {
  return {
    guest: {
      id: guest.id,
      email: guest.email,
      first_name: guest.firstName,
      last_name: guest.lastName,
      status: guest.status,
    },
    organization_id: guest.organizationId,
  };
}

export function groupEventPayload(
  group: Group,
  memberIds: readonly number[],
  guestEmails: readonly string[],
) {
  return {
    group: { id: group.id, name: group.name, members: [...memberIds], guests: [...guestEmails] },
    organization_id: group.organizationId,
  };
}
