/** Job titles → the spec's OrgRole and RoleObject shapes. */
import type { JobTitle, RoleObject } from '../../domain/job-titles.js';

export function presentJobTitle(jobTitle: JobTitle, holders?: number[]) {
  return {
    id: jobTitle.id,
    title: jobTitle.title,
    created_at: jobTitle.createdAt,
    updated_at: jobTitle.updatedAt,
    deleted_at: jobTitle.deletedAt,
    ...(holders ? { assignees: holders } : {}),
  };
}

export function presentRoleObject(row: RoleObject) {
  return {
    id: row.id,
    org_role_id: row.jobTitleId,
    subject_type: 'User',
    subject_id: row.subjectId,
    created_at: row.createdAt,
  };
}
