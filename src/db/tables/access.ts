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

/** A job title held by a member (`subject_type` user, `subject_id` the member id). */
export interface RoleObjectsTable {
  id: Serial;
  organization_id: string;
  job_title_id: string;
  subject_type: 'user';
  subject_id: string;
  created_at: Timestamp;
}

export interface AccessTables {
  template_permissions: TemplatePermissionsTable;
  process_permissions: ProcessPermissionsTable;
  job_titles: JobTitlesTable;
  role_objects: RoleObjectsTable;
}
