import {
  findProcessPermissions,
  findScopeOfUser,
  findTemplatePermissions,
} from '../../db/repositories/permissions-repository.js';
import { findTemplateById } from '../../db/repositories/templates-repository.js';
import { notFound } from '../../domain/errors.js';
import { emptyTemplatePermissions, type SubjectList, templateAccessOf } from '../../domain/permissions.js';
import { type Action, assertCan, can, type PolicyContext, passesEveryList } from '../../domain/policy.js';
import type { Template } from '../../domain/templates/template.js';
import type { AppContext, MemberActor } from '../context.js';

/** What may name a member on a permission list: their groups and job titles. */
export interface MemberScope {
  groupIds: string[];
  jobTitleIds: string[];
}

export async function loadMemberScope(ctx: AppContext, actor: MemberActor): Promise<MemberScope> {
  return findScopeOfUser(ctx.db.kysely, actor.organizationId, actor.userId);
}

/** The template's launcher list kept on its row (`users`, `groups`), when it names anyone. */
export function legacyLaunchOf(template: Pick<Template, 'users' | 'groups'>) {
  return template.users.length || template.groups.length
    ? { users: template.users, groups: template.groups }
    : null;
}

/** The policy context of a template (and, for a process of it, the process's own list). */
export async function templatePolicyContext(
  ctx: AppContext,
  actor: MemberActor,
  template: Pick<Template, 'id' | 'users' | 'groups'> | undefined,
  processRead?: SubjectList,
): Promise<PolicyContext> {
  const [scope, lists] = await Promise.all([
    loadMemberScope(ctx, actor),
    template
      ? findTemplatePermissions(ctx.db.kysely, actor.organizationId, [template.id])
      : Promise.resolve(new Map()),
  ]);
  const permissions = (template && lists.get(template.id)) ?? emptyTemplatePermissions();
  return {
    actorGroupIds: scope.groupIds,
    actorJobTitleIds: scope.jobTitleIds,
    template: templateAccessOf(permissions, {
      legacyLaunch: template ? legacyLaunchOf(template) : null,
      processRead,
    }),
  };
}

export const templateNotFound = () => notFound('TEMPLATE_NOT_FOUND', 'Template');

/** Neither reading the template nor `action` on it can be refused by its lists (no need to load them). */
const listsCannotRefuse = (actor: MemberActor, action: Action) =>
  passesEveryList(actor, 'template.read') && passesEveryList(actor, action);

/**
 * Refuses what the template's permission lists do not allow: a member who may not read it
 * is told it does not exist (404); one who may read it but not do `action`, 403 with the
 * policy's code. Admins are never refused.
 */
export async function assertTemplateAccess(
  ctx: AppContext,
  actor: MemberActor,
  template: Pick<Template, 'id' | 'users' | 'groups'>,
  action: Action,
): Promise<void> {
  if (listsCannotRefuse(actor, action)) return;
  const context = await templatePolicyContext(ctx, actor, template);
  if (!can(actor, 'template.read', context)) throw templateNotFound();
  if (action !== 'template.read') assertCan(actor, action, context);
}

/** As `assertTemplateAccess`, by template id (a template that is gone is not checked here). */
export async function assertTemplateAccessById(
  ctx: AppContext,
  actor: MemberActor,
  templateId: string,
  action: Action,
): Promise<void> {
  if (listsCannotRefuse(actor, action)) return;
  const template = await findTemplateById(ctx.db.kysely, actor.organizationId, templateId);
  if (template) await assertTemplateAccess(ctx, actor, template, action);
}

/**
 * The policy context of a process: its template's lists, with the process's own read list
 * in place of the template's `process_read` when it has one.
 */
export async function processPolicyContext(
  ctx: AppContext,
  actor: MemberActor,
  process: { id: string; templateId: string | null },
): Promise<PolicyContext> {
  const [own, template] = await Promise.all([
    findProcessPermissions(ctx.db.kysely, actor.organizationId, process.id),
    process.templateId
      ? findTemplateById(ctx.db.kysely, actor.organizationId, process.templateId)
      : Promise.resolve(undefined),
  ]);
  return templatePolicyContext(ctx, actor, template, own);
}
