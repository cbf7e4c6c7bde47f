import { Type } from 'typebox';
import { MEMBERSHIP_STATUSES, ROLES } from '../../domain/identity.js';
import { ListQueryProperties } from '../schemas/common.js';

export const RoleEnum = Type.Union(
  ROLES.map((r) => Type.Literal(r)),
  { description: ROLES.join(' | ') },
);

export const MemberParams = Type.Object({
  org: Type.String({ description: 'Organization id' }),
  user_id: Type.Integer({ minimum: 1, description: 'Member (user) id' }),
});

export const MemberListQuery = Type.Object({
  ...ListQueryProperties,
  role: Type.Optional(RoleEnum),
  status: Type.Optional(Type.Union(MEMBERSHIP_STATUSES.map((s) => Type.Literal(s)))),
});

export const WithQuery = Type.Object({
  with: Type.Optional(Type.String({ description: 'Comma-separated related records to include' })),
});

const Name = Type.String({ maxLength: 32 });

export const InviteBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    first_name: Type.Optional(Name),
    last_name: Type.Optional(Name),
    role: Type.Optional(RoleEnum),
    message: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: true },
);

export const RoleBody = Type.Object({ role: RoleEnum }, { additionalProperties: true });

export const RemoveMemberQuery = Type.Object({
  with_reassignment: Type.Optional(Type.Boolean()),
  to: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const AcceptInvitationBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.Optional(
      Type.String({ minLength: 1, maxLength: 1024, description: 'A new account only; at most 1,024 bytes' }),
    ),
    first_name: Type.Optional(Name),
    last_name: Type.Optional(Name),
  },
  { additionalProperties: true },
);
