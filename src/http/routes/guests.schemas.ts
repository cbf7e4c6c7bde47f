import { Type } from 'typebox';
import { GUEST_DETAIL_KEYS, GUEST_STATUSES } from '../../domain/people.js';
import type { GuestInput } from '../../services/people/guests.js';
import { ListQueryProperties, Nullable } from '../schemas/common.js';

export const GuestParams = Type.Object({
  org: Type.String({ description: 'Organization id' }),
  guest_email: Type.String({ minLength: 3, maxLength: 254, description: 'Guest e-mail, URL-encoded' }),
});

export const GuestListQuery = Type.Object(ListQueryProperties);

export const GuestLinkQuery = Type.Object({ email: Type.String({ minLength: 3, maxLength: 254 }) });

const detailProperties = Object.fromEntries(
  GUEST_DETAIL_KEYS.map((key) => [key, Type.Optional(Nullable(Type.String({ maxLength: 2000 })))]),
);

const profile = {
  first_name: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  last_name: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  status: Type.Optional(Type.Union(GUEST_STATUSES.map((s) => Type.Literal(s)))),
  associated_members: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 1000 })),
  ...detailProperties,
};

export const CreateGuestBody = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 254 }), ...profile },
  { additionalProperties: true },
);

export const UpdateGuestBody = Type.Object(profile, { additionalProperties: true });

export const ToMemberBody = Type.Object(
  {
    role: Type.Optional(Type.Union([Type.Literal('admin'), Type.Literal('standard'), Type.Literal('light')])),
  },
  { additionalProperties: true },
);

type ProfileBody = {
  email?: string;
  first_name?: string | null;
  last_name?: string | null;
  status?: 'active' | 'disabled';
  associated_members?: number[];
} & Record<string, unknown>;

/** The wire body as the service's input. */
export function guestInputFrom(body: ProfileBody): GuestInput {
  const details: Record<string, string | null> = {};
  for (const key of GUEST_DETAIL_KEYS) {
    const value = body[key];
    if (value === null || typeof value === 'string') details[key] = value;
  }
  return {
    email: body.email,
    firstName: body.first_name,
    lastName: body.last_name,
    status: body.status,
    details,
    associatedMembers: body.associated_members,
  };
}
