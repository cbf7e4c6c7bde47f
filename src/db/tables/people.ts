import type { DbJson, Serial, Timestamp } from './types.js';

/**
 * Outside people of one organization, keyed by e-mail (lowercased, unique per
 * organization). The guest code is never stored: only its SHA-256, and the nonce it is
 * derived from with the installation's secret key (see services/people/guest-codes.ts).
 */
export interface GuestsTable {
  id: Serial;
  organization_id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  /** The spec's GuestDetails keys (phones, URLs, company, timezone, associated_members…). */
  details: DbJson;
  status: 'active' | 'disabled';
  guest_code_hash: string;
  /** Changes on reset-link, which changes the code and so invalidates the old one. */
  code_nonce: string;
  last_known_ip: string | null;
  disabled_at: Timestamp | null;
  disabled_by: number | null;
  reactivated_at: Timestamp | null;
  reactivated_by: number | null;
  created_at: Timestamp;
  last_updated: Timestamp;
  last_accessed_at: Timestamp | null;
  /** Removed from the organization; a new guest with the same e-mail revives the row. */
  deleted_at: Timestamp | null;
}

export interface GroupsTable {
  id: string;
  organization_id: string;
  name: string;
  description: string | null;
  logo: string | null;
  created_at: Timestamp;
  last_updated: Timestamp;
}

export interface GroupMembersTable {
  organization_id: string;
  group_id: string;
  user_id: number;
}

export interface GroupGuestsTable {
  organization_id: string;
  group_id: string;
  guest_id: number;
}

/** One open invitation per invited membership; accepting it deletes the row. */
export interface InvitationsTable {
  id: string;
  organization_id: string;
  user_id: number;
  /** SHA-256 of the invitation token. */
  token_hash: string;
  invited_by: number | null;
  message: string | null;
  expires_at: Timestamp;
  created_at: Timestamp;
}

export interface InstallationKeysTable {
  name: string;
  value: string;
  created_at: Timestamp;
}

export interface PeopleTables {
  guests: GuestsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  group_guests: GroupGuestsTable;
  invitations: InvitationsTable;
  installation_keys: InstallationKeysTable;
}
