import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { replaceTaskOwners } from '../../db/repositories/task-owners-repository.js';
import { parseDateInput } from '../../domain/dates.js';
import { pushToWorkingTime } from '../../domain/deadlines.js';
import { FieldErrorCollector, notFound } from '../../domain/errors.js';
import { assertProcessWritable, type Process } from '../../domain/processes/process.js';
import { validateFormValues } from '../../domain/tasks/form-values.js';
import {
  assertEditable,
  TASK_TYPES,
  type Task,
  type TaskOwners,
  type TaskType,
} from '../../domain/tasks/task.js';
import type { TemplateDefinition } from '../../domain/templates/definition.js';
import { checkWebhookUrl } from '../../domain/webhooks/url-safety.js';
import { type Actor, type AppContext, inTransaction } from '../context.js';
import { actorRef } from '../events/record.js';
import { checkFileFormValues } from '../files/form-file-values.js';
import { fieldsOfTask } from '../processes/definitions.js';
import { ensureOwnerGuests, type OwnersInput, resolveOwners } from '../processes/owners.js';
import type { ProcessWrite } from '../processes/process-write.js';
import { refreshProcess } from '../processes/refresh-process.js';
import { applyRules, type RuleChangedTask } from '../rules/apply-rules.js';
import { assertTaskAction, loadCaller, openTaskWrite, type TaskCaller } from './task-access.js';
import { change, commitLooseWrite, commitWrite, note, startWrite, type TaskWrite } from './task-writes.js';

/** `PUT …/tasks/{task}`: every key optional; absent keys leave the task as it is. */
export interface UpdateTaskInput {
  /** Form values keyed by form field id, merged into the stored ones. */
  formValues?: Record<string, unknown> | undefined;
  deadline?: string | null | undefined;
  startedAt?: string | null | undefined;
  owners?: OwnersInput | undefined;
  title?: string | undefined;
  summary?: string | null | undefined;
  webhook?: string | null | undefined;
  taskType?: string | undefined;
  position?: number | undefined;
  maxAssignable?: number | undefined;
  preventGuestComment?: boolean | undefined;
  topSecret?: boolean | undefined;
  everyoneMustComplete?: boolean | undefined;
  canCompleteOnlyAssignees?: boolean | undefined;
}

export interface UpdatedTask {
  task: Task;
  process: Process | undefined;
  /** Tasks automation rules changed because of new form values, and how. */
  changedByRules: RuleChangedTask[];
}

/**
 * Updates a task in one transaction: form values (validated per field type, unknown keys
 * dropped), deadline (pushed to working time), owners (replaced), title and the rest.
 * Completed tasks are read-only; tasks of archived processes too. A guest may only fill in
 * the form values of their own task (any other key answers 403).
 */
export async function updateTask(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  input: UpdateTaskInput,
  processId?: string,
): Promise<UpdatedTask> {
  return inTransaction(ctx, async (tx) => {
    const caller = await loadCaller(tx, actor);
    const { task, unit } = await openTaskWrite(tx, caller, taskId, processId);
    if (unit) assertProcessWritable(unit.process);
    assertEditable(task);
    authorize(caller, task, input);
    const definition = unit?.definition;
    const write = startWrite(task);
    const errors = new FieldErrorCollector();
    const formValues =
      input.formValues && (await checkTaskFiles(tx, task, definition, input.formValues, errors));
    const fieldIds = applyFormValues(write, formValues, definition, errors);
    await applyDates(tx, write, input, errors);
    const owners = input.owners
      ? await resolveOwners(tx, actor.organizationId, input.owners, 'owners', errors)
      : undefined;
    applyDetails(write, input, errors);
    const problem = input.webhook ? checkWebhookUrl(input.webhook, tx.config) : undefined;
    if (problem) errors.add('webhook', problem);
    errors.throwIfAny();
    if (owners) await applyOwners(tx, write, owners);
    if (!unit) {
      const saved = await commitLooseWrite(tx, actorRef(actor), write);
      return { task: saved, process: undefined, changedByRules: [] };
    }
    return finishUpdate(unit, write, fieldIds);
  });
}

/**
 * `file` values must name uploads of this task (to the task, or to its process for its
 * step); they are stored as the asset entries. Any path that writes form values calls this
 * before `applyFormValues`.
 */
export function checkTaskFiles(
  tx: AppContext,
  task: Task,
  definition: TemplateDefinition | undefined,
  formValues: Record<string, unknown>,
  errors: FieldErrorCollector,
): Promise<Record<string, unknown>> {
  const subject = { kind: 'task' as const, taskId: task.id };
  const fields = fieldsOfTask(task, definition);
  return checkFileFormValues(
    tx,
    task.organizationId,
    subject,
    fields,
    formValues,
    task.taskdata,
    'taskdata',
    errors,
  );
}

function authorize(caller: TaskCaller, task: Task, input: UpdateTaskInput): void {
  const keys = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
  if (keys.includes('formValues')) assertTaskAction(caller, 'task.fill', task);
  if (keys.some((k) => k !== 'formValues')) assertTaskAction(caller, 'task.update', task);
}

