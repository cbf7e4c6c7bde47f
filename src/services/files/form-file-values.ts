/**
 * `file` form values inside the task and process writes (`taskdata`, launch kick-off values,
 * a process's `prerun`): the check that runs before the form validator, and the move of
 * template kick-off uploads to the process whose kick-off form holds them.
 */
import { moveKickoffAssetsToProcess } from '../../db/repositories/assets-repository.js';
import type { FieldErrorCollector } from '../../domain/errors.js';
import type { FileValueEntry } from '../../domain/files.js';
import type { FieldDefinition } from '../../domain/templates/definition.js';
import type { AppContext } from '../context.js';
import { type FileValueSubject, validateFileValues } from './file-values.js';

/** The asset ids a value lists (`[{id, …}]` or bare ids), lower-cased; undefined if not a list. */
function listedIds(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((item) =>
    String(typeof item === 'string' ? item : ((item as { id?: unknown } | null)?.id ?? '')).toLowerCase(),
  );
}

/** True when `value` names exactly the files already stored for the field (a form sent back as it was). */
function unchanged(value: unknown, stored: unknown): boolean {
  const sent = listedIds(value);
  const kept = listedIds(stored);
  return sent !== undefined && kept !== undefined && sent.length > 0 && sent.join() === kept.join();
}

/**
 * `values` with each `file` value of `fields` replaced by the stored asset entries, ready
 * for the form validator. A refused value is left out and its error added as
 * `<prefix>.<field id>` (once: the form validator never sees it). A value naming exactly the
 * files `current` already holds for the field is kept as stored, so sending a form back
 * unchanged never fails because one of its files was archived since.
 */
export async function checkFileFormValues(
  ctx: AppContext,
  organizationId: string,
  subject: FileValueSubject,
  fields: readonly FieldDefinition[],
  values: Readonly<Record<string, unknown>>,
  current: Readonly<Record<string, unknown>>,
  prefix: string,
  errors: FieldErrorCollector,
): Promise<Record<string, unknown>> {
  const present = fields.filter((f) => f.fieldType === 'file' && values[f.id] !== undefined);
  if (present.length === 0) return { ...values };
  const result: Record<string, unknown> = { ...values };
  const toCheck = present.filter((f) => !unchanged(values[f.id], current[f.id]));
  for (const field of present) if (!toCheck.includes(field)) result[field.id] = current[field.id];
  const checked = await validateFileValues(ctx, organizationId, subject, toCheck, values, prefix, errors);
  for (const field of toCheck) {
    if (field.id in checked) result[field.id] = checked[field.id];
    else delete result[field.id];
  }
  return result;
}

/**
 * Template kick-off uploads (subject `Checklist`) that a process's kick-off values now hold
 * become the process's files: they show in its `with=assets`, follow its visibility and go
 * when it is deleted, and the template's permanent deletion no longer takes them. Returns
 * `prerun` with those entries' subject updated. Call inside the launch or update transaction.
 */
export async function moveKickoffFilesToProcess(
  tx: AppContext,
  organizationId: string,
  processId: string,
  prerun: Readonly<Record<string, unknown>>,
  fields: readonly FieldDefinition[],
): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = { ...prerun };
  const moved: string[] = [];
  for (const field of fields) {
    const value = prerun[field.id];
    if (field.fieldType !== 'file' || !Array.isArray(value)) continue;
    result[field.id] = (value as FileValueEntry[]).map((entry) => {
      if (entry.subject?.type !== 'Checklist') return entry;
      moved.push(entry.id);
      return { ...entry, subject: { id: processId, type: 'Run' as const } };
    });
  }
  await moveKickoffAssetsToProcess(tx.db.kysely, organizationId, moved, processId);
  return result;
}
