import type { Selectable } from 'kysely';
import type { TemplateType } from '../../domain/templates/definition.js';
import type { Template, TemplateStatus } from '../../domain/templates/template.js';
import type { Db } from '../database.js';
import {
  dialectOf,
  fromJson,
  likeOperator,
  likePattern,
  lockForUpdate,
  type SqlDialect,
  toBool,
  toInt,
  toJson,
} from '../dialect.js';
import type { TemplatesTable } from '../tables/templates.js';
import { favoriteSubjects } from './favorites-repository.js';
import { type AccessViewer, templateReadableBy } from './permissions-repository.js';
import { taggedSubjects } from './tag-links-repository.js';

function toTemplate(row: Selectable<TemplatesTable>): Template {
  return {
    id: row.id,
    organizationId: row.organization_id,
    title: row.title,
    alias: row.alias,
    type: row.type as TemplateType,
    summary: row.summary,
    guidance: row.guidance,
    webhook: row.webhook,
    kickoffTitle: row.kickoff_title,
    kickoffDescription: row.kickoff_description,
    defaultProcessNameFormat: row.default_process_name_format,
    autoNaming: toBool(row.auto_naming),
    canAddOneOffTasks: toBool(row.can_add_oot),
    settings: fromJson<Record<string, unknown>>(row.settings, {}),
    status: row.status as TemplateStatus,
    folderId: row.folder_id,
    ownerId: row.owner_id,
    createdBy: row.created_by,
    lastUpdatedBy: row.last_updated_by,
    users: fromJson<number[]>(row.users, []),
    groups: fromJson<string[]>(row.groups, []),
    version: row.version,
    publishedVersion: row.published_version,
    isPinned: toBool(row.is_pinned),
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    lastUpdated: row.last_updated,
  };
}

function toRow(t: Template) {
  return {
    title: t.title,
    alias: t.alias,
    type: t.type,
    summary: t.summary,
    guidance: t.guidance,
    webhook: t.webhook,
    kickoff_title: t.kickoffTitle,
    kickoff_description: t.kickoffDescription,
    default_process_name_format: t.defaultProcessNameFormat,
    auto_naming: t.autoNaming,
    can_add_oot: t.canAddOneOffTasks,
    settings: toJson(t.settings),
    status: t.status,
    folder_id: t.folderId,
    owner_id: t.ownerId,
    created_by: t.createdBy,
    last_updated_by: t.lastUpdatedBy,
    users: toJson(t.users),
    groups: toJson(t.groups),
    version: t.version,
    published_version: t.publishedVersion,
    archived_at: t.archivedAt,
    last_updated: t.lastUpdated,
  };
}

export async function insertTemplate(db: Db, template: Template): Promise<void> {
  await db
    .insertInto('templates')
    .values({
      ...toRow(template),
      id: template.id,
      organization_id: template.organizationId,
      created_at: template.createdAt,
    })
    .execute();
}

/** Writes every editable column of the template row. */
export async function saveTemplate(db: Db, template: Template): Promise<void> {
  await db
    .updateTable('templates')
    .set(toRow(template))
    .where('organization_id', '=', template.organizationId)
    .where('id', '=', template.id)
    .execute();
}

export async function findTemplateById(
  db: Db,
  organizationId: string,
  id: string,
): Promise<Template | undefined> {
  const row = await db
    .selectFrom('templates')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toTemplate(row) : undefined;
}

/** Templates (archived ones too) by id, in one query; ids of other organizations are absent. */
export async function findTemplatesByIds(
  db: Db,
  organizationId: string,
  ids: readonly string[],
): Promise<Template[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('templates')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return rows.map(toTemplate);
}

/** The template row, locked until the transaction ends so versions are numbered one at a time. */
export async function findTemplateForUpdate(
  db: Db,
  organizationId: string,
  id: string,
): Promise<Template | undefined> {
  const dialect = dialectOf(db);
  const query = db
    .selectFrom('templates')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id);
  const row = await lockForUpdate(query, dialect).executeTakeFirst();
  return row ? toTemplate(row) : undefined;
}

