/** Template and process permission lists on the wire (the spec's ChecklistPermissionBody). */
import { Type } from 'typebox';
import { HexId, OrgParams } from '../schemas/common.js';

const UserIds = Type.Array(Type.Integer({ minimum: 1, maximum: 2147483647 }), { maxItems: 1000 });
const Ids = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000 });
const GuestEmails = Type.Array(Type.String({ maxLength: 320 }), { maxItems: 1000 });

const LISTS = [
  'checklist_edit',
  'checklist_read',
  'process_launch',
  'process_read',
  'checklist_duplicate',
] as const;

function listProperties() {
  const properties: Record<string, ReturnType<typeof Type.Optional>> = {};
  for (const list of LISTS) {
    properties[list] = Type.Optional(UserIds);
    properties[`${list}_group`] = Type.Optional(Ids);
    properties[`${list}_role`] = Type.Optional(Ids);
  }
  properties.checklist_read_guest = Type.Optional(GuestEmails);
  return properties;
}

export const TemplatePermissionsBody = Type.Object(listProperties());

export const TemplatePermissionsSchema = Type.Object({
  checklist_id: Type.String(),
  checklist_edit: UserIds,
  checklist_edit_group: Ids,
  checklist_edit_role: Ids,
  checklist_read: UserIds,
  checklist_read_group: Ids,
  checklist_read_role: Ids,
  checklist_read_guest: GuestEmails,
  process_launch: UserIds,
  process_launch_group: Ids,
  process_launch_role: Ids,
  process_read: UserIds,
  process_read_group: Ids,
  process_read_role: Ids,
  checklist_duplicate: UserIds,
  checklist_duplicate_group: Ids,
  checklist_duplicate_role: Ids,
});

export const TemplatesPermissionsBody = Type.Object({
  ids: Type.Array(HexId, { minItems: 1, maxItems: 100 }),
});

export const RunPermissionsBody = Type.Object({
  process_read: Type.Optional(UserIds),
  process_read_group: Type.Optional(Ids),
  process_read_role: Type.Optional(Ids),
});

export const RunPermissionsSchema = Type.Object({
  run_id: Type.String(),
  process_read: UserIds,
  process_read_group: Ids,
  process_read_role: Ids,
});

export const TemplatePermissionParams = Type.Object({ ...OrgParams.properties, checklist_id: HexId });
export const RunPermissionParams = Type.Object({ ...OrgParams.properties, run_id: HexId });
