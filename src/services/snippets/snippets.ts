/**
 * Snippets (the wire's text templates): administrators write them, every member reads them
 * and may mark them for themselves, administrators share them with guests. Their content
 * is what `{{snippet:ID}}` in a summary expands to (see summaries.ts).
 */
import { findGuestsByIds } from '../../db/repositories/guests-repository.js';
import {
  deleteSnippetGuestLink,
  deleteSnippetRow,
  deleteSnippetUserLink,
  findExistingSnippetIds,
  findSnippetById,
  findSnippetGuestLink,
  findSnippetUserLink,
  insertSnippet,
  insertSnippetGuestLink,
  insertSnippetUserLink,
  listSnippetGuestLinks,
  listSnippets,
  listSnippetUserLinks,
  type SnippetSort,
  updateSnippetRow,
} from '../../db/repositories/snippets-repository.js';
import { findMember } from '../../db/repositories/users-repository.js';
import { notFound } from '../../domain/errors.js';
import { type Page, type PageRequest, pageWindow, toPage } from '../../domain/pagination.js';
import { assertCan, can } from '../../domain/policy.js';
import {
  type Snippet,
  type SnippetFields,
  type SnippetGuestLink,
  type SnippetUserLink,
  validateSnippetFields,
  validateSnippetLinkType,
} from '../../domain/snippets.js';
import { type AppContext, type GuestActor, inTransaction, type MemberActor, nowIso } from '../context.js';
import { type ActorRef, actorRef, appendEvents, recordActivities } from '../events/record.js';
import { guestNotFound, memberNotFound } from '../people/access.js';

export const snippetNotFound = () => notFound('SNIPPET_NOT_FOUND', 'Text template');
const linkNotFound = () => notFound('SNIPPET_LINK_NOT_FOUND', 'Text template link');

export interface SnippetListInput {
  q?: string | undefined;
  sort: SnippetSort;
}

/** A snippet and, when asked for, its member marks and guest shares. */
export interface SnippetView {
  snippet: Snippet;
  userLinks?: SnippetUserLink[] | undefined;
  guestLinks?: SnippetGuestLink[] | undefined;
}

export async function listOrganizationSnippets(
  ctx: AppContext,
  actor: MemberActor,
  input: SnippetListInput,
  page: PageRequest,
): Promise<Page<Snippet>> {
  assertCan(actor, 'snippet.read');
  const { items, total } = await listSnippets(ctx.db.kysely, actor.organizationId, {
    q: input.q?.trim() || undefined,
    sort: input.sort,
    ...pageWindow(page),
  });
  return toPage(page, items, total);
}

/**
 * One snippet. `with=textTemplateUser` adds the members' marks (an administrator sees
 * everyone's, a member their own), `with=textTemplateGuests` the guests it is shared with
 * (administrators only; others get an empty list).
 */
export async function getSnippet(
  ctx: AppContext,
  actor: MemberActor,
  id: number,
  include: { userLinks: boolean; guestLinks: boolean },
): Promise<SnippetView> {
  assertCan(actor, 'snippet.read');
  const db = ctx.db.kysely;
  const org = actor.organizationId;
  const snippet = await findSnippetById(db, org, id);
  if (!snippet) throw snippetNotFound();
  const manages = can(actor, 'snippet.manage');
  const userLinks = include.userLinks
    ? (await listSnippetUserLinks(db, org, id)).filter((l) => manages || l.userId === actor.userId)
    : undefined;
  const guestLinks = include.guestLinks
    ? manages
      ? await listSnippetGuestLinks(db, org, id)
      : []
    : undefined;
  return { snippet, userLinks, guestLinks };
}

