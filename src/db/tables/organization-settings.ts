import type { DbBool, DbJson, Timestamp } from './types.js';

export interface OrganizationBrandingTable {
  organization_id: string;
  bg_color: string | null;
  text_color: string | null;
  alternate_color: string | null;
  bright_shade: string | null;
  dark_shade: string | null;
  updated_at: Timestamp;
}

export interface OrganizationSmtpTable {
  organization_id: string;
  host: string;
  port: number;
  username: string | null;
  /** `v1.<iv>.<tag>.<ciphertext>` (base64url): AES-256-GCM, see services/organizations/secrets.ts. */
  password_secret: string | null;
  from_address: string;
  from_name: string | null;
  encryption: 'tls' | 'ssl' | 'none';
  enabled: DbBool;
  updated_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MemberCadenceDaysTable {
  organization_id: string;
  user_id: number;
  days: DbJson;
  updated_at: Timestamp;
}

export interface OrganizationSettingsTables {
  member_cadence_days: MemberCadenceDaysTable;
  organization_branding: OrganizationBrandingTable;
  organization_smtp: OrganizationSmtpTable;
}
