import type { DbJson, Serial, Timestamp } from './types.js';

/** A member's saved view of the process list (`process`) or the template list (`template`). */
export interface SavedViewsTable {
  id: Serial;
  organization_id: string;
  user_id: number;
  list_kind: 'process' | 'template';
  name: string;
  filter_type: 'all' | 'any';
  /** 0/1 on both databases. */
  is_active: number;
  is_org_level: number;
  criteria: DbJson;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One preference of one member: a slug with a string value and optional metadata. */
export interface MemberPreferencesTable {
  organization_id: string;
  user_id: number;
  slug: string;
  value: string;
  metadata: DbJson | null;
  updated_at: Timestamp;
}

export interface MemberSettingsTables {
  saved_views: SavedViewsTable;
  member_preferences: MemberPreferencesTable;
}
