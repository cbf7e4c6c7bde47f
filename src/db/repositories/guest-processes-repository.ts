/**
 * The processes a guest takes part in: those holding at least one task the guest can work
 * (assigned to their e-mail or one of their groups, admitting guest owners, neither hidden
 * nor archived). Members' process lists live in process-lists-repository.
 */
import { type ExpressionBuilder, sql } from 'kysely';
import type { Process } from '../../domain/processes/process.js';
import type { Db } from '../database.js';
import { dialectOf, likeOperator, likePattern, type SqlDialect, toInt } from '../dialect.js';
import type { Database } from '../schema.js';
import { toProcess } from './processes-repository.js';

export interface GuestProcessQuery {
  organizationId: string;
  /** The guest's lowercased e-mail and the groups they belong to. */
  email: string;
  groupIds: readonly string[];
  /** Process name contains this text. */
  q?: string;
  /** Only this process (to check that the guest may see it). */
  processId?: string;
}

export const GUEST_PROCESS_SORTS = ['created_at', 'name', 'due_date'] as const;
export type GuestProcessSort = { field: (typeof GUEST_PROCESS_SORTS)[number]; direction: 'asc' | 'desc' };

function conditions(eb: ExpressionBuilder<Database, 'processes'>, q: GuestProcessQuery, dialect: SqlDialect) {
  const org = q.organizationId;
  const owned = eb
    .selectFrom('task_owners')
    .select('task_owners.task_id')
    .where('task_owners.organization_id', '=', org)
    .where((o) =>
      o.or([
        o.and([o('task_owners.kind', '=', 'guest'), o('task_owners.owner_id', '=', q.email)]),
        ...(q.groupIds.length
          ? [o.and([o('task_owners.kind', '=', 'group'), o('task_owners.owner_id', 'in', [...q.groupIds])])]
          : []),
      ]),
    );
  const withGuestTask = eb
    .selectFrom('tasks')
    .select('tasks.process_id')
    .where('tasks.organization_id', '=', org)
    .where('tasks.process_id', 'is not', null)
    .where('tasks.archived_at', 'is', null)
    .where('tasks.allow_guest_owners', '=', true)
    .where('tasks.status', '!=', 'auto-skipped')
    .where('tasks.id', 'in', owned)
    .$narrowType<{ process_id: string }>();
  const parts = [
    eb('processes.organization_id', '=', org),
    eb('processes.archived_at', 'is', null),
    eb('processes.id', 'in', withGuestTask),
  ];
  if (q.processId !== undefined) parts.push(eb('processes.id', '=', q.processId));
  if (q.q) parts.push(eb('processes.name', likeOperator(dialect), likePattern(q.q)));
  return eb.and(parts);
}

/** One page of the guest's processes and the total (two queries). */
export async function listProcessesOfGuest(
  db: Db,
  query: GuestProcessQuery,
  sort: GuestProcessSort,
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
