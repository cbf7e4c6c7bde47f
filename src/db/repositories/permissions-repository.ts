/**
 * Template and process permission lists, and the SQL visibility filters other lists reuse
 * (templates, processes, search): a member sees a template whose read list is not set, or
 * names them, a group of theirs or a job title they hold.
 */
import { type ExpressionBuilder, sql } from 'kysely';
import {
  emptySubjects,
  emptyTemplatePermissions,
  type PermissionSubjectType,
  type SubjectList,
  TEMPLATE_PERMISSIONS,
  type TemplatePermission,
  type TemplatePermissions,
} from '../../domain/permissions.js';
import type { Db } from '../database.js';
import { precompile } from '../precompiled.js';
import type { Database } from '../schema.js';

type SubjectRow = { subject_type: PermissionSubjectType; subject_id: string };

function addSubject(list: SubjectList, row: SubjectRow): void {
  if (row.subject_type === 'user') list.users.push(Number(row.subject_id));
  else if (row.subject_type === 'group') list.groups.push(row.subject_id);
  else if (row.subject_type === 'role') list.roles.push(row.subject_id);
  else list.guests.push(row.subject_id);
}

function rowsOf(list: SubjectList): SubjectRow[] {
  return [
    ...list.users.map((id) => ({ subject_type: 'user' as const, subject_id: String(id) })),
    ...list.groups.map((id) => ({ subject_type: 'group' as const, subject_id: id })),
    ...list.roles.map((id) => ({ subject_type: 'role' as const, subject_id: id })),
    ...list.guests.map((id) => ({ subject_type: 'guest' as const, subject_id: id })),
  ];
}

/** The permission lists of these templates, in one query (templates without rows: empty). */
export async function findTemplatePermissions(
  db: Db,
  organizationId: string,
  templateIds: readonly string[],
): Promise<Map<string, TemplatePermissions>> {
  const result = new Map<string, TemplatePermissions>();
  for (const id of templateIds) result.set(id, emptyTemplatePermissions());
  if (templateIds.length === 0) return result;
  const rows = await db
    .selectFrom('template_permissions')
    .select(['template_id', 'permission', 'subject_type', 'subject_id'])
    .where('organization_id', '=', organizationId)
    .where('template_id', 'in', [...new Set(templateIds)])
    .orderBy('created_at')
    .orderBy('subject_id')
    .execute();
  for (const row of rows) {
    const lists = result.get(row.template_id);
    if (lists) addSubject(lists[row.permission], row);
  }
  return result;
}

/** Replaces the given lists of one template (lists left out keep their rows). */
export async function replaceTemplatePermissions(
  db: Db,
  organizationId: string,
  templateId: string,
  lists: Partial<TemplatePermissions>,
  now: string,
): Promise<void> {
  const kinds = TEMPLATE_PERMISSIONS.filter((k) => lists[k] !== undefined);
  if (kinds.length === 0) return;
  await db
    .deleteFrom('template_permissions')
    .where('organization_id', '=', organizationId)
    .where('template_id', '=', templateId)
    .where('permission', 'in', kinds)
    .execute();
  const values = kinds.flatMap((permission: TemplatePermission) =>
    rowsOf(lists[permission] ?? emptySubjects()).map((r) => ({
      organization_id: organizationId,
      template_id: templateId,
      permission,
      ...r,
      created_at: now,
    })),
  );
  if (values.length) await db.insertInto('template_permissions').values(values).execute();
}

/** A process's own read list (empty when it has none). */
export async function findProcessPermissions(
  db: Db,
  organizationId: string,
  processId: string,
): Promise<SubjectList> {
  const rows = await db
    .selectFrom('process_permissions')
    .select(['subject_type', 'subject_id'])
    .where('organization_id', '=', organizationId)
    .where('process_id', '=', processId)
    .orderBy('created_at')
    .orderBy('subject_id')
    .execute();
  const list = emptySubjects();
  for (const row of rows) addSubject(list, row);
  return list;
}

