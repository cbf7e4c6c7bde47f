/** Filtered, sorted, paged process lists (`GET /runs`). */
import { type ExpressionBuilder, type ExpressionWrapper, type SqlBool, sql } from 'kysely';
import type { Process } from '../../domain/processes/process.js';
import type { Db } from '../database.js';
import { dialectOf, likeOperator, likePattern, type SqlDialect, toInt } from '../dialect.js';
import type { Database } from '../schema.js';
import { favoriteSubjects } from './favorites-repository.js';
import { subjectsInFolders } from './folder-objects-repository.js';
import { type AccessViewer, processReadableBy } from './permissions-repository.js';
import { toProcess } from './processes-repository.js';
import { taggedSubjects } from './tag-links-repository.js';

export interface ProcessListQuery {
  organizationId: string;
  q?: string;
  /** Any of these groups. */
  statuses?: Array<'active' | 'problem' | 'complete' | 'archived' | 'delayed' | 'starred'>;
  archived: 'exclude' | 'include' | 'only';
  templateIds?: string[];
  /** Owner, launcher or task assignee. */
  people?: number[];
  groups?: string[];
  tags?: string[];
  folders?: string[];
  untagged?: boolean;
  starred?: boolean;
  /** Only processes this standard member may read (participation or read lists). */
  readableBy?: AccessViewer;
  /** The member listing: `starred` also means the processes they starred. */
  viewerId?: number;
  type?: string;
  /** For `delayed`: the current time. */
  now: string;
}

export const PROCESS_SORTS = [
  'created_at',
  'name',
  'last_updated',
  'due_date',
  'started_at',
  'completed_at',
] as const;
export type ProcessSort = { field: (typeof PROCESS_SORTS)[number]; direction: 'asc' | 'desc' };

type Eb = ExpressionBuilder<Database, 'processes'>;
type Condition = ExpressionWrapper<Database, 'processes', SqlBool>;

function jsonHasAny(eb: Eb, column: 'groups', ids: readonly string[]): Condition {
  return eb.or(
    ids.map((id) => eb(sql`cast(${sql.ref(`processes.${column}`)} as text)`, 'like', `%"${id}"%`)),
  );
}

/** Starred for the whole process (launch flag) or by the member listing (a favorite). */
function starredCondition(eb: Eb, q: ProcessListQuery, starred: boolean): Condition {
  const flagged = eb('processes.starred', '=', true);
  const either =
    q.viewerId === undefined
      ? flagged
      : eb.or([
          flagged,
          eb('processes.id', 'in', favoriteSubjects(eb, q.organizationId, q.viewerId, 'process')),
        ]);
  return starred ? either : eb.not(either);
}

function hasOpenTaskWhere(
  eb: Eb,
  extra: (
    t: ExpressionBuilder<Database, 'tasks'>,
  ) => Condition | ExpressionWrapper<Database, 'tasks', SqlBool>,
) {
  return eb.exists(
    eb
      .selectFrom('tasks')
      .select('tasks.id')
      .whereRef('tasks.process_id', '=', 'processes.id')
      .where('tasks.archived_at', 'is', null)
      .where((t) => extra(t) as ExpressionWrapper<Database, 'tasks', SqlBool>),
  );
}

function statusGroup(
  eb: Eb,
  status: NonNullable<ProcessListQuery['statuses']>[number],
  q: ProcessListQuery,
): Condition {
  const now = q.now;
  switch (status) {
    case 'archived':
      return eb('processes.archived_at', 'is not', null);
    case 'starred':
      return starredCondition(eb, q, true);
    case 'delayed':
      return eb.and([
        eb('processes.status', '!=', 'complete'),
        hasOpenTaskWhere(eb, (t) =>
          t.and([t('tasks.status', 'in', ['not-started', 'in-progress']), t('tasks.deadline', '<', now)]),
        ),
      ]);
    default:
      return eb('processes.status', '=', status);
  }
}

function conditions(eb: Eb, q: ProcessListQuery, dialect: SqlDialect): Condition {
  const parts: Condition[] = [eb('processes.organization_id', '=', q.organizationId)];
  if (q.archived === 'exclude') parts.push(eb('processes.archived_at', 'is', null));
  if (q.archived === 'only') parts.push(eb('processes.archived_at', 'is not', null));
  if (q.statuses?.length) parts.push(eb.or(q.statuses.map((s) => statusGroup(eb, s, q))));
  if (q.q) parts.push(eb('processes.name', likeOperator(dialect), likePattern(q.q)));
  if (q.templateIds?.length) parts.push(eb('processes.template_id', 'in', q.templateIds));
  if (q.type) parts.push(eb('processes.type', '=', q.type));
  if (q.starred !== undefined) parts.push(starredCondition(eb, q, q.starred));
  if (q.tags?.length)
    parts.push(eb('processes.id', 'in', taggedSubjects(eb, q.organizationId, 'process', q.tags)));
  if (q.folders?.length) {
    parts.push(eb('processes.id', 'in', subjectsInFolders(eb, q.organizationId, 'process', q.folders)));
  }
  if (q.untagged) {
    parts.push(eb('processes.id', 'not in', taggedSubjects(eb, q.organizationId, 'process', undefined)));
  }
  if (q.people?.length) {
    const ids = q.people.map(String);
    parts.push(
      eb.or([
        eb('processes.owner_id', 'in', q.people),
        eb('processes.started_by', 'in', q.people),
        eb(
          'processes.id',
          'in',
          eb
            .selectFrom('task_owners')
            .innerJoin('tasks', 'tasks.id', 'task_owners.task_id')
            .select('tasks.process_id')
            .where('task_owners.organization_id', '=', q.organizationId)
            .where('task_owners.kind', '=', 'user')
            .where('task_owners.owner_id', 'in', ids)
            .where('tasks.process_id', 'is not', null)
            .$narrowType<{ process_id: string }>(),
        ),
      ]),
    );
  }
  if (q.groups?.length) parts.push(jsonHasAny(eb, 'groups', q.groups));
  if (q.readableBy) parts.push(processReadableBy(eb, q.readableBy));
  return eb.and(parts);
}

/** One page of processes and the total matching (two queries). */
export async function listProcesses(
  db: Db,
  query: ProcessListQuery,
  sort: ProcessSort,
  page: { offset: number; limit: number | undefined },
): Promise<{ items: Process[]; total: number }> {
  const dialect = dialectOf(db);
  const count = await db
    .selectFrom('processes')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => conditions(eb, query, dialect))
    .executeTakeFirst();
  let select = db
    .selectFrom('processes')
    .selectAll()
    .where((eb) => conditions(eb, query, dialect))
    .orderBy(sql`(case when ${sql.ref(`processes.${sort.field}`)} is null then 1 else 0 end)`)
    .orderBy(`processes.${sort.field}`, sort.direction)
    .orderBy('processes.increment_id', 'desc');
  if (page.limit !== undefined) select = select.limit(page.limit).offset(page.offset);
  return { items: (await select.execute()).map(toProcess), total: toInt(count?.n) };
}
