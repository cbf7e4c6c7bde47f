import { Type } from 'typebox';
import type { GroupWithMembers, Guest } from '../../domain/people.js';
import { IsoDate, Nullable } from '../schemas/common.js';

/**
 * The spec's Group: `members` are user ids, `guests` e-mails. With `with=users` a `users`
 * key holds the members; with `with=guests` the `guests` key holds the guest records
 * wrapped as `{data: […]}` instead of e-mails (as Tallyfy's includes replace the key).
 */
export const GroupSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Nullable(Type.String()),
    logo: Nullable(Type.String()),
    members: Type.Array(Type.Integer()),
    guests: Type.Unknown(),
    created_at: IsoDate,
    updated_at: IsoDate,
    last_updated: IsoDate,
    deleted_at: Nullable(IsoDate),
  },
  { additionalProperties: true },
);

export function presentGroup(group: GroupWithMembers, guests: ReadonlyMap<number, Guest>) {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    logo: group.logo,
    members: group.memberIds,
    guests: group.guestIds.map((id) => guests.get(id)?.email).filter((e): e is string => e !== undefined),
    created_at: group.createdAt,
    updated_at: group.lastUpdated,
    last_updated: group.lastUpdated,
    deleted_at: null,
  };
}
