import { type TSchema, Type } from 'typebox';
import { fullName, type Membership, type User } from '../../domain/identity.js';
import { IsoDate, Nullable, NullableDate } from '../schemas/common.js';

/** The spec's `User`. Membership fields are filled when the user is seen inside an org. */
export const UserSchema = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    username: Type.String(),
    first_name: Type.String(),
    last_name: Type.String(),
    full_name: Type.String(),
    profile_pic: Nullable(Type.String()),
    locale: Type.String(),
    active: Type.Boolean(),
    is_suspended: Type.Boolean(),
    timezone: Type.String(),
    phone: Nullable(Type.String()),
    job_title: Nullable(Type.String()),
    job_description: Nullable(Type.String()),
    team: Nullable(Type.String()),
    date_format: Type.String(),
    role: Nullable(Type.String()),
    status: Nullable(Type.String()),
    is_default_admin: Type.Boolean(),
    invited_by: Nullable(Type.Integer()),
    approved_at: NullableDate,
    disabled_at: NullableDate,
    disabled_by: Nullable(Type.Integer()),
    reactivated_at: NullableDate,
    reactivated_by: Nullable(Type.Integer()),
    last_login_at: NullableDate,
    activated_at: NullableDate,
    created_at: IsoDate,
    last_updated: IsoDate,
  },
  { additionalProperties: true },
) satisfies TSchema;

export function presentUser(user: User, membership?: Membership) {
  return {
    id: user.id,
    email: user.email,
    username: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    full_name: fullName(user),
    profile_pic: user.profilePic,
    locale: user.locale,
    active: membership ? membership.status === 'active' : true,
    is_suspended: membership?.status === 'disabled',
    timezone: user.timezone,
    phone: user.phone,
    job_title: user.jobTitle,
    job_description: user.jobDescription,
    team: user.team,
    date_format: user.dateFormat,
    role: membership?.role ?? null,
    status: membership?.status ?? null,
    is_default_admin: membership?.isDefaultAdmin ?? false,
    invited_by: membership?.invitedBy ?? null,
    approved_at: membership?.approvedAt ?? null,
    disabled_at: membership?.disabledAt ?? null,
    disabled_by: membership?.disabledBy ?? null,
    reactivated_at: membership?.reactivatedAt ?? null,
    reactivated_by: membership?.reactivatedBy ?? null,
    last_login_at: user.lastLoginAt,
    activated_at: membership?.approvedAt ?? user.createdAt,
    created_at: user.createdAt,
    last_updated: user.lastUpdated,
  };
}

/** The compact form used inside other records (task owners, authors). */
export const UserSummarySchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  first_name: Type.String(),
  last_name: Type.String(),
  full_name: Type.String(),
  profile_pic: Nullable(Type.String()),
});

export function presentUserSummary(user: User) {
  return {
    id: user.id,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    full_name: fullName(user),
    profile_pic: user.profilePic,
  };
}
