import type { Insertable, Selectable, Updateable } from 'kysely';
import {
  emptyOwners,
  type Task,
  type TaskOwners,
  type TaskStatus,
  type TaskType,
} from '../../domain/tasks/task.js';
import type { FieldDefinition } from '../../domain/templates/definition.js';
import type { Db } from '../database.js';
import { dialectOf, fromJson, lockForUpdate, perDialect, toBool, toJson } from '../dialect.js';
import { inList, precompile } from '../precompiled.js';
import type { TasksTable } from '../tables/processes.js';
import { findOwnersOfTasks } from './task-owners-repository.js';

export type TaskRow = Selectable<TasksTable>;

export function toTask(row: TaskRow, owners: TaskOwners = emptyOwners()): Task {
  return {
    id: row.id,
    organizationId: row.organization_id,
    incrementId: row.increment_id,
    processId: row.process_id,
    templateId: row.template_id,
    stepId: row.step_id,
    alias: row.alias,
    title: row.title,
    originalTitle: row.original_title,
    summary: row.summary,
    taskType: row.task_type as TaskType,
    status: row.status as TaskStatus,
    position: row.position,
    deadline: row.deadline,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    completerId: row.completer_id,
    completerGuestId: row.completer_guest_id,
    isApproved: row.is_approved === null ? null : toBool(row.is_approved),
    openProblems: row.open_problems,
    isOneoff: toBool(row.is_oneoff),
    visibilityOverride: row.visibility_override as Task['visibilityOverride'],
    statusBeforeHidden: row.status_before_hidden as TaskStatus | null,
    reopenedAt: row.reopened_at,
    everyoneMustComplete: toBool(row.everyone_must_complete),
    canCompleteOnlyAssignees: toBool(row.can_complete_only_assignees),
    allowGuestOwners: toBool(row.allow_guest_owners),
    preventGuestComment: toBool(row.prevent_guest_comment),
    topSecret: toBool(row.top_secret),
    isSoftStartDate: toBool(row.is_soft_start_date),
    maxAssignable: row.max_assignable,
    webhook: row.webhook,
    stageId: row.stage_id,
    starterId: row.starter_id,
    ownerId: row.owner_id,
    taskdata: fromJson<Record<string, unknown>>(row.taskdata, {}),
    fields: row.fields === null ? null : fromJson<FieldDefinition[] | null>(row.fields, null),
    settings: fromJson<Record<string, unknown>>(row.settings, {}),
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    lastUpdated: row.last_updated,
    owners,
  };
}

/** A task as it is written: the domain object minus owners, which live in task_owners. */
export type NewTask = Omit<Task, 'owners'>;

function toRow(task: NewTask): Insertable<TasksTable> {
  return {
    id: task.id,
    organization_id: task.organizationId,
    increment_id: task.incrementId,
    process_id: task.processId,
    template_id: task.templateId,
    step_id: task.stepId,
    alias: task.alias,
    title: task.title,
    original_title: task.originalTitle,
    summary: task.summary,
    task_type: task.taskType,
    status: task.status,
    position: task.position,
    deadline: task.deadline,
    started_at: task.startedAt,
    completed_at: task.completedAt,
    completer_id: task.completerId,
    completer_guest_id: task.completerGuestId,
    is_approved: task.isApproved,
    open_problems: task.openProblems,
    is_oneoff: task.isOneoff,
    visibility_override: task.visibilityOverride,
    status_before_hidden: task.statusBeforeHidden,
    reopened_at: task.reopenedAt,
    everyone_must_complete: task.everyoneMustComplete,
    can_complete_only_assignees: task.canCompleteOnlyAssignees,
    allow_guest_owners: task.allowGuestOwners,
    prevent_guest_comment: task.preventGuestComment,
    top_secret: task.topSecret,
    is_soft_start_date: task.isSoftStartDate,
    max_assignable: task.maxAssignable,
    webhook: task.webhook,
    stage_id: task.stageId ?? null,
    starter_id: task.starterId,
    owner_id: task.ownerId,
    taskdata: toJson(task.taskdata),
    fields: task.fields === null ? null : toJson(task.fields),
    settings: toJson(task.settings),
    archived_at: task.archivedAt,
    created_at: task.createdAt,
    last_updated: task.lastUpdated,
  };
}

export async function insertTasks(db: Db, tasks: readonly NewTask[]): Promise<void> {
  // Chunked: a row has ~45 columns and SQLite binds at most 32766 parameters per statement.
  for (let i = 0; i < tasks.length; i += 100) {
    await db
      .insertInto('tasks')
      .values(tasks.slice(i, i + 100).map(toRow))
      .execute();
  }
}

