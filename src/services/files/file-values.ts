/**
 * The contract other modules use for files:
 * - `validateFileValues` / `validateFileFieldValue`: a `file` form value (task `taskdata`,
 *   process `prerun`, launch kick-off values) must list uploaded assets of the organization
 *   that belong to the subject being filled and are not archived. Values are normalised to
 *   the stored asset entries, so a client cannot put a made-up filename or id in a form.
 * - `loadAssetsForSubjects`: `with=assets` for processes, tasks, templates and steps, one
 *   query for all items of an answer.
 */
import { findAssetsByIds, findAssetsInScope } from '../../db/repositories/assets-repository.js';
import type { FieldErrorCollector } from '../../domain/errors.js';
import {
  type Asset,
  type AssetSubjectType,
  type FileValueEntry,
  fileValueEntry,
} from '../../domain/files.js';
import { isHexId } from '../../domain/ids.js';
import type { FieldDefinition } from '../../domain/templates/definition.js';
import type { AppContext } from '../context.js';

/** What is being filled in. */
export type FileValueSubject =
  /** A task's form (`taskdata`): files uploaded to the task, or to its process for its step. */
  | { kind: 'task'; taskId: string }
  /** A process's kick-off form (`prerun`): its own kick-off files, or its template's. */
  | { kind: 'process'; processId: string; templateId: string | null }
  /** A template's kick-off form before launch (launch values, default values). */
  | { kind: 'template'; templateId: string };

export type FileValueCheck = { value: FileValueEntry[] | null } | { error: string };

/** The asset ids a value names: `[{id, …}]` as the upload answered, or bare ids. */
function idsOf(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const ids: string[] = [];
  for (const item of value) {
    const id = typeof item === 'string' ? item : (item as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || !isHexId(id.toLowerCase())) return undefined;
    ids.push(id.toLowerCase());
  }
  return ids;
}

function belongs(subject: FileValueSubject, asset: Asset): boolean {
  switch (subject.kind) {
    case 'task':
      return asset.taskId === subject.taskId;
    case 'process':
      return (
        (asset.processId === subject.processId && asset.taskId === null) ||
        (asset.subjectType === 'Checklist' &&
          asset.templateId === subject.templateId &&
          asset.stepId === null)
      );
    case 'template':
      return (
        asset.subjectType === 'Checklist' && asset.templateId === subject.templateId && asset.stepId === null
      );
  }
}

/** Checks one value against the assets already loaded; `fieldId` is the field being filled. */
function checkValue(
  value: unknown,
  assets: ReadonlyMap<string, Asset>,
  subject: FileValueSubject,
  fieldId: string | undefined,
): FileValueCheck {
  if (value === null || value === undefined) return { value: null };
  const ids = idsOf(value);
  if (!ids) return { error: 'must be a list of uploaded files' };
  const entries: FileValueEntry[] = [];
  for (const id of new Set(ids)) {
    const asset = assets.get(id);
    if (!asset || asset.archivedAt) return { error: `refers to a file that does not exist (${id})` };
    if (!belongs(subject, asset)) return { error: `refers to a file uploaded elsewhere (${id})` };
    if (fieldId && asset.fieldId && asset.fieldId !== fieldId) {
      return { error: `refers to a file uploaded for another field (${id})` };
    }
    entries.push(fileValueEntry(asset));
  }
  return { value: entries };
}

async function loadById(ctx: AppContext, organizationId: string, ids: readonly string[]) {
  const assets = await findAssetsByIds(ctx.db.kysely, organizationId, [...new Set(ids)]);
  return new Map(assets.map((a) => [a.id, a]));
}

/** Validates one `file` value (one query). Errors read like the form validator's ("must be …"). */
export async function validateFileFieldValue(
  ctx: AppContext,
  organizationId: string,
  subject: FileValueSubject,
  value: unknown,
  fieldId?: string,
): Promise<FileValueCheck> {
  const ids = idsOf(value) ?? [];
  return checkValue(value, await loadById(ctx, organizationId, ids), subject, fieldId);
}

/**
 * Validates every `file` field of `fields` present in `values` with one query, adding
 * errors as `<prefix>.<field id>` ("The Contract field refers to …"). Returns the normalised
 * values of the valid ones, to store instead of what the client sent.
 */
export async function validateFileValues(
  ctx: AppContext,
  organizationId: string,
  subject: FileValueSubject,
  fields: readonly FieldDefinition[],
  values: Readonly<Record<string, unknown>>,
  prefix: string,
  errors: FieldErrorCollector,
): Promise<Record<string, FileValueEntry[] | null>> {
  const present = fields.filter((f) => f.fieldType === 'file' && values[f.id] !== undefined);
  if (present.length === 0) return {};
  const assets = await loadById(
    ctx,
    organizationId,
    present.flatMap((f) => idsOf(values[f.id]) ?? []),
  );
  const normalized: Record<string, FileValueEntry[] | null> = {};
  for (const field of present) {
    const result = checkValue(values[field.id], assets, subject, field.id);
    if ('error' in result) errors.add(`${prefix}.${field.id}`, `The ${field.label} field ${result.error}.`);
    else normalized[field.id] = result.value;
  }
  return normalized;
}

/**
 * `with=assets`: live assets of the given subjects, one query, keyed by subject id (every id
 * has an entry). `Run` gives everything uploaded to the process, its tasks' files included;
 * `Task` a task's files (uploaded to the task, or to its process for its step);
 * `Checklist` the template's and its steps' files; `Step` a template step's files.
 * `includeArchived` adds archived ones (a list asked for `archived=true`).
 */
export async function loadAssetsForSubjects(
  ctx: AppContext,
  organizationId: string,
  subjectType: AssetSubjectType,
  ids: readonly string[],
  options: { includeArchived?: boolean } = {},
): Promise<Map<string, Asset[]>> {
  const unique = [...new Set(ids)];
  const key: Record<AssetSubjectType, (a: Asset) => string | null> = {
    Run: (a) => a.processId,
    Task: (a) => a.taskId,
    Checklist: (a) => a.templateId,
    Step: (a) => a.subjectId,
  };
  const scope = {
    Run: { processIds: unique },
    Task: { taskIds: unique },
    Checklist: { templateIds: unique },
    Step: { stepIds: unique },
  }[subjectType];
  const assets = await findAssetsInScope(ctx.db.kysely, organizationId, scope, options.includeArchived);
  const result = new Map<string, Asset[]>(unique.map((id) => [id, []]));
  for (const asset of assets) {
    const owner = key[subjectType](asset);
    if (owner !== null) result.get(owner)?.push(asset);
  }
  return result;
}
