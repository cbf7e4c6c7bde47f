/**
 * Saved views of the process list and the template list: each member keeps their own.
 * Criteria arrive already checked against the list's filters (see saved-views.inputs.ts);
 * another member's view answers VIEW_NOT_FOUND, as if it did not exist.
 */
import {
  countViewsOf,
  deleteView,
  findViewOf,
  findViewsOf,
  insertView,
  saveView,
  type ViewOwner,
} from '../../db/repositories/saved-views-repository.js';
import { notFound, rejected } from '../../domain/errors.js';
import { type Page, type PageRequest, pageWindow, toPage } from '../../domain/pagination.js';
import { assertCan } from '../../domain/policy.js';
import {
  MAX_VIEWS_PER_LIST,
  type SavedView,
  type SavedViewInput,
  type ViewListKind,
} from '../../domain/saved-views.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';

const viewNotFound = () => notFound('VIEW_NOT_FOUND', 'View');

function ownerOf(actor: MemberActor, listKind: ViewListKind): ViewOwner {
  assertCan(actor, 'view.manage');
  return { organizationId: actor.organizationId, userId: actor.userId, listKind };
}

/** The member's views of one list, oldest first. */
export async function listSavedViews(
  ctx: AppContext,
  actor: MemberActor,
  listKind: ViewListKind,
  page: PageRequest,
): Promise<Page<SavedView>> {
  const owner = ownerOf(actor, listKind);
  const [items, total] = await Promise.all([
    findViewsOf(ctx.db.kysely, owner, pageWindow(page)),
    countViewsOf(ctx.db.kysely, owner),
  ]);
  return toPage(page, items, total);
}

export async function getSavedView(
  ctx: AppContext,
  actor: MemberActor,
  listKind: ViewListKind,
  id: number,
): Promise<SavedView> {
  const view = await findViewOf(ctx.db.kysely, ownerOf(actor, listKind), id);
  if (!view) throw viewNotFound();
  return view;
}

/** Saves a new view; a member keeps at most MAX_VIEWS_PER_LIST per list. */
export async function createSavedView(
  ctx: AppContext,
  actor: MemberActor,
  listKind: ViewListKind,
  input: SavedViewInput & { name: string },
): Promise<SavedView> {
  const owner = ownerOf(actor, listKind);
  return inTransaction(ctx, async (tx) => {
    if ((await countViewsOf(tx.db.kysely, owner)) >= MAX_VIEWS_PER_LIST)
      throw rejected('TOO_MANY_VIEWS', `A member can keep at most ${MAX_VIEWS_PER_LIST} views of a list.`);
    return insertView(
      tx.db.kysely,
      owner,
      {
        name: input.name,
        filterType: input.filterType ?? 'all',
        isActive: input.isActive ?? true,
        isOrgLevel: input.isOrgLevel ?? false,
        criteria: input.criteria ?? [],
      },
      nowIso(tx),
    );
  });
}

/** Changes what the input names; the rest of the view stays as it was. */
export async function updateSavedView(
  ctx: AppContext,
  actor: MemberActor,
  listKind: ViewListKind,
  id: number,
  input: SavedViewInput,
): Promise<SavedView> {
  const owner = ownerOf(actor, listKind);
  return inTransaction(ctx, async (tx) => {
    const view = await findViewOf(tx.db.kysely, owner, id);
    if (!view) throw viewNotFound();
    const changed: SavedView = {
      ...view,
      name: input.name ?? view.name,
      filterType: input.filterType ?? view.filterType,
      isActive: input.isActive ?? view.isActive,
      isOrgLevel: input.isOrgLevel ?? view.isOrgLevel,
      criteria: input.criteria ?? view.criteria,
    };
    return saveView(tx.db.kysely, owner, changed, nowIso(tx));
  });
}

/** Deletes one of the member's views; answers it as it was. */
export async function deleteSavedView(
  ctx: AppContext,
  actor: MemberActor,
  listKind: ViewListKind,
  id: number,
): Promise<SavedView> {
  const owner = ownerOf(actor, listKind);
  return inTransaction(ctx, async (tx) => {
    const view = await findViewOf(tx.db.kysely, owner, id);
    if (!view || !(await deleteView(tx.db.kysely, owner, id))) throw viewNotFound();
    return view;
  });
}