/** Attaches owners to rows (one query for all of them). */
export async function withOwners(db: Db, organizationId: string, rows: readonly TaskRow[]): Promise<Task[]> {
  const owners = await findOwnersOfTasks(
    db,
    organizationId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toTask(r, owners.get(r.id)));
}

// Compiled once (see precompiled.ts): most task requests start here.
const taskRowById = precompile(
  (db: Db, organizationId: string, id: string) =>
    db.selectFrom('tasks').selectAll().where('organization_id', '=', organizationId).where('id', '=', id),
  2,
);

export async function findTaskById(db: Db, organizationId: string, id: string): Promise<Task | undefined> {
  const [row] = await taskRowById(db, organizationId, id);
  return row ? (await withOwners(db, organizationId, [row]))[0] : undefined;
}

// Compiled once per dialect (see precompiled.ts): every task change locks its task.
const taskRowForUpdate = perDialect((dialect) =>
  precompile(
    (db: Db, organizationId: string, id: string) =>
      lockForUpdate(
        db.selectFrom('tasks').selectAll().where('organization_id', '=', organizationId).where('id', '=', id),
        dialect,
      ),
    2,
  ),
);

/** The task row locked for the rest of the transaction (PostgreSQL); lock its process first. */
export async function findTaskForUpdate(
  db: Db,
  organizationId: string,
  id: string,
): Promise<Task | undefined> {
  const dialect = dialectOf(db);
  const [row] = await taskRowForUpdate[dialect](db, organizationId, id);
  return row ? (await withOwners(db, organizationId, [row]))[0] : undefined;
}

export async function findTasksByIds(
  db: Db,
  organizationId: string,
  ids: readonly string[],
): Promise<Task[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('tasks')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', 'in', inList(ids))
    .execute();
  return withOwners(db, organizationId, rows);
}

/** Every task of a process (hidden and archived included), by position. */
export async function findTasksOfProcess(db: Db, organizationId: string, processId: string): Promise<Task[]> {
  const rows = await db
    .selectFrom('tasks')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('process_id', '=', processId)
    .orderBy('position')
    .orderBy('created_at')
    .orderBy('increment_id')
    .execute();
  return withOwners(db, organizationId, rows);
}

/** Task columns a service may change. */
export type TaskChanges = Partial<Omit<NewTask, 'id' | 'organizationId' | 'incrementId' | 'createdAt'>>;

export async function updateTask(
  db: Db,
  organizationId: string,
  id: string,
  changes: TaskChanges,
): Promise<void> {
  const set = changeSet(changes);
  if (Object.keys(set).length === 0) return;
  await db
    .updateTable('tasks')
    .set(set)
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/** Sets the same columns on several tasks in one statement (rules changing many tasks alike). */
export async function updateTasksByIds(
  db: Db,
  organizationId: string,
  ids: readonly string[],
  changes: TaskChanges,
): Promise<void> {
  const set = changeSet(changes);
  if (ids.length === 0 || Object.keys(set).length === 0) return;
  await db
    .updateTable('tasks')
    .set(set)
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

function changeSet(changes: TaskChanges): Updateable<TasksTable> {
  const full = toRow({ ...(changes as NewTask) });
  const set: Updateable<TasksTable> = {};
  for (const [key, value] of Object.entries(full)) {
    if (value !== undefined) (set as Record<string, unknown>)[key] = value;
  }
  // toRow turns an absent JSON or boolean field into a default; keep only what was given.
  for (const [domainKey, column] of JSON_AND_NULLABLE) {
    if (!(domainKey in changes)) delete (set as Record<string, unknown>)[column];
  }
  return set;
}

const JSON_AND_NULLABLE: ReadonlyArray<[keyof NewTask, keyof TasksTable]> = [
  ['taskdata', 'taskdata'],
  ['fields', 'fields'],
  ['settings', 'settings'],
  ['isApproved', 'is_approved'],
  ['stageId', 'stage_id'],
];

export async function deleteTask(db: Db, organizationId: string, id: string): Promise<void> {
  await db.deleteFrom('tasks').where('organization_id', '=', organizationId).where('id', '=', id).execute();
}

/** Live tasks of several processes, by process and position (for `with=tasks`), owners attached. */
export async function findTasksOfProcesses(
  db: Db,
  organizationId: string,
  processIds: readonly string[],
): Promise<Task[]> {
  if (processIds.length === 0) return [];
  const rows = await db
    .selectFrom('tasks')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('process_id', 'in', inList(processIds))
    .orderBy('process_id')
    .orderBy('position')
    .orderBy('created_at')
    .orderBy('increment_id')
    .execute();
  return withOwners(db, organizationId, rows);
}
