/** The profile fields of an account, shared by a member's own edits and an administrator's. */
import type { ProfileChanges } from '../../db/repositories/users-repository.js';
import { FieldErrorCollector } from '../../domain/errors.js';
import { isValidTimezone, type User } from '../../domain/identity.js';
import type { ActivityInput } from '../events/record.js';

/** Profile changes as the routes map them from `accountsInput`; absent fields stay as they are. */
export type ProfileInput = ProfileChanges;

export const DATE_FORMATS = ['mm/dd/yyyy', 'dd/mm/yyyy'] as const;

/** Throws 422 VALIDATION_FAILED for an empty first name, an unknown time zone or date format. */
export function validateProfile(input: ProfileInput): void {
  const errors = new FieldErrorCollector();
  if (input.firstName !== undefined && input.firstName.trim() === '') {
    errors.add('first_name', 'The first name may not be empty.');
  }
  if (input.timezone !== undefined && !isValidTimezone(input.timezone)) {
    errors.add('timezone', 'The timezone must be an IANA time zone such as Europe/London.');
  }
  if (input.dateFormat !== undefined && !(DATE_FORMATS as readonly string[]).includes(input.dateFormat)) {
    errors.add('date_format', `The date format must be one of ${DATE_FORMATS.join(', ')}.`);
  }
  errors.throwIfAny();
}

const FIELDS: [keyof User & keyof ProfileChanges, string][] = [
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['phone', 'phone'],
  ['jobTitle', 'job_title'],
  ['jobDescription', 'job_description'],
  ['team', 'team'],
  ['timezone', 'timezone'],
  ['dateFormat', 'date_format'],
];

/** One `profile_updated` activity row per field that changed, with its old and new value. */
export function profileActivities(before: User, after: User): ActivityInput[] {
  return FIELDS.filter(([key]) => before[key] !== after[key]).map(([key, field]) => ({
    action: 'profile_updated',
    objectType: 'user',
    objectId: String(after.id),
    field,
    oldValue: before[key],
    newValue: after[key],
  }));
}
