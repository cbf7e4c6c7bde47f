/** Permission lists → the spec's ChecklistPermissionResponse / RunPermissionResponse. */
import type { SubjectList, TemplatePermissions } from '../../domain/permissions.js';

export function presentTemplatePermissions(templateId: string, p: TemplatePermissions) {
  return {
    checklist_id: templateId,
    checklist_edit: p.edit.users,
    checklist_edit_group: p.edit.groups,
    checklist_edit_role: p.edit.roles,
    checklist_read: p.read.users,
    checklist_read_group: p.read.groups,
    checklist_read_role: p.read.roles,
    checklist_read_guest: p.read.guests,
    process_launch: p.launch.users,
    process_launch_group: p.launch.groups,
    process_launch_role: p.launch.roles,
    process_read: p.process_read.users,
    process_read_group: p.process_read.groups,
    process_read_role: p.process_read.roles,
    checklist_duplicate: p.duplicate.users,
    checklist_duplicate_group: p.duplicate.groups,
    checklist_duplicate_role: p.duplicate.roles,
  };
}

export function presentRunPermissions(processId: string, list: SubjectList) {
  return {
    run_id: processId,
    process_read: list.users,
    process_read_group: list.groups,
    process_read_role: list.roles,
  };
}
