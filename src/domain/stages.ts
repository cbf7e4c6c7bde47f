/**
 * Stages (milestones): named groups of a template's steps, shown in order. A template's
 * stages are frozen into each of its versions with the steps that point at them, so a
 * launched process keeps the stages it was launched with; a process may also get stages
 * of its own.
 */
import type { FieldErrors } from './errors.js';

export const STAGE_TITLE_MAX = 250;

export type StageSubjectType = 'template' | 'process';

export interface Stage {
  id: string;
  organizationId: string;
  subjectType: StageSubjectType;
  subjectId: string;
  title: string;
  position: number;
  createdAt: string;
  updatedAt: string;
}

/** The wire's `subject_type` (`Checklist`, `Run`, any case; also the internal names). */
export function stageSubjectTypeOf(value: string | undefined): StageSubjectType | undefined {
  switch (value?.toLowerCase()) {
    case 'checklist':
    case 'template':
    case 'blueprint':
      return 'template';
    case 'run':
    case 'process':
      return 'process';
    default:
      return undefined;
  }
}

/** The title trimmed, or the errors of a missing or too long one. */
export function checkStageTitle(
  title: string | undefined,
  required: boolean,
): string | FieldErrors | undefined {
  if (title === undefined) return required ? { title: ['The title field is required.'] } : undefined;
  const trimmed = title.trim();
  if (trimmed.length === 0) return { title: ['The title field is required.'] };
  if ([...trimmed].length > STAGE_TITLE_MAX)
    return { title: [`The title may not be greater than ${STAGE_TITLE_MAX} characters.`] };
  return trimmed;
}

/**
 * The stages with `moved` put at `position` (1-based; past the end or absent: last), the
 * others keeping their order, numbered 1..n.
 */
export function placeStage<T extends { id: string; position: number }>(
  stages: readonly T[],
  moved: T,
  position: number | undefined,
): T[] {
  const others = [...stages].filter((s) => s.id !== moved.id).sort((a, b) => a.position - b.position);
  const at = position === undefined ? others.length : Math.min(Math.max(position - 1, 0), others.length);
  others.splice(at, 0, moved);
  return others.map((s, i) => ({ ...s, position: i + 1 }));
}
