/**
 * Text search over `search_documents` (migration 0870): FTS5 on SQLite, a `tsvector` GIN
 * index on PostgreSQL. Every query intersects the words with the scope token of one
 * organization and kind inside the text index, then keeps what the viewer may see by
 * joining the matched documents to their source rows. Each word is a prefix match, all
 * words must match (in the title or the body); results are ranked title hits first
 * (BM25 / ts_rank), newest document first among equals.
 */
import { expressionBuilder, type RawBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import { dialectOf, type SqlDialect, toInt } from '../dialect.js';
import type { Database } from '../schema.js';
import {
  type AccessViewer,
  processReadableBy,
  taskReadableBy,
  templateReadableBy,
} from './permissions-repository.js';

/** The answer groups; a group reads documents of one or more kinds. */
export type SearchGroup = 'task' | 'process' | 'template' | 'snippet';

/** Who is looking: light members see only their own tasks and processes. */
export interface SearchViewer {
  userId: number;
  /** Only what this member is assigned (directly or through these groups) or launched. */
  ownOnly: boolean;
  groupIds: readonly string[];
  /** Only the processes (and their tasks) the permission lists let this member read. */
  processLists?: AccessViewer | undefined;
  /** Only the templates the permission lists let this member read. */
  templateLists?: AccessViewer | undefined;
}

export interface SearchQuery {
  organizationId: string;
  /** Lowercased words of letters and digits (see `searchWords`). */
  words: readonly string[];
  viewer: SearchViewer;
  /** Archived objects too (`withTrashed=true`). */
  includeArchived: boolean;
  /** Tasks only: `completed` or open (`active`). */
  taskStatus?: 'completed' | 'active' | undefined;
  /** Tasks only: tasks of these processes / steps (the `checklists/search/tasks` body). */
  processTemplateId?: string | undefined;
  stepId?: string | undefined;
}

export interface SearchHit {
  id: string;
  /** The task's process (task hits), else null. */
  parentId: string | null;
}

/** The kinds of document each group reads; adding a searchable kind adds its entry here. */
const GROUP_KINDS: Record<SearchGroup, readonly string[]> = {
  task: ['task'],
  process: ['process'],
  template: ['template', 'step'],
  snippet: ['snippet'],
};

/**
 * The words of a search text: runs of letters and digits, lowercased, at most `max` of
 * them, each at most 64 characters. Anything else (quotes, operators) is a separator, so
 * user text can never form query syntax.
 */
export function searchWords(text: string, max = 8): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.map((w) => w.slice(0, 64)))].slice(0, max);
}

function matchCondition(dialect: SqlDialect, q: SearchQuery, group: SearchGroup): RawBuilder<unknown> {
  const scopes = GROUP_KINDS[group].map((kind) => `${kind}${q.organizationId.toLowerCase()}`);
  if (dialect === 'sqlite') {
    const scope = scopes.map((s) => `"${s}"`).join(' OR ');
    const words = q.words.map((w) => `"${w}"*`).join(' AND ');
    return sql`search_fts match ${`scope : (${scope}) AND {title body} : (${words})`}`;
  }
  return sql`d.document @@ to_tsquery('simple', ${tsQuery(scopes, q.words)})`;
}

function tsQuery(scopes: readonly string[], words: readonly string[]): string {
  const scope = scopes.map((s) => `'${s}':D`).join(' | ');
  return `(${scope}) & ${words.map((w) => `'${w}':*AB`).join(' & ')}`;
}

/** Lower is better on both databases. */
function scoreOf(dialect: SqlDialect, q: SearchQuery, group: SearchGroup): RawBuilder<number> {
  if (dialect === 'sqlite') return sql<number>`bm25(search_fts, 0.0, 10.0, 1.0)`;
  const scopes = GROUP_KINDS[group].map((kind) => `${kind}${q.organizationId.toLowerCase()}`);
  return sql<number>`-ts_rank(d.document, to_tsquery('simple', ${tsQuery(scopes, q.words)}))`;
}

function fromDocuments(dialect: SqlDialect): RawBuilder<unknown> {
  return dialect === 'sqlite'
    ? sql`search_fts join search_documents d on d.id = search_fts.rowid`
    : sql`search_documents d`;
}

/** Tasks assigned to the viewer directly or through one of their groups. */
function ownTask(q: SearchQuery, task: string): RawBuilder<unknown> {
  const groups = q.viewer.groupIds.length
    ? sql`or (o.kind = 'group' and o.owner_id in (${sql.join([...q.viewer.groupIds])}))`
    : sql``;
  return sql`exists (select 1 from task_owners o where o.organization_id = ${q.organizationId}
    and o.task_id = ${sql.ref(task)}
    and ((o.kind = 'user' and o.owner_id = ${String(q.viewer.userId)}) ${groups}))`;
}

/** The permission-list filters of permissions-repository.ts, on the aliased source rows. */
/** (Kysely puts a sub-query in parentheses itself: `exists ${sub}` reads `exists (select …)`.) */
function readableTask(viewer: AccessViewer): RawBuilder<unknown> {
  const readable = expressionBuilder<Database, never>()
    .selectFrom('tasks')
    .select('tasks.id')
    .where('tasks.organization_id', '=', viewer.organizationId)
    .where(sql<boolean>`tasks.id = t.id`)
    .where((eb) => taskReadableBy(eb, viewer));
  return sql`exists ${readable}`;
}