/** Writes the change, runs the rules watching the changed form values, and recounts the process. */
async function finishUpdate(
  unit: ProcessWrite,
  write: TaskWrite,
  changedFieldIds: string[],
): Promise<UpdatedTask> {
  const task = await commitWrite(unit, write);
  const changedByRules =
    changedFieldIds.length > 0
      ? await applyRules(unit, { kind: 'values_changed', fieldIds: changedFieldIds })
      : [];
  const process = await refreshProcess(unit);
  return { task, process, changedByRules };
}

/** Merges validated form values; the first saved answer puts a not-started task in progress. */
export function applyFormValues(
  write: TaskWrite,
  formValues: Record<string, unknown> | undefined,
  definition: TemplateDefinition | undefined,
  errors: FieldErrorCollector,
): string[] {
  if (!formValues) return [];
  const fields = new Map(fieldsOfTask(write.before, definition).map((f) => [f.id, f]));
  const checked = validateFormValues(fields, formValues, 'taskdata');
  for (const [path, messages] of Object.entries(checked.errors))
    for (const m of messages) errors.add(path, m);
  const changed = Object.keys(checked.values).filter(
    (id) => JSON.stringify(write.before.taskdata[id] ?? null) !== JSON.stringify(checked.values[id]),
  );
  if (changed.length === 0) return [];
  change(write, { taskdata: { ...write.before.taskdata, ...checked.values } });
  if (write.before.status === 'not-started') change(write, { status: 'in-progress' });
  for (const id of changed)
    note(write, 'updated', `taskdata.${id}`, write.before.taskdata[id] ?? null, checked.values[id]);
  return changed;
}

async function applyDates(
  tx: AppContext,
  write: TaskWrite,
  input: UpdateTaskInput,
  errors: FieldErrorCollector,
) {
  if (input.deadline !== undefined) {
    const org = await findOrganizationById(tx.db.kysely, write.before.organizationId);
    if (!org) throw notFound('ORGANIZATION_NOT_FOUND', 'Organization');
    const date = input.deadline === null ? null : parseDateInput(input.deadline);
    if (date === undefined) errors.add('deadline', 'The deadline is not a valid date.');
    const deadline = date ? pushToWorkingTime(date, org.workingDays, org.timezone).toISOString() : null;
    if (date !== undefined && deadline !== write.before.deadline) {
      change(write, { deadline });
      note(write, 'deadline_changed', 'deadline', write.before.deadline, deadline);
      write.events.push('task.deadline_changed');
    }
  }
  if (input.startedAt !== undefined) {
    const date = input.startedAt === null ? null : parseDateInput(input.startedAt);
    if (date === undefined) errors.add('started_at', 'The started_at is not a valid date.');
    else change(write, { startedAt: date ? date.toISOString() : null });
  }
}

async function applyOwners(tx: AppContext, write: TaskWrite, owners: TaskOwners): Promise<void> {
  const before = write.before.owners;
  if (JSON.stringify(before) === JSON.stringify(owners)) return;
  await replaceTaskOwners(tx.db.kysely, write.before.organizationId, write.before.id, owners);
  await ensureOwnerGuests(tx, write.before.organizationId, owners);
  write.after.owners = owners;
  write.changes.lastUpdated = tx.clock.now().toISOString();
  note(write, 'owners_updated', 'owners', before, owners);
  const added =
    owners.users.some((u) => !before.users.includes(u)) ||
    owners.guests.some((g) => !before.guests.includes(g)) ||
    owners.groups.some((g) => !before.groups.includes(g)) ||
    owners.roles.some((r) => !before.roles.includes(r));
  if (added) write.events.push('task.assigned');
}

function applyDetails(write: TaskWrite, input: UpdateTaskInput, errors: FieldErrorCollector): void {
  const t = write.before;
  if (input.title !== undefined) {
    const title = input.title.trim();
    if (!title) errors.add('title', 'The title field is required.');
    else if (title !== t.title) {
      change(write, { title });
      note(write, 'updated', 'title', t.title, title);
    }
  }
  if (input.summary !== undefined && input.summary !== t.summary) {
    change(write, { summary: input.summary });
    note(write, 'updated', 'summary', t.summary, input.summary);
  }
  if (input.taskType !== undefined) {
    if (!(TASK_TYPES as readonly string[]).includes(input.taskType)) {
      errors.add('task_type', `The task type must be one of ${TASK_TYPES.join(', ')}.`);
    } else if (input.taskType !== t.taskType) {
      change(write, { taskType: input.taskType as TaskType });
      note(write, 'updated', 'task_type', t.taskType, input.taskType);
    }
  }
  const flags: TaskWrite['changes'] = {};
  if (input.webhook !== undefined) flags.webhook = input.webhook;
  if (input.position !== undefined) flags.position = input.position;
  if (input.maxAssignable !== undefined) flags.maxAssignable = input.maxAssignable;
  if (input.preventGuestComment !== undefined) flags.preventGuestComment = input.preventGuestComment;
  if (input.topSecret !== undefined) flags.topSecret = input.topSecret;
  if (input.everyoneMustComplete !== undefined) flags.everyoneMustComplete = input.everyoneMustComplete;
  if (input.canCompleteOnlyAssignees !== undefined) {
    flags.canCompleteOnlyAssignees = input.canCompleteOnlyAssignees;
  }
  if (Object.keys(flags).length > 0) change(write, flags);
}
