import type { DbBool, Serial, Timestamp } from './types.js';

/** Reusable text of one organization (the wire's text templates). */
export interface SnippetsTable {
  id: Serial;
  organization_id: string;
  title: string;
  content: string;
  is_public: DbBool;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A member's own mark on a snippet, one row per type. */
export interface SnippetUsersTable {
  id: Serial;
  organization_id: string;
  snippet_id: number;
  user_id: number;
  type: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A snippet shared with a guest, who then reads it through their guest code. */
export interface SnippetGuestsTable {
  id: Serial;
  organization_id: string;
  snippet_id: number;
  guest_id: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SnippetTables {
  snippets: SnippetsTable;
  snippet_users: SnippetUsersTable;
  snippet_guests: SnippetGuestsTable;
}
