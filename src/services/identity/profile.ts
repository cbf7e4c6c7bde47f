/** The profile fields of an account, shared by a member's own edits and an administrator's. */
import type { ProfileChanges } from '../../db/repositories/users-repository.js';
import { FieldErrorCollector } from '../../domain/errors.js';
import { isValidTimezone, type User } from '../../domain/identity.js';
import type { Member } from '../../domain/people.js';
import type { AppContext } from '../context.js';
import { type ActivityInput, appendEvents, recordActivities } from '../events/record.js';
import { memberEventPayload } from '../people/payloads.js';

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

/**
 * The activity rows of a profile change (one per field, by `actorId`) and, when anything
 * changed, its `member.updated` event, in the caller's transaction.
 */
export async function recordProfileChange(
  tx: AppContext,
  organizationId: string,
  actorId: number,
  before: Member,
  after: Member,
): Promise<void> {
  const activities = profileActivities(before.user, after.user);
  if (activities.length === 0) return;
  await recordActivities(tx, organizationId, { type: 'user', id: actorId }, activities);
  await appendEvents(tx, organizationId, [
    {
      name: 'member.updated',
      processId: null,
      taskId: null,
      payload: memberEventPayload(after),
      actor: { type: 'user', id: actorId },
    },
  ]);
}
