/**
 * Guests and groups as the services see them. Members are `User` + `Membership`
 * in ./identity.ts.
 */
import type { Membership, User } from './identity.js';

export const GUEST_STATUSES = ['active', 'disabled'] as const;
export type GuestStatus = (typeof GUEST_STATUSES)[number];

/** The spec's GuestDetails keys a client may set; stored as given (strings unless noted). */
export const GUEST_DETAIL_KEYS = [
  'phone_1',
  'phone_2',
  'image_url',
  'contact_url',
  'company_url',
  'opportunity_url',
  'company_name',
  'opportunity_name',
  'external_sync_source',
  'external_date_creation',
  'timezone',
] as const;
export type GuestDetailKey = (typeof GUEST_DETAIL_KEYS)[number];

export interface GuestDetails {
  [key: string]: unknown;
  /** Members who look after this guest (user ids). */
  associated_members?: number[];
  /** Days on which the guest wants digests: `["Monday", …]`. */
  cadence_days?: string[];
}

/** An outside person of one organization. Guests have integer ids and are addressed by e-mail. */
export interface Guest {
  id: number;
  organizationId: string;
  /** Lowercased. */
  email: string;
  firstName: string | null;
  lastName: string | null;
  details: GuestDetails;
  status: GuestStatus;
  lastKnownIp: string | null;
  disabledAt: string | null;
  disabledBy: number | null;
  reactivatedAt: string | null;
  reactivatedBy: number | null;
  createdAt: string;
  lastUpdated: string;
  lastAccessedAt: string | null;
  deletedAt: string | null;
}

/** A named set of members and guests; assigning a group to a task makes it theirs. */
export interface Group {
  id: string;
  organizationId: string;
  name: string;
  description: string | null;
  logo: string | null;
  createdAt: string;
  lastUpdated: string;
}

/** A group with the ids of its members and guests (group_members / group_guests rows). */
export interface GroupWithMembers extends Group {
  memberIds: number[];
  guestIds: number[];
}

export const GROUP_NAME_MAX = 200;

export function guestFullName(guest: Pick<Guest, 'firstName' | 'lastName' | 'email'>): string {
  const name = `${guest.firstName ?? ''} ${guest.lastName ?? ''}`.trim();
  return name || guest.email;
}

/** True when the string can only be an e-mail (guest codes never contain `@`). */
export function looksLikeEmail(value: string): boolean {
  return value.includes('@');
}

/** A user seen inside one organization: the global account and the membership there. */
export interface Member {
  user: User;
  membership: Membership;
}

/** Task counts of a member or guest (`with=stats`), as Tallyfy's guest stats shape them. */
export interface PersonStats {
  /** Open (not completed, not skipped) tasks assigned to them directly, not archived. */
  assignedTasks: number;
  tasksCompleted: number;
  lastTaskCompletedAt: string | null;
  oneOffTasksCompleted: number;
  lastOneOffTaskCompletedAt: string | null;
}