export async function createSnippet(
  ctx: AppContext,
  actor: MemberActor,
  input: SnippetFields,
): Promise<Snippet> {
  assertCan(actor, 'snippet.manage');
  const fields = validateSnippetFields(input, { title: true });
  return inTransaction(ctx, async (tx) => {
    const now = nowIso(tx);
    const values: Omit<Snippet, 'id'> = {
      organizationId: actor.organizationId,
      title: fields.title as string,
      content: fields.content ?? '',
      isPublic: fields.isPublic ?? false,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    const snippet: Snippet = { ...values, id: await insertSnippet(tx.db.kysely, values) };
    await recordSnippet(tx, actorRef(actor), snippet, 'created', { newValue: valuesOf(snippet) });
    return snippet;
  });
}

export async function updateSnippet(
  ctx: AppContext,
  actor: MemberActor,
  id: number,
  input: SnippetFields,
): Promise<Snippet> {
  assertCan(actor, 'snippet.manage');
  const fields = validateSnippetFields(input, { title: false });
  return inTransaction(ctx, async (tx) => {
    const before = await findSnippetById(tx.db.kysely, actor.organizationId, id);
    if (!before) throw snippetNotFound();
    const now = nowIso(tx);
    await updateSnippetRow(tx.db.kysely, actor.organizationId, id, fields, now);
    const after: Snippet = { ...before, ...definedOf(fields), updatedAt: now };
    await recordSnippet(tx, actorRef(actor), after, 'updated', {
      oldValue: valuesOf(before),
      newValue: valuesOf(after),
    });
    return after;
  });
}

/** Deletes a snippet; summaries referencing it keep the reference as written. */
export async function deleteSnippet(ctx: AppContext, actor: MemberActor, id: number): Promise<void> {
  assertCan(actor, 'snippet.manage');
  await inTransaction(ctx, async (tx) => {
    const snippet = await findSnippetById(tx.db.kysely, actor.organizationId, id);
    if (!snippet) throw snippetNotFound();
    await deleteSnippetRow(tx.db.kysely, actor.organizationId, id);
    await recordSnippet(tx, actorRef(actor), snippet, 'deleted', { oldValue: valuesOf(snippet) });
  });
}

/** Id → whether it is a snippet of the organization, for each id asked about. */
export async function checkSnippetsExist(
  ctx: AppContext,
  actor: MemberActor,
  ids: readonly number[],
): Promise<Map<number, boolean>> {
  assertCan(actor, 'snippet.read');
  const existing = await findExistingSnippetIds(ctx.db.kysely, actor.organizationId, ids);
  return new Map(ids.map((id) => [id, existing.has(id)]));
}

/**
 * A member's mark of the given type on a snippet (their own; administrators for anyone).
 * Marking again answers the existing mark (`created: false`).
 */
export async function markSnippetForMember(
  ctx: AppContext,
  actor: MemberActor,
  target: { userId: number; snippetId: number; type: string | undefined },
): Promise<{ link: SnippetUserLink; created: boolean }> {
  assertCan(actor, 'snippet.mark', { isSelf: target.userId === actor.userId });
  const type = validateSnippetLinkType(target.type);
  return inTransaction(ctx, async (tx) => {
    const db = tx.db.kysely;
    const org = actor.organizationId;
    if (!(await findMember(db, org, target.userId))) throw memberNotFound();
    if (!(await findSnippetById(db, org, target.snippetId))) throw snippetNotFound();
    const key = { snippetId: target.snippetId, userId: target.userId, type };
    const existing = await findSnippetUserLink(db, org, key);
    if (existing) return { link: existing, created: false };
    const now = nowIso(tx);
    const values = { organizationId: org, ...key, createdAt: now, updatedAt: now };
    const link: SnippetUserLink = { ...values, id: await insertSnippetUserLink(db, values) };
    await recordLink(tx, actor, target.snippetId, 'marked', { newValue: { user_id: target.userId, type } });
    return { link, created: true };
  });
}

export async function unmarkSnippetForMember(
  ctx: AppContext,
  actor: MemberActor,
  target: { userId: number; snippetId: number; type: string | undefined },
): Promise<void> {
  assertCan(actor, 'snippet.mark', { isSelf: target.userId === actor.userId });
  const type = validateSnippetLinkType(target.type);
  await inTransaction(ctx, async (tx) => {
    const org = actor.organizationId;
    const key = { snippetId: target.snippetId, userId: target.userId, type };
    const link = await findSnippetUserLink(tx.db.kysely, org, key);
    if (!link) throw linkNotFound();
    await deleteSnippetUserLink(tx.db.kysely, org, link.id);
    await recordLink(tx, actor, target.snippetId, 'unmarked', { oldValue: { user_id: target.userId, type } });
  });
}

/** Shares a snippet with a guest, who may then read it through their guest code; administrators. */
export async function shareSnippetWithGuest(
  ctx: AppContext,
  actor: MemberActor,
  target: { guestId: number; snippetId: number },
): Promise<{ link: SnippetGuestLink; created: boolean }> {
  assertCan(actor, 'snippet.manage');
  return inTransaction(ctx, async (tx) => {
    const db = tx.db.kysely;
    const org = actor.organizationId;
    if (!(await findGuestsByIds(db, org, [target.guestId])).has(target.guestId)) throw guestNotFound();
    if (!(await findSnippetById(db, org, target.snippetId))) throw snippetNotFound();
    const existing = await findSnippetGuestLink(db, org, target);
    if (existing) return { link: existing, created: false };
    const now = nowIso(tx);
    const values = { organizationId: org, ...target, createdAt: now, updatedAt: now };
    const link: SnippetGuestLink = { ...values, id: await insertSnippetGuestLink(db, values) };
    await recordLink(tx, actor, target.snippetId, 'shared', { newValue: { guest_id: target.guestId } });
    return { link, created: true };
  });
}

export async function unshareSnippetWithGuest(
  ctx: AppContext,
  actor: MemberActor,
  target: { guestId: number; snippetId: number },
): Promise<void> {
  assertCan(actor, 'snippet.manage');
  await inTransaction(ctx, async (tx) => {
    const org = actor.organizationId;
    const link = await findSnippetGuestLink(tx.db.kysely, org, target);
    if (!link) throw linkNotFound();
    await deleteSnippetGuestLink(tx.db.kysely, org, link.id);
    await recordLink(tx, actor, target.snippetId, 'unshared', { oldValue: { guest_id: target.guestId } });
  });
}

/** A snippet shared with the guest; any other id is not found. */
export async function getGuestSnippet(ctx: AppContext, guest: GuestActor, id: number): Promise<Snippet> {
  const db = ctx.db.kysely;
  const snippet = await findSnippetById(db, guest.organizationId, id);
  const shared =
    !!snippet &&
    !!(await findSnippetGuestLink(db, guest.organizationId, { snippetId: id, guestId: guest.guestId }));
  if (!snippet || !can(guest, 'snippet.read', { isSharedWithGuest: shared })) throw snippetNotFound();
  return snippet;
}

/** A snippet its administrators made visible in public templates, read without a token. */
export async function getPublicSnippet(
  ctx: AppContext,
  organizationId: string,
  id: number,
): Promise<Snippet> {
  const snippet = await findSnippetById(ctx.db.kysely, organizationId, id);
  if (!snippet?.isPublic) throw snippetNotFound();
  return snippet;
}

const valuesOf = (s: Snippet) => ({ title: s.title, template: s.content, is_public: s.isPublic });

function definedOf(fields: SnippetFields): Partial<Snippet> {
  return {
    ...(fields.title !== undefined ? { title: fields.title } : {}),
    ...(fields.content !== undefined ? { content: fields.content } : {}),
    ...(fields.isPublic !== undefined ? { isPublic: fields.isPublic } : {}),
  };
}

/** The event body of a snippet change (webhook subscribers receive it). */
export function snippetEventPayload(snippet: Snippet) {
  return {
    text_template: {
      id: snippet.id,
      title: snippet.title,
      created_at: snippet.createdAt,
      updated_at: snippet.updatedAt,
    },
  };
}

async function recordSnippet(
  tx: AppContext,
  actor: ActorRef,
  snippet: Snippet,
  verb: 'created' | 'updated' | 'deleted',
  values: { oldValue?: unknown; newValue?: unknown },
): Promise<void> {
  await recordActivities(tx, snippet.organizationId, actor, [
    { action: verb, objectType: 'text_template', objectId: String(snippet.id), ...values },
  ]);
  await appendEvents(tx, snippet.organizationId, [
    {
      name: `text_template.${verb}`,
      processId: null,
      taskId: null,
      payload: snippetEventPayload(snippet),
      actor,
    },
  ]);
}

async function recordLink(
  tx: AppContext,
  actor: MemberActor,
  snippetId: number,
  verb: 'marked' | 'unmarked' | 'shared' | 'unshared',
  values: { oldValue?: unknown; newValue?: unknown },
): Promise<void> {
  await recordActivities(tx, actor.organizationId, actorRef(actor), [
    { action: verb, objectType: 'text_template', objectId: String(snippetId), ...values },
  ]);
}
