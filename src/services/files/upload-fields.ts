/** The text fields of the upload form, checked and normalised (422 VALIDATION_FAILED otherwise). */
import { FieldErrorCollector } from '../../domain/errors.js';
import {
  FILE_SOURCES,
  FILE_SYSTEMS,
  type FileSource,
  type FileSystemName,
  parseSubjectType,
} from '../../domain/files.js';
import type { SubjectFields } from './upload-targets.js';

type Fields = Readonly<Record<string, string>>;

/** The subject is named (both fields present), so it can be checked before the bytes arrive. */
export function hasSubject(fields: Fields): boolean {
  return !!fields.subject_type && !!fields.subject_id;
}

/** `subject_type` (Run, Checklist, Task, Step), `subject_id`, `uploaded_from`, `step_id`, `checklist_id`. */
export function readSubjectFields(fields: Fields): SubjectFields {
  const errors = new FieldErrorCollector();
  const subjectType = fields.subject_type ? parseSubjectType(fields.subject_type) : undefined;
  if (!fields.subject_type) errors.add('subject_type', 'The subject_type field is required.');
  else if (!subjectType)
    errors.add('subject_type', 'The subject_type must be one of Run, Checklist, Task, Step.');
  if (!fields.subject_id) errors.add('subject_id', 'The subject_id field is required.');
  errors.throwIfAny();
  return {
    subjectType: subjectType as NonNullable<typeof subjectType>,
    subjectId: fields.subject_id as string,
    uploadedFrom: fields.uploaded_from || undefined,
    stepId: fields.step_id || undefined,
    checklistId: fields.checklist_id || undefined,
  };
}

/** `source` (local or url, default local) and `system` (the cloud drive it came from). */
export function readOptions(fields: Fields): { source: FileSource; system: FileSystemName | null } {
  const errors = new FieldErrorCollector();
  const requestedSource = (fields.source || 'local').toLowerCase();
  const source = FILE_SOURCES.find((s) => s === requestedSource);
  if (!source) errors.add('source', 'The source must be local or url.');
  let system: FileSystemName | null = null;
  if (fields.system) {
    const wanted = fields.system.toLowerCase();
    system = FILE_SYSTEMS.find((s) => s.toLowerCase() === wanted) ?? null;
    if (!system) errors.add('system', `The system must be one of ${FILE_SYSTEMS.join(', ')}.`);
  }
  errors.throwIfAny();
  return { source: source ?? 'local', system };
}
