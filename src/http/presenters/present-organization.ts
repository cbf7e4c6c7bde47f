import { Type } from 'typebox';
import type { OrganizationView } from '../../domain/views.js';
import { AnyObject, IsoDate, Nullable } from '../schemas/common.js';

/** The spec's `Organization`; settings the spec lists appear as top-level keys too. */
export const OrganizationSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    slug: Type.String(),
    description: Nullable(Type.String()),
    timezone: Type.String(),
    working_days: AnyObject,
    default_deadline: Type.Object({ type: Type.String(), value: Type.Integer() }),
    users_count: Type.Integer(),
    created_on: IsoDate,
    created_at: IsoDate,
    last_updated: IsoDate,
    settings: AnyObject,
  },
  { additionalProperties: true },
);

export function presentOrganization({ organization: org, usersCount }: OrganizationView) {
  const workingDays: Record<string, unknown> = {};
  for (const [day, value] of Object.entries(org.workingDays)) {
    workingDays[day] = value.anytime
      ? { anytime: 'true' }
      : { from: value.from ?? null, to: value.to ?? null, anytime: 'false' };
  }
  return {
    ...org.settings,
    id: org.id,
    name: org.name,
    slug: org.slug,
    description: org.description,
    timezone: org.timezone,
    working_days: workingDays,
    default_deadline: org.defaultDeadline,
    users_count: usersCount,
    created_on: org.createdAt,
    created_at: org.createdAt,
    last_updated: org.lastUpdated,
    settings: org.settings,
  };
}
