/**
 * Search (`GET /search`, `POST /checklists/search/tasks`): tasks, processes, templates
 * (titles, names, summaries and step titles) and snippets (titles and content) through the
 * text index, each group paged on its own. What the caller may not see is never matched: light members see only tasks
 * assigned to them and processes they launched, own or have a task in (as the lists do);
 * guests cannot search.
 */
import { findGroupIdsOfUser } from '../../db/repositories/groups-repository.js';
import { findProcessesByIds } from '../../db/repositories/processes-repository.js';
import {
  type SearchGroup,
  type SearchHit,
  type SearchQuery,
  searchGroup,
  searchWords,
} from '../../db/repositories/search-repository.js';
import { findSnippetsByIds } from '../../db/repositories/snippets-repository.js';
import { findTasksByIds } from '../../db/repositories/tasks-repository.js';
import { findTemplatesByIds } from '../../db/repositories/templates-repository.js';
import { invalidFields } from '../../domain/errors.js';
import { type Page, type PageRequest, pageWindow, toPage } from '../../domain/pagination.js';
import { assertCan, can, passesEveryList } from '../../domain/policy.js';
import type { Snippet } from '../../domain/snippets.js';
import type { AppContext, MemberActor } from '../context.js';
import { loadTemplateViews, type TemplateView } from '../templates/template-views.js';
import { loadProcessViews, type ProcessView } from '../views/process-views.js';
import { loadTaskViews, type TaskView } from '../views/task-views.js';

/** What a group answers. */
export type SearchKind = SearchGroup;

export interface SearchInput {
  text: string;
  /** The groups asked for, each under the wire name it was asked by (`blueprint`, `template`). */
  groups: ReadonlyArray<{ key: string; kind: SearchKind }>;
  page: PageRequest;
  includeArchived: boolean;
  taskStatus?: 'completed' | 'active' | undefined;
  /** `with=` relations of the hits (tasks and processes: their usual ones; templates: `steps`). */
  requested: ReadonlySet<string>;
}

export type SearchGroupResult =
  | { key: string; kind: 'task'; page: Page<TaskView> }
  | { key: string; kind: 'process'; page: Page<ProcessView> }
  | { key: string; kind: 'template'; page: Page<TemplateView> }
  | { key: string; kind: 'snippet'; page: Page<Snippet> };

export const SEARCH_TEXT_MIN = 1;
export const SEARCH_TEXT_MAX = 200;

async function baseQuery(ctx: AppContext, actor: MemberActor, text: string, field: string) {
  assertCan(actor, 'search.run');
  const words = searchWords(text);
  if (words.length === 0) {
    throw invalidFields('VALIDATION_FAILED', { [field]: ['The search needs at least one letter or digit.'] });
  }
  // Who may not see every task sees their own; the permission lists filter the rest.
  const ownOnly = !can(actor, 'task.see');
  const groupIds = ownOnly ? await findGroupIdsOfUser(ctx.db.kysely, actor.organizationId, actor.userId) : [];
  const me = { organizationId: actor.organizationId, userId: actor.userId };
  const viewer = {
    userId: actor.userId,
    ownOnly,
    groupIds,
    processLists: ownOnly || passesEveryList(actor, 'process.read') ? undefined : me,
    templateLists: passesEveryList(actor, 'template.read') ? undefined : me,
  };
  return { organizationId: actor.organizationId, words, viewer };
}

/** Each asked group's page of hits, best match first (one query per group, plus loading). */
export async function search(
  ctx: AppContext,
  actor: MemberActor,
  input: SearchInput,
): Promise<SearchGroupResult[]> {
  const base = await baseQuery(ctx, actor, input.text, 'search');
  const query: SearchQuery = {
    ...base,
    includeArchived: input.includeArchived,
    taskStatus: input.taskStatus,
  };
  const window = pageWindow(input.page);
  const limit = window.limit ?? 100;
  return Promise.all(
    input.groups.map(async ({ key, kind }): Promise<SearchGroupResult> => {
      const { hits, total } = await searchGroup(ctx.db.kysely, query, kind, { offset: window.offset, limit });
      return loadGroup(ctx, actor.organizationId, { key, kind, hits, total }, input);
    }),
  );
}

function inHitOrder<T extends { id: string }>(hits: readonly SearchHit[], items: readonly T[]): T[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  return hits.flatMap((h) => byId.get(h.id) ?? []);
}

async function loadGroup(
  ctx: AppContext,
  org: string,
  found: { key: string; kind: SearchGroup; hits: SearchHit[]; total: number },
  input: SearchInput,
): Promise<SearchGroupResult> {
  const db = ctx.db.kysely;
  const { key, hits, total } = found;
  const ids = hits.map((h) => h.id);
  const requested = input.requested;
  if (found.kind === 'task') {
    const tasks = inHitOrder(hits, await findTasksByIds(db, org, ids));
    const processIds = [...new Set(tasks.flatMap((t) => t.processId ?? []))];
    const processes = await findProcessesByIds(db, org, processIds);
    const views = await loadTaskViews(ctx, org, tasks, { requested, processes });
    return { key, kind: 'task', page: toPage(input.page, views, total) };
  }
  if (found.kind === 'snippet') {
    const byId = await findSnippetsByIds(db, org, ids.map(Number));
    const snippets = hits.flatMap((h) => byId.get(Number(h.id)) ?? []);
    return { key, kind: 'snippet', page: toPage(input.page, snippets, total) };
  }
  if (found.kind === 'process') {
    const processes = inHitOrder(hits, [...(await findProcessesByIds(db, org, ids)).values()]);
    const views = await loadProcessViews(ctx, org, processes, { requested });
    return { key, kind: 'process', page: toPage(input.page, views, total) };
  }
  const templates = inHitOrder(hits, await findTemplatesByIds(db, org, ids));
  const views = await loadTemplateViews(ctx, org, templates, { withSteps: requested.has('steps') });
  return { key, kind: 'template', page: toPage(input.page, views, total) };
}

/** `POST /checklists/search/tasks`: tasks of one template (and step) matching the text. */
export interface TaskSearchInput {
  text: string;
  templateId?: string | undefined;
  stepId?: string | undefined;
}

export const TASK_SEARCH_LIMIT = 100;

/** Up to 100 matching tasks, best first, as `{taskId, processId}` pairs. */
export async function searchTemplateTasks(
  ctx: AppContext,
  actor: MemberActor,
  input: TaskSearchInput,
): Promise<Array<{ taskId: string; processId: string | null }>> {
  const base = await baseQuery(ctx, actor, input.text, 'search');
  const query: SearchQuery = {
    ...base,
    includeArchived: false,
    processTemplateId: input.templateId,
    stepId: input.stepId,
  };
  const { hits } = await searchGroup(ctx.db.kysely, query, 'task', { offset: 0, limit: TASK_SEARCH_LIMIT });
  return hits.map((h) => ({ taskId: h.id, processId: h.parentId }));
}
