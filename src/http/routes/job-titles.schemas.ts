/** Job titles (wire: organization roles) and the members holding them (wire: role objects). */
import { Type } from 'typebox';
import { HexId, IsoDate, NullableDate, OrgParams } from '../schemas/common.js';

export const JobTitleSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  created_at: IsoDate,
  updated_at: IsoDate,
  deleted_at: NullableDate,
  assignees: Type.Optional(Type.Array(Type.Integer())),
});

export const RoleObjectSchema = Type.Object({
  id: Type.Integer(),
  org_role_id: Type.String(),
  subject_type: Type.String(),
  subject_id: Type.String(),
  created_at: IsoDate,
});

export const JobTitleBody = Type.Object({ title: Type.String({ maxLength: 1000 }) });
export const JobTitleParams = Type.Object({ ...OrgParams.properties, role: HexId });
export const JobTitleListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  with: Type.Optional(Type.String({ maxLength: 200 })),
});

const SubjectId = Type.Union([
  Type.String({ maxLength: 12, pattern: '^[0-9]+$' }),
  Type.Integer({ minimum: 1, maximum: 2147483647 }),
]);

export const AddRoleObjectBody = Type.Object({
  org_role_id: HexId,
  subject_type: Type.String({ maxLength: 20 }),
  subject_id: SubjectId,
});

export const BulkRoleObjectsBody = Type.Object({
  roles: Type.Array(
    Type.Object({
      org_role_id: Type.Union([HexId, Type.Array(HexId, { maxItems: 100 })]),
      subject_type: Type.String({ maxLength: 20 }),
      subject_id: SubjectId,
    }),
    { maxItems: 100 },
  ),
});

export const RoleObjectParams = Type.Object({
  ...OrgParams.properties,
  id: Type.Integer({ minimum: 1, maximum: 2147483647 }),
});
