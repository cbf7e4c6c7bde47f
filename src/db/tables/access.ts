import type { Serial, Timestamp } from './types.js';

/** One subject on one of a template's permission lists. */
export interface TemplatePermissionsTable {
  organization_id: string;
  template_id: string;
  permission: 'edit' | 'read' | 'launch' | 'process_read' | 'duplicate';
  subject_type: 'user' | 'group' | 'role' | 'guest';
  subject_id: string;
  created_at: Timestamp;
}

/** One subject allowed to read one process (its own list, over its template's). */
export interface ProcessPermissionsTable {
  organization_id: string;
  process_id: string;
  subject_type: 'user' | 'group' | 'role';
  subject_id: string;
  created_at: Timestamp;
}

/** A job title (wire: organization role). */
export interface JobTitlesTable {
  id: string;
  organization_id: string;
  title: string;
  title_key: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
}

/** A member holding a job title. */
export interface MemberJobTitlesTable {
  organization_id: string;
  job_title_id: string;
  user_id: number;
  created_at: Timestamp;
}

/** A job title put on a step or a task: its holders work it. */
export interface RoleObjectsTable {
  id: Serial;
  organization_id: string;
  job_title_id: string;
  subject_type: 'step' | 'task';
  subject_id: string;
  created_at: Timestamp;
}

/** A snippet (wire: text template). */
export interface TextTemplatesTable {
  id: Serial;
  organization_id: string;
  title: string;
  template: string;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TextTemplateUsersTable {
  id: Serial;
  organization_id: string;
  text_template_id: number;
  user_id: number;
  type: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TextTemplateGuestsTable {
  id: Serial;
  organization_id: string;
  text_template_id: number;
  guest_id: number;
  type: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccessTables {
  template_permissions: TemplatePermissionsTable;
  process_permissions: ProcessPermissionsTable;
  job_titles: JobTitlesTable;
  member_job_titles: MemberJobTitlesTable;
  role_objects: RoleObjectsTable;
  text_templates: TextTemplatesTable;
  text_template_users: TextTemplateUsersTable;
  text_template_guests: TextTemplateGuestsTable;
}
