/** Job titles (the wire's organization roles): a name members hold and work is assigned to. */
import { invalidFields } from './errors.js';

export const JOB_TITLE_MAX = 200;

export interface JobTitle {
  id: string;
  organizationId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** A job title held by a member (wire: role object, subject_type User). */
export interface RoleObject {
  id: number;
  organizationId: string;
  jobTitleId: string;
  subjectType: 'user';
  subjectId: string;
  createdAt: string;
}

/** The trimmed title, or a 422 naming the field. */
export function validateJobTitle(title: string | undefined): string {
  const trimmed = title?.trim() ?? '';
  if (trimmed === '' || trimmed.length > JOB_TITLE_MAX) {
    throw invalidFields('VALIDATION_FAILED', {
      title: [`The title must be 1 to ${JOB_TITLE_MAX} characters.`],
    });
  }
  return trimmed;
}

/** `User` / `Member` (any case) → the subject type a job title can be put on, or undefined. */
export function roleSubjectTypeOf(value: string): RoleObject['subjectType'] | undefined {
  const v = value.trim().toLowerCase();
  return v === 'user' || v === 'member' ? 'user' : undefined;
}

/**
 * The job titles a step assigns (its `roles`): job-title ids, lowercased. Steps keep them
 * among their settings; anything there that is not an id (a title typed before job titles
 * were checked) assigns nobody.
 */
export function stepJobTitleIds(step: { settings: Record<string, unknown> }): string[] {
  const roles = step.settings.roles;
  if (!Array.isArray(roles)) return [];
  const ids = roles.filter((r): r is string => typeof r === 'string').map((r) => r.toLowerCase());
  return [...new Set(ids.filter((id) => /^[0-9a-f]{32}$/.test(id)))];
}
