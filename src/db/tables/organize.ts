import type { DbBool, Serial, Timestamp } from './types.js';

/** Labels of one organization; deleting one archives it (`deleted_at`). */
export interface TagsTable {
  id: string;
  organization_id: string;
  title: string;
  /** `title` lowercased, unique per organization among tags not archived. */
  title_key: string;
  color: string;
  auto_generated: DbBool;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
}

/** A tag on a template, process, step or task. */
export interface TagLinksTable {
  id: Serial;
  organization_id: string;
  tag_id: string;
  subject_type: 'template' | 'process' | 'step' | 'task';
  subject_id: string;
  created_at: Timestamp;
}

/** Nested folders, one tree per kind: `checklist` for templates, `run` for processes and tasks. */
export interface FoldersTable {
  id: string;
  organization_id: string;
  folder_type: 'checklist' | 'run';
  name: string;
  parent_id: string | null;
  position: number;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A process or task filed in a run folder. */
export interface FolderObjectsTable {
  id: Serial;
  organization_id: string;
  folder_id: string;
  subject_type: 'process' | 'task';
  subject_id: string;
  created_at: Timestamp;
}

/** A member's starred template or process. */
export interface FavoritesTable {
  id: string;
  organization_id: string;
  user_id: number;
  subject_type: 'template' | 'process';
  subject_id: string;
  created_at: Timestamp;
}

/** A stage (milestone) of a template (frozen into its versions) or of one process. */
export interface StagesTable {
  id: string;
  organization_id: string;
  subject_type: 'template' | 'process';
  subject_id: string;
  title: string;
  position: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrganizeTables {
  stages: StagesTable;
  favorites: FavoritesTable;
  tags: TagsTable;
  tag_links: TagLinksTable;
  folders: FoldersTable;
  folder_objects: FolderObjectsTable;
}
