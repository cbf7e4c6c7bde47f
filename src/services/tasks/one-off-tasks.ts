/**
 * One-off (standalone) tasks: created on their own with an absolute deadline, optionally
 * attached to a process; archived, restored, deleted, cloned, linked and unlinked.
 */
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { reserveSequence } from '../../db/repositories/processes-repository.js';
import { insertTaskOwners } from '../../db/repositories/task-owners-repository.js';
import { insertTasks } from '../../db/repositories/tasks-repository.js';
import { parseDateInput } from '../../domain/dates.js';
import { pushToWorkingTime } from '../../domain/deadlines.js';
import { FieldErrorCollector, notFound, rejected } from '../../domain/errors.js';
import { newHexId, slugify } from '../../domain/ids.js';
import { assertCan } from '../../domain/policy.js';
import { assertProcessWritable, type Process } from '../../domain/processes/process.js';
import { hasOwners, TASK_TYPES, type Task, type TaskType } from '../../domain/tasks/task.js';
import { checkWebhookUrl } from '../../domain/webhooks/url-safety.js';
import { type AppContext, inTransaction, type MemberActor } from '../context.js';
import { actorRef } from '../events/record.js';
import { ensureOwnerGuests, type OwnersInput, resolveOwners } from '../processes/owners.js';
import { openProcessWrite, type ProcessWrite } from '../processes/process-write.js';
import { refreshProcess } from '../processes/refresh-process.js';
import { checkTagIds, tagNewSubjects } from '../tags/tag-links.js';
import { type OneOffFieldInput, parseOneOffFields } from './one-off-fields.js';
import { processNotFound } from './task-access.js';
import { commitChange, note, startWrite } from './task-writes.js';

/** `POST /tasks` (wire names; `name`/`description` are accepted for `title`/`summary`). */
export interface CreateOneOffInput {
  title?: string | undefined;
  task_type?: string | undefined;
  deadline?: string | undefined;
  started_at?: string | undefined;
  owners?: OwnersInput | undefined;
  summary?: string | null | undefined;
  run_id?: string | undefined;
  form_fields?: OneOffFieldInput[] | undefined;
  max_assignable?: number | undefined;
  prevent_guest_comment?: boolean | undefined;
  everyone_must_complete?: boolean | undefined;
  can_complete_only_assignees?: boolean | undefined;
  is_soft_start_date?: boolean | undefined;
  top_secret?: boolean | undefined;
  webhook?: string | null | undefined;
  tags?: string[] | undefined;
}

export const TITLE_MAX = 600;

function checkBasics(input: CreateOneOffInput, errors: FieldErrorCollector) {
  const title = input.title?.trim() ?? '';
  if (!title) errors.add('title', 'The title field is required.');
  if (title.length > TITLE_MAX)
    errors.add('title', `The title may not be greater than ${TITLE_MAX} characters.`);
  const taskType = (input.task_type ?? 'task') as TaskType;
  if (!TASK_TYPES.includes(taskType))
    errors.add('task_type', `The task type must be one of ${TASK_TYPES.join(', ')}.`);
  const deadline = input.deadline ? parseDateInput(input.deadline) : undefined;
  if (!input.deadline) errors.add('deadline', 'The deadline field is required.');
  else if (!deadline) errors.add('deadline', 'The deadline is not a valid date.');
  const startedAt = input.started_at ? parseDateInput(input.started_at) : undefined;
  if (input.started_at && !startedAt) errors.add('started_at', 'The started_at is not a valid date.');
  return { title, taskType, deadline, startedAt };
}

/** The write unit of the process a new one-off task joins, when `run_id` names one that takes them. */
async function attachableProcess(tx: AppContext, actor: MemberActor, runId: string | undefined) {
  if (!runId) return undefined;
  const unit = await openProcessWrite(tx, actorRef(actor), actor.organizationId, runId);
  if (!unit) throw processNotFound();
  assertProcessWritable(unit.process);
  if (!unit.process.canAddOneOffTasks) {
    throw rejected('ONE_OFF_TASKS_NOT_ALLOWED', "This process's template does not allow one-off tasks.");
  }
  return unit;
}

