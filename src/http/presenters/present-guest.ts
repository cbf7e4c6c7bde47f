import { Type } from 'typebox';
import type { Guest } from '../../domain/people.js';
import { AnyObject, IsoDate, Nullable, NullableDate } from '../schemas/common.js';

/** The spec's Guest (with GuestDetails). `link` is the forever link, null when hidden. */
export const GuestSchema = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    first_name: Nullable(Type.String()),
    last_name: Nullable(Type.String()),
    full_name: Type.String(),
    status: Type.String(),
    link: Nullable(Type.String()),
    created_at: IsoDate,
    last_updated: IsoDate,
    deleted_at: NullableDate,
    last_accessed_at: NullableDate,
    last_known_ip: Nullable(Type.String()),
    last_known_country: Nullable(Type.String()),
    details: AnyObject,
  },
  { additionalProperties: true },
);

export function presentGuest(guest: Guest, link: string | null) {
  const fullName = `${guest.firstName ?? ''} ${guest.lastName ?? ''}`.trim();
  return {
    id: guest.id,
    email: guest.email,
    first_name: guest.firstName,
    last_name: guest.lastName,
    full_name: fullName || guest.email,
    status: guest.status,
    link,
    created_at: guest.createdAt,
    last_updated: guest.lastUpdated,
    deleted_at: guest.deletedAt,
    last_accessed_at: guest.lastAccessedAt,
    last_known_ip: guest.lastKnownIp,
    last_known_country: null,
    details: {
      ...guest.details,
      first_name: guest.firstName,
      last_name: guest.lastName,
      status: guest.status,
      associated_members: guest.details.associated_members ?? [],
      cadence_days: guest.details.cadence_days ?? [],
      last_accessed_at: guest.lastAccessedAt,
      disabled_at: guest.disabledAt,
      disabled_on: guest.disabledAt,
      disabled_by: guest.disabledBy,
      reactivated_at: guest.reactivatedAt,
      reactivated_by: guest.reactivatedBy,
    },
  };
}

/** The compact form inside other records (group guests, task owners). */
export const GuestSummarySchema = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    first_name: Nullable(Type.String()),
    last_name: Nullable(Type.String()),
    full_name: Type.String(),
    status: Type.String(),
  },
  { additionalProperties: true },
);

export function presentGuestSummary(guest: Guest) {
  const fullName = `${guest.firstName ?? ''} ${guest.lastName ?? ''}`.trim();
  return {
    id: guest.id,
    email: guest.email,
    first_name: guest.firstName,
    last_name: guest.lastName,
    full_name: fullName || guest.email,
    status: guest.status,
  };
}
