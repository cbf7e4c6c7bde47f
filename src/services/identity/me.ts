import {
  countActiveMembers,
  listOrganizationsOfUser,
} from '../../db/repositories/organizations-repository.js';
import { findUserById } from '../../db/repositories/users-repository.js';
import { notFound } from '../../domain/errors.js';
import type { User } from '../../domain/identity.js';
import { type Page, type PageRequest, pageWindow, toPage } from '../../domain/pagination.js';
import type { AppContext, Principal } from '../context.js';
import type { OrganizationView } from './organizations.js';

export async function getCurrentUser(ctx: AppContext, principal: Principal): Promise<User> {
  const user = await findUserById(ctx.db.kysely, principal.userId);
  if (!user) throw notFound('USER_NOT_FOUND', 'User');
  return user;
}

export async function listMyOrganizations(
  ctx: AppContext,
  principal: Principal,
  page: PageRequest,
  q: string | undefined,
): Promise<Page<OrganizationView>> {
  const { items, total } = await listOrganizationsOfUser(ctx.db.kysely, principal.userId, {
    ...pageWindow(page),
    q,
  });
  const counts = await countActiveMembers(
    ctx.db.kysely,
    items.map((o) => o.id),
  );
  return toPage(
    page,
    items.map((organization) => ({ organization, usersCount: counts.get(organization.id) ?? 0 })),
    total,
  );
}
