import { updateProcess as updateProcessRow } from '../../db/repositories/processes-repository.js';
import { findActiveMemberIds } from '../../db/repositories/task-owners-repository.js';
import { FieldErrorCollector } from '../../domain/errors.js';
import { PROCESS_NAME_MAX } from '../../domain/processes/naming.js';
import { assertProcessWritable, type Process } from '../../domain/processes/process.js';
import { validateFormValues } from '../../domain/tasks/form-values.js';
import type { FieldDefinition } from '../../domain/templates/definition.js';
import { type AppContext, inTransaction, type MemberActor } from '../context.js';
import { type ActivityInput, actorRef, recordActivities } from '../events/record.js';
import { checkFileFormValues, moveKickoffFilesToProcess } from '../files/form-file-values.js';
import { checkRunFolderIds, replaceProcessFolders } from '../folders/folder-objects.js';
import { applyRules, type RuleChangedTask } from '../rules/apply-rules.js';
import { checkTagIds, replaceProcessTags } from '../tags/tag-links.js';
import { openManagedProcess } from './process-lifecycle.js';
import { refreshProcess } from './refresh-process.js';

/** `PUT /runs/{id}`: every key optional; lists given replace what was there. */
export interface UpdateProcessInput {
  name?: string | undefined;
  summary?: string | null | undefined;
  ownerId?: number | undefined;
  starred?: boolean | undefined;
  isPublic?: boolean | undefined;
  users?: number[] | undefined;
  groups?: string[] | undefined;
  tags?: string[] | undefined;
  folders?: string[] | undefined;
  /** Kick-off values keyed by field id, merged into the stored ones. */
  kickoffValues?: Record<string, unknown> | undefined;
}

type Changes = Partial<Process>;

function plainChanges(p: Process, input: UpdateProcessInput, errors: FieldErrorCollector): Changes {
  const changes: Changes = {};
  if (input.name !== undefined) {
    const name = input.name.trim();
    if (!name) errors.add('name', 'The name field is required.');
    else if (name.length > PROCESS_NAME_MAX)
      errors.add('name', `The name may not exceed ${PROCESS_NAME_MAX} characters.`);
    else changes.name = name;
  }
  if (input.summary !== undefined) changes.summary = input.summary;
  if (input.starred !== undefined) changes.starred = input.starred;
  if (input.isPublic !== undefined) changes.isPublic = input.isPublic;
  if (input.ownerId !== undefined) changes.ownerId = input.ownerId;
  if (input.users !== undefined) changes.users = [...new Set(input.users)];
  if (input.groups !== undefined) changes.groups = [...new Set(input.groups)];
  if (input.tags !== undefined) changes.tags = [...new Set(input.tags)];
  if (input.folders !== undefined) changes.folders = [...new Set(input.folders)];
  for (const key of Object.keys(changes) as Array<keyof Process>) {
    if (JSON.stringify(changes[key]) === JSON.stringify(p[key])) delete changes[key];
  }
  return changes;
}

/**
 * Updates a process's name, summary, flags, collaborators and kick-off values in one
 * transaction; kick-off values are validated per field type and run the rules.
 */
export async function updateProcess(
  ctx: AppContext,
  actor: MemberActor,
  processId: string,
  input: UpdateProcessInput,
): Promise<{ process: Process; changedByRules: RuleChangedTask[] }> {
  return inTransaction(ctx, async (tx) => {
    const unit = await openManagedProcess(tx, actor, processId);
    const { process, definition } = unit;
    assertProcessWritable(process);
    const errors = new FieldErrorCollector();
    const changes = plainChanges(process, input, errors);
    const kickoff = new Map((definition?.kickoffFields ?? []).map((f) => [f.id, f]));
    const sent = await checkKickoffFiles(
      tx,
      process,
      definition?.kickoffFields ?? [],
      input.kickoffValues,
      errors,
    );
    const checked = validateFormValues(kickoff, sent, 'prerun');
    for (const [path, messages] of Object.entries(checked.errors))
      for (const m of messages) errors.add(path, m);
    const people = [...(changes.users ?? []), ...(changes.ownerId ? [changes.ownerId] : [])];
    const members = await findActiveMemberIds(tx.db.kysely, actor.organizationId, people);
    const strangers = people.filter((u) => !members.has(u));
    if (strangers.length) errors.add('users', `Not active members: ${strangers.join(', ')}.`);
    if (changes.tags) changes.tags = await checkTagIds(tx, actor.organizationId, changes.tags, errors);
    if (changes.folders)
      changes.folders = await checkRunFolderIds(tx, actor.organizationId, changes.folders, errors);
    errors.throwIfAny();
    const changedFields = Object.keys(checked.values).filter(
      (id) => JSON.stringify(process.prerun[id] ?? null) !== JSON.stringify(checked.values[id]),
    );
    if (changedFields.length) {
      const prerun = { ...process.prerun, ...checked.values };
      changes.prerun = await moveKickoffFilesToProcess(tx, process.organizationId, process.id, prerun, [
        ...kickoff.values(),
      ]);
    }
    if (Object.keys(changes).length === 0) return { process, changedByRules: [] };
    const now = tx.clock.now().toISOString();
    await updateProcessRow(tx.db.kysely, actor.organizationId, process.id, { ...changes, lastUpdated: now });
    if (changes.tags) await replaceProcessTags(tx, actor.organizationId, process.id, changes.tags);
    if (changes.folders) await replaceProcessFolders(tx, actor.organizationId, process.id, changes.folders);
    await recordActivities(
      tx,
      actor.organizationId,
      actorRef(actor),
      activitiesOf(process, changes, changedFields),
    );
    unit.process = { ...process, ...changes, lastUpdated: now };
    const changedByRules = changedFields.length
      ? await applyRules(unit, { kind: 'values_changed', fieldIds: changedFields })
      : [];
    return { process: await refreshProcess(unit), changedByRules };
  });
}

/** Kick-off `file` values must name the process's kick-off uploads (or its template's). */
function checkKickoffFiles(
  tx: AppContext,
  process: Process,
  fields: readonly FieldDefinition[],
  prerun: Record<string, unknown> | undefined,
  errors: FieldErrorCollector,
): Promise<Record<string, unknown>> {
  const subject = { kind: 'process' as const, processId: process.id, templateId: process.templateId };
  const org = process.organizationId;
  return checkFileFormValues(tx, org, subject, fields, prerun ?? {}, process.prerun, 'prerun', errors);
}

function activitiesOf(before: Process, changes: Changes, changedFields: string[]): ActivityInput[] {
  const base = { action: 'updated', objectType: 'process', objectId: before.id, processId: before.id };
  const rows: ActivityInput[] = (Object.keys(changes) as Array<keyof Process>)
    .filter((k) => k !== 'prerun')
    .map((k) => ({ ...base, field: snake(k), oldValue: before[k], newValue: changes[k] }));
  for (const id of changedFields) {
    rows.push({
      ...base,
      field: `prerun.${id}`,
      oldValue: before.prerun[id] ?? null,
      newValue: changes.prerun?.[id] ?? null,
    });
  }
  return rows;
}

/** `isPublic` → `is_public`: activity rows name fields as the wire does. */
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
