/**
 * The organization update body (wire) → the typed input of the organization service. The
 * spec's settings keys are picked as sent; other keys (`id`, `created_at`, …) are ignored.
 */
import type { Static } from 'typebox';
import {
  ORGANIZATION_SETTING_KEYS,
  type UpdateOrganizationInput,
} from '../../services/identity/organizations.js';
import { pickKeys } from '../wire-readers.js';
import type { UpdateOrganizationBody } from './organizations.routes.js';

export function updateOrganizationInputOf(
  body: Static<typeof UpdateOrganizationBody>,
): UpdateOrganizationInput {
  return {
    name: body.name,
    description: body.description,
    timezone: body.timezone,
    workingDays: body.working_days,
    defaultDeadline: body.default_deadline,
    settings: pickKeys(body, ORGANIZATION_SETTING_KEYS),
  };
}
