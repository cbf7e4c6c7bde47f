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

/** A job title put on a step or a task (wire: role object). */
export interface RoleObject {
  id: number;
  organizationId: string;
  jobTitleId: string;
  subjectType: 'step' | 'task';
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

/** `Step` / `Task` (any case) → the subject type, or undefined. */
export function roleSubjectTypeOf(value: string): RoleObject['subjectType'] | undefined {
  const v = value.trim().toLowerCase();
  return v === 'step' || v === 'task' ? v : undefined;
}
