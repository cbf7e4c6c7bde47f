import {
  listProcesses as listProcessRows,
  PROCESS_SORTS,
  type ProcessListQuery,
  type ProcessSort,
} from '../../db/repositories/process-lists-repository.js';
import { FieldErrorCollector } from '../../domain/errors.js';
import { isHexId } from '../../domain/ids.js';
import { isIntegerId } from '../../domain/limits.js';
import { type Page, type PageRequest, pageWindow, parseSort, toPage } from '../../domain/pagination.js';
import { can, passesEveryList } from '../../domain/policy.js';
import type { Process } from '../../domain/processes/process.js';
import type { AppContext, MemberActor } from '../context.js';
import { expandFolderTree } from '../folders/folders.js';

/** The process list filters (wire names). */
export interface ProcessListParams {
  q?: string | undefined;
  status?: string | undefined;
  archived?: string | undefined;
  checklist_id?: string | undefined;
  blueprint_id?: string | undefined;
  owners?: string | undefined;
  groups?: string | undefined;
  tag?: string | undefined;
  tag_ids?: string | undefined;
  folder?: string | undefined;
  entire_folder_tree?: boolean | undefined;
  untagged?: boolean | undefined;
  starred?: boolean | undefined;
  type?: string | undefined;
  sort?: string | undefined;
  sort_by?: string | undefined;
}

const STATUS_GROUPS: Record<string, NonNullable<ProcessListQuery['statuses']>[number]> = {
  active: 'active',
  'in-progress': 'active',
  problem: 'problem',
  issue: 'problem',
  complete: 'complete',
  completed: 'complete',
  archived: 'archived',
  delayed: 'delayed',
  overdue: 'delayed',
  starred: 'starred',
};

const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

function buildQuery(organizationId: string, p: ProcessListParams, now: Date): ProcessListQuery {
  const errors = new FieldErrorCollector();
  const statuses = list(p.status).filter((s) => s !== 'all');
  const unknown = statuses.filter((s) => !STATUS_GROUPS[s]);
  if (unknown.length) errors.add('status', `Unknown status: ${unknown.join(', ')}.`);
  const groups = statuses.flatMap((s) => STATUS_GROUPS[s] ?? []);
  const owners = list(p.owners).map(Number);
  if (owners.some((n) => !isIntegerId(n))) errors.add('owners', 'The owners must be member ids.');
  const templates = list(p.checklist_id ?? p.blueprint_id).map((id) => id.toLowerCase());
  if (templates.some((id) => !isHexId(id)))
    errors.add('checklist_id', 'The checklist_id must be a template id.');
  if (p.archived !== undefined && !['only', 'true', 'false'].includes(p.archived)) {
    errors.add('archived', 'The archived filter must be true, false or only.');
  }
  errors.throwIfAny();
  const archived =
    groups.includes('archived') || p.archived === 'true'
      ? 'include'
      : p.archived === 'only'
        ? 'only'
        : 'exclude';
  return {
    organizationId,
    now: now.toISOString(),
    archived,
    ...(groups.length ? { statuses: groups } : {}),
    ...(p.q?.trim() ? { q: p.q.trim() } : {}),
    ...(templates.length ? { templateIds: templates } : {}),
    ...(owners.length ? { people: owners } : {}),
    ...(list(p.groups).length ? { groups: list(p.groups) } : {}),
    ...(list(p.tag ?? p.tag_ids).length ? { tags: list(p.tag ?? p.tag_ids) } : {}),
    ...(list(p.folder).length ? { folders: list(p.folder) } : {}),
    ...(p.untagged ? { untagged: true } : {}),
    ...(p.starred !== undefined ? { starred: p.starred } : {}),
    ...(p.type ? { type: p.type } : {}),
  };
}

/**
 * The organization's processes (`GET /runs`): search, status groups, template, people,
 * tags, folders, sort (newest first by default) and pages. Light members see only the
 * processes they launched or have a task in; standard members also those whose read list
 * (the process's own, else its template's) admits them.
 */
export async function listProcesses(
  ctx: AppContext,
  actor: MemberActor,
  params: ProcessListParams,
  page: PageRequest,
): Promise<Page<Process>> {
  const query = buildQuery(actor.organizationId, params, ctx.clock.now());
  // Who may not see every process sees those they take part in; those the permission lists
  // can refuse also see the ones the lists admit them to.
  if (!can(actor, 'process.see')) query.people = [actor.userId];
  else if (!passesEveryList(actor, 'process.read'))
    query.readableBy = { organizationId: actor.organizationId, userId: actor.userId };
  query.viewerId = actor.userId;
  if (query.folders && params.entire_folder_tree) {
    query.folders = await expandFolderTree(ctx, actor.organizationId, 'run', query.folders);
  }
  const sort = parseSort(params.sort ?? params.sort_by, PROCESS_SORTS, {
    field: 'created_at',
    direction: 'desc',
  });
  if (!sort) {
    const errors = new FieldErrorCollector();
    errors.add('sort', `The sort must be one of ${PROCESS_SORTS.join(', ')} (a leading - sorts descending).`);
    errors.throwIfAny();
  }
  const { items, total } = await listProcessRows(ctx.db.kysely, query, sort as ProcessSort, pageWindow(page));
  return toPage(page, items, total);
}