/** After the process's last task (0 when it has none). */
const nextPosition = (unit: ProcessWrite) => Math.max(0, ...unit.tasks.map((t) => t.position)) + 1;

/** Creates a one-off task (status `not-started`), attached to a process when `run_id` is given. */
export async function createOneOffTask(
  ctx: AppContext,
  actor: MemberActor,
  input: CreateOneOffInput,
): Promise<{ task: Task; process: Process | undefined }> {
  assertCan(actor, 'task.create_oneoff');
  return inTransaction(ctx, async (tx) => {
    const org = await findOrganizationById(tx.db.kysely, actor.organizationId);
    if (!org) throw notFound('ORGANIZATION_NOT_FOUND', 'Organization');
    const errors = new FieldErrorCollector();
    const basics = checkBasics(input, errors);
    const owners = await resolveOwners(tx, actor.organizationId, input.owners ?? {}, 'owners', errors);
    const fields = parseOneOffFields(input.form_fields ?? [], errors);
    const problem = input.webhook ? checkWebhookUrl(input.webhook, tx.config) : undefined;
    if (problem) errors.add('webhook', problem);
    const tagIds = await checkTagIds(tx, actor.organizationId, input.tags, errors);
    errors.throwIfAny();
    const unit = await attachableProcess(tx, actor, input.run_id);
    const process = unit?.process;
    const now = tx.clock.now().toISOString();
    const task: Task = {
      id: newHexId(),
      organizationId: actor.organizationId,
      incrementId: await reserveSequence(tx.db.kysely, actor.organizationId, 'task', 1),
      processId: process?.id ?? null,
      templateId: process?.templateId ?? null,
      stepId: null,
      alias: slugify(basics.title, 'task'),
      title: basics.title,
      originalTitle: basics.title,
      summary: input.summary ?? null,
      taskType: basics.taskType,
      status: 'not-started',
      position: unit ? nextPosition(unit) : 1,
      deadline: pushToWorkingTime(basics.deadline as Date, org.workingDays, org.timezone).toISOString(),
      startedAt: (basics.startedAt ?? tx.clock.now()).toISOString(),
      completedAt: null,
      completerId: null,
      completerGuestId: null,
      isApproved: null,
      openProblems: 0,
      isOneoff: true,
      visibilityOverride: null,
      statusBeforeHidden: null,
      reopenedAt: null,
      everyoneMustComplete: input.everyone_must_complete ?? false,
      canCompleteOnlyAssignees: input.can_complete_only_assignees ?? false,
      allowGuestOwners: owners.guests.length > 0,
      preventGuestComment: input.prevent_guest_comment ?? false,
      topSecret: input.top_secret ?? false,
      isSoftStartDate: input.is_soft_start_date ?? false,
      maxAssignable: input.max_assignable ?? 0,
      webhook: input.webhook ?? null,
      starterId: actor.userId,
      ownerId: actor.userId,
      taskdata: {},
      fields,
      settings: {},
      archivedAt: null,
      createdAt: now,
      lastUpdated: now,
      owners,
    };
    await insertTasks(tx.db.kysely, [task]);
    await insertTaskOwners(tx.db.kysely, actor.organizationId, [{ taskId: task.id, owners }]);
    await tagNewSubjects(tx, actor.organizationId, 'task', [task.id], tagIds);
    await ensureOwnerGuests(tx, actor.organizationId, owners);
    const write = startWrite(task);
    note(write, 'created', null, null, { title: task.title, run_id: task.processId });
    if (hasOwners(owners)) write.events.push('task.assigned');
    await commitChange(tx, actorRef(actor), unit, write);
    const refreshed = unit ? await refreshProcess(unit) : undefined;
    return { task, process: refreshed };
  });
}