function readableProcess(viewer: AccessViewer): RawBuilder<unknown> {
  const readable = expressionBuilder<Database, never>()
    .selectFrom('processes')
    .select('processes.id')
    .where('processes.organization_id', '=', viewer.organizationId)
    .where(sql<boolean>`processes.id = p.id`)
    .where((eb) => processReadableBy(eb, viewer));
  return sql`exists ${readable}`;
}

const readableTemplate = (viewer: AccessViewer): RawBuilder<unknown> =>
  sql`${templateReadableBy(expressionBuilder<Database, never>(), viewer, 'tt.id')}`;

/** What the viewer may see of each group, on the joined source row. */
function visibility(q: SearchQuery, group: SearchGroup): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (group === 'task') {
    parts.push(sql`t.status <> 'auto-skipped'`);
    if (!q.includeArchived) parts.push(sql`t.archived_at is null`);
    if (q.taskStatus === 'completed') parts.push(sql`t.status = 'completed'`);
    if (q.taskStatus === 'active') parts.push(sql`t.status in ('not-started', 'in-progress')`);
    if (q.processTemplateId) parts.push(sql`t.template_id = ${q.processTemplateId}`);
    if (q.stepId) parts.push(sql`t.step_id = ${q.stepId}`);
    if (q.viewer.ownOnly) parts.push(ownTask(q, 't.id'));
    if (q.viewer.processLists) parts.push(readableTask(q.viewer.processLists));
  }
  if (group === 'process') {
    if (!q.includeArchived) parts.push(sql`p.archived_at is null`);
    if (q.viewer.ownOnly) {
      const me = q.viewer.userId;
      parts.push(sql`(p.owner_id = ${me} or p.started_by = ${me} or exists (
        select 1 from tasks pt where pt.organization_id = ${q.organizationId}
        and pt.process_id = p.id and ${ownTask(q, 'pt.id')}))`);
    }
    if (q.viewer.processLists) parts.push(readableProcess(q.viewer.processLists));
  }
  if (group === 'template' && !q.includeArchived) parts.push(sql`tt.archived_at is null`);
  if (group === 'template' && q.viewer.templateLists) parts.push(readableTemplate(q.viewer.templateLists));
  return parts.length ? sql`and ${sql.join(parts, sql` and `)}` : sql``;
}

function sourceJoin(q: SearchQuery, group: SearchGroup): RawBuilder<unknown> {
  const org = q.organizationId;
  if (group === 'task') return sql`join tasks t on t.id = d.subject_id and t.organization_id = ${org}`;
  if (group === 'process') return sql`join processes p on p.id = d.subject_id and p.organization_id = ${org}`;
  // Snippet ids are integers; the document keeps them as text.
  if (group === 'snippet')
    return sql`join snippets sn on cast(sn.id as text) = d.subject_id and sn.organization_id = ${org}`;
  return sql`join templates tt on tt.organization_id = ${org}
    and tt.id = case when d.kind = 'step' then d.parent_id else d.subject_id end`;
}

/** The matched object's id: a step hit answers its template. */
const subjectOf = (group: SearchGroup) => (group === 'template' ? sql.raw('tt.id') : sql.raw('d.subject_id'));

/** One page of one group's hits, best first, and how many there are in all (one query). */
export async function searchGroup(
  db: Db,
  q: SearchQuery,
  group: SearchGroup,
  window: { offset: number; limit: number },
): Promise<{ hits: SearchHit[]; total: number }> {
  if (q.words.length === 0) return { hits: [], total: 0 };
  const dialect = dialectOf(db);
  const from = sql`from ${fromDocuments(dialect)} ${sourceJoin(q, group)}
    where ${matchCondition(dialect, q, group)} and d.organization_id = ${q.organizationId}
    ${visibility(q, group)}`;
  const subject = subjectOf(group);
  const matched = sql`select ${subject} as id, d.parent_id as parent_id,
    ${scoreOf(dialect, q, group)} as score, d.id as doc ${from}`;
  // The total comes with the page (a window count over every match), so the text index is
  // read once. A template matched by its title and by steps appears once, at its best score;
  // its matches are materialized first, as SQLite computes BM25 only in the full-text query.
  type Row = { id: string; parent_id: string | null; total: number | string };
  const rows =
    group === 'template'
      ? await sql<Row>`
          with m as materialized (${matched})
          select id, min(parent_id) as parent_id, count(*) over () as total from m group by id
          order by min(score), max(doc) desc
          limit ${window.limit} offset ${window.offset}`.execute(db)
      : await sql<Row>`
          select id, parent_id, count(*) over () as total from (${matched}) r
          order by score, doc desc
          limit ${window.limit} offset ${window.offset}`.execute(db);
  let total = toInt(rows.rows[0]?.total);
  if (rows.rows.length === 0 && window.offset > 0) {
    // Past the last page: the total still answers how many there are.
    const counted = group === 'template' ? sql`count(distinct ${subject})` : sql`count(*)`;
    const count = await sql<{ n: number | string }>`select ${counted} as n ${from}`.execute(db);
    total = toInt(count.rows[0]?.n);
  }
  return {
    hits: rows.rows.map((r) => ({ id: r.id, parentId: group === 'task' ? r.parent_id : null })),
    total,
  };
}
