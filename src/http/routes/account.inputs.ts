/** Wire bodies of the account routes → the services' typed inputs. */
import type { Static } from 'typebox';
import type { PasswordChangeInput } from '../../services/identity/account.js';
import type { ProfileInput } from '../../services/identity/profile.js';
import type { MemberEditInput } from '../../services/people/member-admin.js';
import type { AccountBody, MemberAccountBody, PasswordBody } from './account.schemas.js';

/** Empty optional text becomes null (cleared); first and last name stay text. */
const optionalText = (value: string | undefined) => (value === undefined ? undefined : value.trim() || null);

export function profileInputFrom(body: Static<typeof AccountBody>): ProfileInput {
  const input: ProfileInput = {};
  if (body.first_name !== undefined) input.firstName = body.first_name.trim();
  if (body.last_name !== undefined) input.lastName = body.last_name.trim();
  const phone = optionalText(body.phone);
  if (phone !== undefined) input.phone = phone;
  const jobTitle = optionalText(body.job_title);
  if (jobTitle !== undefined) input.jobTitle = jobTitle;
  const jobDescription = optionalText(body.job_description);
  if (jobDescription !== undefined) input.jobDescription = jobDescription;
  const team = optionalText(body.team);
  if (team !== undefined) input.team = team;
  if (body.timezone !== undefined) input.timezone = body.timezone.trim();
  if (body.date_format !== undefined) input.dateFormat = body.date_format.trim();
  return input;
}

export function memberEditInputFrom(body: Static<typeof MemberAccountBody>): MemberEditInput {
  return { ...profileInputFrom(body), role: body.role };
}

export function passwordInputFrom(body: Static<typeof PasswordBody>): PasswordChangeInput {
  return { currentPassword: body.old_password, newPassword: body.new_password };
}
