import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Process, StoredProcessStatus } from '../../domain/processes/process.js';
import type { Db } from '../database.js';
import { dialectOf, fromJson, lockForUpdate, perDialect, toBool, toJson } from '../dialect.js';
import { precompile, precompileWithList } from '../precompiled.js';
import type { ProcessesTable } from '../tables/processes.js';

export function toProcess(row: Selectable<ProcessesTable>): Process {
  return {
    id: row.id,
    organizationId: row.organization_id,
    incrementId: row.increment_id,
    templateId: row.template_id,
    templateVersion: row.template_version,
    templateTitle: row.template_title,
    type: row.type,
    name: row.name,
    summary: row.summary,
    status: row.status as StoredProcessStatus,
    ownerId: row.owner_id,
    startedBy: row.started_by,
    prerun: fromJson<Record<string, unknown>>(row.prerun, {}),
    prerunCompletedAt: row.prerun_completed_at,
    prerunCompletedBy: row.prerun_completed_by,
    tasksTotal: row.tasks_total,
    tasksCompleted: row.tasks_completed,
    tasksAll: row.tasks_all,
    openProblems: row.open_problems,
    dueDate: row.due_date,
    starred: toBool(row.starred),
    isPublic: toBool(row.is_public),
    users: fromJson<number[]>(row.users, []),
    groups: fromJson<string[]>(row.groups, []),
    tags: fromJson<string[]>(row.tags, []),
    folders: fromJson<string[]>(row.folders, []),
    parentId: row.parent_id,
    webhook: row.webhook,
    canAddOneOffTasks: toBool(row.can_add_oot),
    settings: fromJson<Record<string, unknown>>(row.settings, {}),
    createdAt: row.created_at,
    startedAt: row.started_at,
    lastUpdated: row.last_updated,
    completedAt: row.completed_at,
    archivedAt: row.archived_at,
  };
}

const JSON_KEYS = ['prerun', 'users', 'groups', 'tags', 'folders', 'settings'] as const;

const COLUMN: Record<keyof Process, keyof ProcessesTable> = {
  id: 'id',
  organizationId: 'organization_id',
  incrementId: 'increment_id',
  templateId: 'template_id',
  templateVersion: 'template_version',
  templateTitle: 'template_title',
  type: 'type',
  name: 'name',
  summary: 'summary',
  status: 'status',
  ownerId: 'owner_id',
  startedBy: 'started_by',
  prerun: 'prerun',
  prerunCompletedAt: 'prerun_completed_at',
  prerunCompletedBy: 'prerun_completed_by',
  tasksTotal: 'tasks_total',
  tasksCompleted: 'tasks_completed',
  tasksAll: 'tasks_all',
  openProblems: 'open_problems',
  dueDate: 'due_date',
  starred: 'starred',
  isPublic: 'is_public',
  users: 'users',
  groups: 'groups',
  tags: 'tags',
  folders: 'folders',
  parentId: 'parent_id',
  webhook: 'webhook',
  canAddOneOffTasks: 'can_add_oot',
  settings: 'settings',
  createdAt: 'created_at',
  startedAt: 'started_at',
  lastUpdated: 'last_updated',
  completedAt: 'completed_at',
  archivedAt: 'archived_at',
};

function toColumns(values: Partial<Process>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const k = key as keyof Process;
    row[COLUMN[k]] = (JSON_KEYS as readonly string[]).includes(k) ? toJson(value) : value;
  }
  return row;
}

export async function insertProcess(db: Db, process: Process): Promise<void> {
  await db
    .insertInto('processes')
    .values(toColumns(process) as Insertable<ProcessesTable>)
    .execute();
}

export type ProcessChanges = Partial<Omit<Process, 'id' | 'organizationId' | 'incrementId' | 'createdAt'>>;

export async function updateProcess(
  db: Db,
  organizationId: string,
  id: string,
  changes: ProcessChanges,
): Promise<void> {
  const set = toColumns(changes) as Updateable<ProcessesTable>;
  if (Object.keys(set).length === 0) return;
  await db
    .updateTable('processes')
    .set(set)
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

// Compiled once (see precompiled.ts): every process and task request reads its process.
const processRowById = precompile(
  (db: Db, organizationId: string, id: string) =>
    db.selectFrom('processes').selectAll().where('organization_id', '=', organizationId).where('id', '=', id),
  2,
);

export async function findProcessById(
  db: Db,
  organizationId: string,
  id: string,
): Promise<Process | undefined> {
  const [row] = await processRowById(db, organizationId, id);
  return row ? toProcess(row) : undefined;
}

// Compiled once per dialect (see precompiled.ts): every task and process change starts here.
const processRowForUpdate = perDialect((dialect) =>
  precompile(
    (db: Db, organizationId: string, id: string) =>
      lockForUpdate(
        db
          .selectFrom('processes')
          .selectAll()
          .where('organization_id', '=', organizationId)
          .where('id', '=', id),
        dialect,
      ),
    2,
  ),
);

/** Locks the process row: every change to a process or its tasks takes this lock first. */
export async function findProcessForUpdate(
  db: Db,
  organizationId: string,
  id: string,
): Promise<Process | undefined> {
  const dialect = dialectOf(db);
  const [row] = await processRowForUpdate[dialect](db, organizationId, id);
  return row ? toProcess(row) : undefined;
}

// Compiled once per list length (see precompiled.ts): every task list reads its processes.
const processRowsByIds = precompileWithList(
  (db: Db, ids: string[], organizationId: string) =>
    db
      .selectFrom('processes')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', 'in', ids),
  1,
);

export async function findProcessesByIds(
  db: Db,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, Process>> {
  const result = new Map<string, Process>();
  const rows = await processRowsByIds(db, ids, organizationId);
  for (const row of rows) result.set(row.id, toProcess(row));
  return result;
}

export async function deleteProcess(db: Db, organizationId: string, id: string): Promise<void> {
  await db
    .deleteFrom('processes')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/**
 * Reserves consecutive values of several of an organization's sequences in one statement
 * (`{ process: 1, task: 12 }`) and returns the first value of each. The upsert locks the
 * counter rows until the transaction ends, so concurrent reservations never share a number.
 */
export async function reserveSequences<K extends string>(
  db: Db,
  organizationId: string,
  counts: Record<K, number>,
): Promise<Record<K, number>> {
  const names = Object.keys(counts) as K[];
  const rows = await db
    .insertInto('counters')
    .values(names.map((name) => ({ organization_id: organizationId, name, value: counts[name] })))
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'name'])
        .doUpdateSet({ value: sql<number>`counters.value + excluded.value` }),
    )
    .returning(['name', 'value'])
    .execute();
  const first = {} as Record<K, number>;
  for (const row of rows) {
    const name = row.name as K;
    first[name] = Number(row.value) - counts[name] + 1;
  }
  for (const name of names) if (first[name] === undefined) throw new Error(`counter ${name} not reserved`);
  return first;
}

/**
 * Reserves `count` consecutive values of an organization's sequence and returns the first.
 * The upsert locks the counter row, so concurrent launches never share a number.
 */
export async function reserveSequence(
  db: Db,
  organizationId: string,
  name: string,
  count: number,
): Promise<number> {
  const first = await reserveSequences(db, organizationId, { [name]: count });
  return first[name] as number;
}
