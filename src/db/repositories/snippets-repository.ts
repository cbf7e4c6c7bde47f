/** Snippets (text templates) of one organization and their member and guest links; every query is scoped by it. */
import type { Selectable } from 'kysely';
import type { Snippet, SnippetGuestLink, SnippetUserLink } from '../../domain/snippets.js';
import type { Db } from '../database.js';
import { dialectOf, toBool, toInt } from '../dialect.js';
import type { SnippetGuestsTable, SnippetsTable, SnippetUsersTable } from '../tables/snippets.js';
import { matchesText } from './people-search.js';

export function toSnippet(row: Selectable<SnippetsTable>): Snippet {
  return {
    id: row.id,
    organizationId: row.organization_id,
    title: row.title,
    content: row.content,
    isPublic: toBool(row.is_public),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toUserLink(row: Selectable<SnippetUsersTable>): SnippetUserLink {
  return {
    id: row.id,
    organizationId: row.organization_id,
    snippetId: row.snippet_id,
    userId: row.user_id,
    type: row.type,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toGuestLink(row: Selectable<SnippetGuestsTable>): SnippetGuestLink {
  return {
    id: row.id,
    organizationId: row.organization_id,
    snippetId: row.snippet_id,
    guestId: row.guest_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findSnippetById(
  db: Db,
  organizationId: string,
  id: number,
): Promise<Snippet | undefined> {
  const row = await db
    .selectFrom('snippets')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toSnippet(row) : undefined;
}

/** Snippets by id in one query; ids of other organizations are absent. */
export async function findSnippetsByIds(
  db: Db,
  organizationId: string,
  ids: readonly number[],
): Promise<Map<number, Snippet>> {
  const result = new Map<number, Snippet>();
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom('snippets')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const row of rows) result.set(row.id, toSnippet(row));
  return result;
}

/** Id → content of the snippets referenced, in one query (what summaries expand to). */
export async function findSnippetContents(
  db: Db,
  organizationId: string,
  ids: readonly number[],
): Promise<Map<number, string>> {
  const result = new Map<number, string>();
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom('snippets')
    .select(['id', 'content'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const row of rows) result.set(row.id, row.content);
  return result;
}

export async function insertSnippet(db: Db, snippet: Omit<Snippet, 'id'>): Promise<number> {
  const row = await db
    .insertInto('snippets')
    .values({
      organization_id: snippet.organizationId,
      title: snippet.title,
      content: snippet.content,
      is_public: snippet.isPublic,
      created_by: snippet.createdBy,
      created_at: snippet.createdAt,
      updated_at: snippet.updatedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSnippetRow(
  db: Db,
  organizationId: string,
  id: number,
  changes: { title?: string; content?: string; isPublic?: boolean },
  now: string,
): Promise<void> {
  await db
    .updateTable('snippets')
    .set({
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.content !== undefined ? { content: changes.content } : {}),
      ...(changes.isPublic !== undefined ? { is_public: changes.isPublic } : {}),
      updated_at: now,
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/** Deletes the snippet; its member and guest links go with it (foreign keys cascade). */
export async function deleteSnippetRow(db: Db, organizationId: string, id: number): Promise<void> {
  await db
    .deleteFrom('snippets')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

export const SNIPPET_SORTS = ['title', 'created_at', 'updated_at'] as const;
export type SnippetSort = { field: (typeof SNIPPET_SORTS)[number]; direction: 'asc' | 'desc' };

export interface SnippetListFilter {
  /** Part of the title, any case. */
  q?: string | undefined;
  sort: SnippetSort;
  offset: number;
  limit: number | undefined;
}

/** A page of the organization's snippets with the total; ties broken by id. */
export async function listSnippets(
  db: Db,
  organizationId: string,
  filter: SnippetListFilter,
): Promise<{ items: Snippet[]; total: number }> {
  let base = db.selectFrom('snippets').where('snippets.organization_id', '=', organizationId);
  if (filter.q) base = base.where(matchesText(dialectOf(db), ['snippets.title'], filter.q));
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const { field, direction } = filter.sort;
  let query = base
    .selectAll('snippets')
    .orderBy(`snippets.${field}`, direction)
    .orderBy('snippets.id', direction);
  if (filter.limit !== undefined) query = query.limit(filter.limit).offset(filter.offset);
  return { items: (await query.execute()).map(toSnippet), total: toInt(count?.n) };
}

/** Which of the ids are snippets of the organization. */
export async function findExistingSnippetIds(
  db: Db,
  organizationId: string,
  ids: readonly number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('snippets')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function findSnippetUserLink(
  db: Db,
  organizationId: string,
  key: { snippetId: number; userId: number; type: string },
): Promise<SnippetUserLink | undefined> {
  const row = await db
    .selectFrom('snippet_users')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('snippet_id', '=', key.snippetId)
    .where('user_id', '=', key.userId)
    .where('type', '=', key.type)
    .executeTakeFirst();
  return row ? toUserLink(row) : undefined;
}

export async function insertSnippetUserLink(db: Db, link: Omit<SnippetUserLink, 'id'>): Promise<number> {
  const row = await db
    .insertInto('snippet_users')
    .values({
      organization_id: link.organizationId,
      snippet_id: link.snippetId,
      user_id: link.userId,
      type: link.type,
      created_at: link.createdAt,
      updated_at: link.updatedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteSnippetUserLink(db: Db, organizationId: string, id: number): Promise<void> {
  await db
    .deleteFrom('snippet_users')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/** The member links of a snippet (`with=textTemplateUser`), oldest first. */
export async function listSnippetUserLinks(
  db: Db,
  organizationId: string,
  snippetId: number,
): Promise<SnippetUserLink[]> {
  const rows = await db
    .selectFrom('snippet_users')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('snippet_id', '=', snippetId)
    .orderBy('id')
    .execute();
  return rows.map(toUserLink);
}

export async function findSnippetGuestLink(
  db: Db,
  organizationId: string,
  key: { snippetId: number; guestId: number },
): Promise<SnippetGuestLink | undefined> {
  const row = await db
    .selectFrom('snippet_guests')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('snippet_id', '=', key.snippetId)
    .where('guest_id', '=', key.guestId)
    .executeTakeFirst();
  return row ? toGuestLink(row) : undefined;
}

export async function insertSnippetGuestLink(db: Db, link: Omit<SnippetGuestLink, 'id'>): Promise<number> {
  const row = await db
    .insertInto('snippet_guests')
    .values({
      organization_id: link.organizationId,
      snippet_id: link.snippetId,
      guest_id: link.guestId,
      created_at: link.createdAt,
      updated_at: link.updatedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteSnippetGuestLink(db: Db, organizationId: string, id: number): Promise<void> {
  await db
    .deleteFrom('snippet_guests')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/** The guest links of a snippet (`with=textTemplateGuests`), oldest first. */
export async function listSnippetGuestLinks(
  db: Db,
  organizationId: string,
  snippetId: number,
): Promise<SnippetGuestLink[]> {
  const rows = await db
    .selectFrom('snippet_guests')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('snippet_id', '=', snippetId)
    .orderBy('id')
    .execute();
  return rows.map(toGuestLink);
}
