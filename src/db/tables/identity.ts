import type { ColumnType } from 'kysely';
import type { DbBool, DbJson, Serial, Timestamp } from './types.js';

export interface OrganizationsTable {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  timezone: string;
  /** `{Monday: {anytime, from, to}, …}` as Tallyfy shapes it. */
  working_days: DbJson;
  /** `{type: "days", value: 5}` */
  default_deadline: DbJson;
  /** The remaining Organization settings of the spec, kept as one document. */
  settings: DbJson;
  webhook_secret: string;
  created_at: Timestamp;
  last_updated: Timestamp;
}

export interface UsersTable {
  id: Serial;
  /** Lowercased; unique across Flowlane. */
  email: string;
  first_name: string;
  last_name: string;
  password_hash: string | null;
  timezone: string;
  phone: string | null;
  job_title: string | null;
  job_description: string | null;
  team: string | null;
  date_format: string;
  locale: string;
  profile_pic: string | null;
  last_login_at: Timestamp | null;
  created_at: Timestamp;
  last_updated: Timestamp;
}

export interface MembershipsTable {
  organization_id: string;
  user_id: number;
  role: 'admin' | 'standard' | 'light';
  status: 'active' | 'invited' | 'disabled' | 'pending';
  is_default_admin: DbBool;
  invited_by: number | null;
  approved_at: Timestamp | null;
  disabled_at: Timestamp | null;
  disabled_by: number | null;
  reactivated_at: Timestamp | null;
  reactivated_by: number | null;
  created_at: Timestamp;
  last_updated: Timestamp;
}

export interface AccessTokensTable {
  id: string;
  user_id: number;
  /** SHA-256 of the token; the token itself is never stored. */
  token_hash: string;
  kind: 'personal' | 'access' | 'refresh';
  /** For refresh tokens: the access token issued with it, revoked when it is used. */
  pair_id: string | null;
  name: string | null;
  expires_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
}

export interface ThrottleBucketsTable {
  key: string;
  hits: number;
  reset_at: Timestamp;
  /** Windows in a row that filled up: each new lock lasts twice as long as the last. */
  strikes: ColumnType<number, number | undefined, number>;
}

export interface SignInClientsTable {
  user_id: number;
  kind: 'address' | 'device';
  /** SHA-256 of the client address or device cookie. */
  value_hash: string;
  last_seen_at: Timestamp;
}

export interface SecurityEventsTable {
  id: Serial;
  /** Null when the sign-in named no known account. */
  user_id: number | null;
  event: string;
  outcome: string;
  client_address: string | null;
  created_at: Timestamp;
}

export interface EmailChangesTable {
  id: string;
  user_id: number;
  organization_id: string;
  new_email: string;
  /** SHA-256 of the confirmation token; the token itself is only in the e-mail. */
  token_hash: string;
  requested_by: number;
  keep_token_id: string | null;
  expires_at: Timestamp;
  confirmed_at: Timestamp | null;
  created_at: Timestamp;
}

export interface IdentityTables {
  email_changes: EmailChangesTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  access_tokens: AccessTokensTable;
  throttle_buckets: ThrottleBucketsTable;
  sign_in_clients: SignInClientsTable;
  security_events: SecurityEventsTable;
}
