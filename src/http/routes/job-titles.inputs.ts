/** Role-object bodies (wire) → typed inputs of the job title services. */
import type { Static } from 'typebox';
import { invalidFields } from '../../domain/errors.js';
import { roleSubjectTypeOf } from '../../domain/job-titles.js';
import type { JobTitleHolderInput } from '../../services/people/job-titles.js';
import type { AddRoleObjectBody, BulkRoleObjectsBody } from './job-titles.schemas.js';

function subjectTypeOf(value: string, path: string) {
  const type = roleSubjectTypeOf(value);
  if (!type) throw invalidFields('VALIDATION_FAILED', { [path]: ['The subject_type must be User.'] });
  return type;
}

export function roleObjectInputOf(body: Static<typeof AddRoleObjectBody>): JobTitleHolderInput {
  return {
    jobTitleId: body.org_role_id.toLowerCase(),
    subjectType: subjectTypeOf(body.subject_type, 'subject_type'),
    subjectId: Number(body.subject_id),
  };
}

export function bulkRoleObjectsInputOf(body: Static<typeof BulkRoleObjectsBody>) {
  return body.roles.map((entry, i) => ({
    jobTitleIds: (Array.isArray(entry.org_role_id) ? entry.org_role_id : [entry.org_role_id]).map((id) =>
      id.toLowerCase(),
    ),
    subjectType: subjectTypeOf(entry.subject_type, `roles.${i}.subject_type`),
    subjectId: Number(entry.subject_id),
  }));
}