export interface TemplateListFilter {
  q?: string | undefined;
  status?: string | undefined;
  type?: string | undefined;
  folderIds?: string[] | undefined;
  ownerId?: number | undefined;
  tagIds?: string[] | undefined;
  untagged?: boolean | undefined;
  /** Starred (or not) by this member. */
  starredBy?: { userId: number; starred: boolean } | undefined;
  archived: 'exclude' | 'include' | 'only';
  /** Only templates this member may read (their permission lists); absent for admins. */
  readableBy?: AccessViewer | undefined;
}

export const TEMPLATE_SORT_FIELDS = ['title', 'created_at', 'last_updated', 'updated'] as const;
export type TemplateSortField = (typeof TEMPLATE_SORT_FIELDS)[number];

function filteredTemplates(db: Db, dialect: SqlDialect, organizationId: string, filter: TemplateListFilter) {
  let query = db.selectFrom('templates').where('organization_id', '=', organizationId);
  if (filter.archived === 'exclude') query = query.where('archived_at', 'is', null);
  if (filter.archived === 'only') query = query.where('archived_at', 'is not', null);
  if (filter.q) query = query.where('title', likeOperator(dialect), likePattern(filter.q));
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.type) query = query.where('type', '=', filter.type);
  if (filter.folderIds?.length) query = query.where('folder_id', 'in', filter.folderIds);
  if (filter.ownerId !== undefined) query = query.where('owner_id', '=', filter.ownerId);
  if (filter.tagIds?.length) {
    query = query.where('id', 'in', (eb) => taggedSubjects(eb, organizationId, 'template', filter.tagIds));
  }
  if (filter.starredBy) {
    const { userId, starred } = filter.starredBy;
    query = query.where('id', starred ? 'in' : 'not in', (eb) =>
      favoriteSubjects(eb, organizationId, userId, 'template'),
    );
  }
  if (filter.untagged) {
    query = query.where('id', 'not in', (eb) => taggedSubjects(eb, organizationId, 'template', undefined));
  }
  const reader = filter.readableBy;
  if (reader) query = query.where((eb) => templateReadableBy(eb, reader));
  return query;
}

/** One page of templates and the total matching the filter. */
export async function listTemplates(
  db: Db,
  organizationId: string,
  filter: TemplateListFilter,
  sort: { field: TemplateSortField; direction: 'asc' | 'desc'; pinnedFirst?: boolean },
  window: { offset: number; limit: number | undefined },
): Promise<{ items: Template[]; total: number }> {
  const dialect = dialectOf(db);
  const base = filteredTemplates(db, dialect, organizationId, filter);
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const column = sort.field === 'updated' ? 'last_updated' : sort.field;
  let query = base.selectAll();
  if (sort.pinnedFirst) query = query.orderBy('is_pinned', 'desc');
  query = query.orderBy(column, sort.direction).orderBy('id', 'asc');
  if (window.limit !== undefined) query = query.limit(window.limit).offset(window.offset);
  const rows = await query.execute();
  return { items: rows.map(toTemplate), total: toInt(count?.n) };
}

/** Pins or unpins a template (not a content change: no new version). */
export async function setTemplatePinned(
  db: Db,
  organizationId: string,
  id: string,
  pinned: boolean,
): Promise<void> {
  await db
    .updateTable('templates')
    .set({ is_pinned: pinned })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/** Which of `ids` name a template of the organization not archived (one query). */
export async function findExistingTemplateIds(
  db: Db,
  organizationId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('templates')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(ids)])
    .where('archived_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Every template's id and title (the light `checklists-list`), archived ones left out. */
export async function listTemplateTitles(
  db: Db,
  organizationId: string,
  q: string | undefined,
  readableBy?: AccessViewer,
): Promise<Array<{ id: string; title: string }>> {
  const dialect = dialectOf(db);
  let query = db
    .selectFrom('templates')
    .select(['id', 'title'])
    .where('organization_id', '=', organizationId)
    .where('archived_at', 'is', null);
  if (q) query = query.where('title', likeOperator(dialect), likePattern(q));
  if (readableBy) query = query.where((eb) => templateReadableBy(eb, readableBy));
  return query.orderBy('title').orderBy('id').execute();
}

/** Removes the template; steps, fields and rules go with it (versions stay for processes). */
export async function deleteTemplate(db: Db, organizationId: string, id: string): Promise<void> {
  await db
    .deleteFrom('templates')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}