export async function replaceProcessPermissions(
  db: Db,
  organizationId: string,
  processId: string,
  list: SubjectList,
  now: string,
): Promise<void> {
  await db
    .deleteFrom('process_permissions')
    .where('organization_id', '=', organizationId)
    .where('process_id', '=', processId)
    .execute();
  const values = rowsOf(list)
    .filter((r) => r.subject_type !== 'guest')
    .map((r) => ({
      organization_id: organizationId,
      process_id: processId,
      subject_type: r.subject_type as 'user' | 'group' | 'role',
      subject_id: r.subject_id,
      created_at: now,
    }));
  if (values.length) await db.insertInto('process_permissions').values(values).execute();
}

/** The member whose access a filter checks. */
export interface AccessViewer {
  organizationId: string;
  userId: number;
}

type PermissionTable = 'template_permissions' | 'process_permissions';

/**
 * `subject_type/subject_id` of a permission row name the viewer: their id, a group they
 * belong to, or a job title they hold.
 */
function namesViewer(
  // biome-ignore lint/suspicious/noExplicitAny: the same two columns exist on both tables.
  e: ExpressionBuilder<Database, any>,
  table: PermissionTable,
  viewer: AccessViewer,
) {
  const col = (c: string) => `${table}.${c}`;
  return e.or([
    e.and([e(col('subject_type'), '=', 'user'), e(col('subject_id'), '=', String(viewer.userId))]),
    e.and([
      e(col('subject_type'), '=', 'group'),
      e(
        col('subject_id'),
        'in',
        e
          .selectFrom('group_members')
          .select('group_members.group_id')
          .where('group_members.organization_id', '=', viewer.organizationId)
          .where('group_members.user_id', '=', viewer.userId),
      ),
    ]),
    e.and([
      e(col('subject_type'), '=', 'role'),
      e(
        col('subject_id'),
        'in',
        e
          .selectFrom('role_objects')
          .select('role_objects.job_title_id')
          .where('role_objects.organization_id', '=', viewer.organizationId)
          .where('role_objects.subject_type', '=', 'user')
          .where('role_objects.subject_id', '=', String(viewer.userId)),
      ),
    ]),
  ]);
}

/** Rows of `permission` on the template `templateIdRef` points at (a column reference). */
function templateRows(
  // biome-ignore lint/suspicious/noExplicitAny: used inside any table's where clause.
  eb: ExpressionBuilder<Database, any>,
  organizationId: string,
  templateIdRef: string,
  permissions: readonly TemplatePermission[],
) {
  return eb
    .selectFrom('template_permissions')
    .select('template_permissions.template_id')
    .where('template_permissions.organization_id', '=', organizationId)
    .whereRef('template_permissions.template_id', '=', templateIdRef)
    .where('template_permissions.permission', 'in', permissions);
}

/**
 * The template `templateIdRef` (e.g. `'templates.id'`) is readable by the viewer: its read
 * list is not set or admits them, or its edit or launch list names them. Admins need no
 * filter. Reused by every list that shows templates (templates, titles, search, includes).
 */
export function templateReadableBy(
  // biome-ignore lint/suspicious/noExplicitAny: used inside any table's where clause.
  eb: ExpressionBuilder<Database, any>,
  viewer: AccessViewer,
  templateIdRef = 'templates.id',
) {
  const org = viewer.organizationId;
  return eb.or([
    eb.not(eb.exists(templateRows(eb, org, templateIdRef, ['read']))),
    eb.exists(
      templateRows(eb, org, templateIdRef, ['read', 'edit', 'launch']).where((w) =>
        namesViewer(w, 'template_permissions', viewer),
      ),
    ),
  ]);
}

/**
 * The process (`processes.*` in scope) is readable by a standard member: they launched or
 * own it, own one of its tasks, or its read list admits them. Its read list is its own
 * when set, else its template's `process_read` list; neither set admits every member.
 */
export function processReadableBy(eb: ExpressionBuilder<Database, 'processes'>, viewer: AccessViewer) {
  const org = viewer.organizationId;
  const ownRows = () =>
    eb
      .selectFrom('process_permissions')
      .select('process_permissions.process_id')
      .where('process_permissions.organization_id', '=', org)
      .whereRef('process_permissions.process_id', '=', 'processes.id');
  const templateList = () => templateRows(eb, org, 'processes.template_id', ['process_read']);
  const admitted = eb.or([
    eb.and([eb.not(eb.exists(ownRows())), eb.not(eb.exists(templateList()))]),
    eb.exists(ownRows().where((w) => namesViewer(w, 'process_permissions', viewer))),
    eb.and([
      eb.not(eb.exists(ownRows())),
      eb.exists(templateList().where((w) => namesViewer(w, 'template_permissions', viewer))),
    ]),
  ]);
  return eb.or([
    admitted,
    eb('processes.started_by', '=', viewer.userId),
    eb('processes.owner_id', '=', viewer.userId),
    eb.exists(
      eb
        .selectFrom('task_owners')
        .innerJoin('tasks', 'tasks.id', 'task_owners.task_id')
        .select('task_owners.task_id')
        .where('task_owners.organization_id', '=', org)
        .where('task_owners.kind', '=', 'user')
        .where('task_owners.owner_id', '=', String(viewer.userId))
        .whereRef('tasks.process_id', '=', 'processes.id'),
    ),
  ]);
}

/**
 * The task (`tasks.*` in scope) is one a standard member may see in a list: a one-off task
 * outside any process, a task of a process they may read (`processReadableBy`), or a task
 * assigned to them directly or through one of their groups.
 */
export function taskReadableBy(eb: ExpressionBuilder<Database, 'tasks'>, viewer: AccessViewer) {
  const org = viewer.organizationId;
  return eb.or([
    eb('tasks.process_id', 'is', null),
    eb.exists(
      eb
        .selectFrom('processes')
        .select('processes.id')
        .where('processes.organization_id', '=', org)
        .whereRef('processes.id', '=', 'tasks.process_id')
        .where((p) => processReadableBy(p as unknown as ExpressionBuilder<Database, 'processes'>, viewer)),
    ),
    eb.exists(
      eb
        .selectFrom('task_owners')
        .select('task_owners.task_id')
        .where('task_owners.organization_id', '=', org)
        .whereRef('task_owners.task_id', '=', 'tasks.id')
        .where((o) =>
          o.or([
            o.and([
              o('task_owners.kind', '=', 'user'),
              o('task_owners.owner_id', '=', String(viewer.userId)),
            ]),
            o.and([
              o('task_owners.kind', '=', 'group'),
              o(
                'task_owners.owner_id',
                'in',
                o
                  .selectFrom('group_members')
                  .select('group_members.group_id')
                  .where('group_members.organization_id', '=', org)
                  .where('group_members.user_id', '=', viewer.userId),
              ),
            ]),
          ]),
        ),
    ),
  ]);
}

// Compiled once (see precompiled.ts): every task request asks it for its caller.
const scopeOfUser = precompile(
  (db: Db, organizationId: string, userId: number, subjectId: string) =>
    db
      .selectFrom('group_members')
      .select([sql<string>`'group'`.as('kind'), 'group_id as id'])
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId)
      .unionAll(
        db
          .selectFrom('role_objects')
          .innerJoin('job_titles', 'job_titles.id', 'role_objects.job_title_id')
          .select([sql<string>`'job_title'`.as('kind'), 'role_objects.job_title_id as id'])
          .where('role_objects.organization_id', '=', organizationId)
          .where('role_objects.subject_type', '=', 'user')
          .where('role_objects.subject_id', '=', subjectId)
          .where('job_titles.deleted_at', 'is', null),
      ),
  3,
);

/** The groups a member belongs to and the job titles they hold, in one statement. */
export async function findScopeOfUser(
  db: Db,
  organizationId: string,
  userId: number,
): Promise<{ groupIds: string[]; jobTitleIds: string[] }> {
  const rows = await scopeOfUser(db, organizationId, userId, String(userId));
  const groupIds: string[] = [];
  const jobTitleIds: string[] = [];
  for (const row of rows) (row.kind === 'group' ? groupIds : jobTitleIds).push(row.id);
  return { groupIds, jobTitleIds };
}
