/**
 * Reading and changing who may see, edit and launch a template (its permission lists) and
 * who may read a process (its own list). Changing them is for administrators; reading a
 * template's lists is also for those who may edit it.
 */
import { findGroupsByIds } from '../../db/repositories/groups-repository.js';
import { findJobTitlesByIds } from '../../db/repositories/job-titles-repository.js';
import {
  findProcessPermissions,
  findTemplatePermissions,
  replaceProcessPermissions,
  replaceTemplatePermissions,
} from '../../db/repositories/permissions-repository.js';
import { findProcessById } from '../../db/repositories/processes-repository.js';
import { findTemplateById, findTemplatesByIds } from '../../db/repositories/templates-repository.js';
import { findMembersOfOrganization } from '../../db/repositories/users-repository.js';
import { FieldErrorCollector } from '../../domain/errors.js';
import {
  emptyTemplatePermissions,
  type SubjectList,
  TEMPLATE_PERMISSIONS,
  type TemplatePermissions,
  templateAccessOf,
} from '../../domain/permissions.js';
import { assertCan, can } from '../../domain/policy.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { actorRef, appendEvents, recordActivities } from '../events/record.js';
import { processNotFound } from '../processes/caller.js';
import { getProcess } from '../processes/get-process.js';
import { assertTemplateAccess, legacyLaunchOf, loadMemberScope, templateNotFound } from './access.js';

/** A template's lists, with the id of the template they belong to. */
export interface TemplatePermissionsView {
  templateId: string;
  permissions: TemplatePermissions;
}

export async function getTemplatePermissions(
  ctx: AppContext,
  actor: MemberActor,
  templateId: string,
): Promise<TemplatePermissionsView> {
  const template = await findTemplateById(ctx.db.kysely, actor.organizationId, templateId);
  if (!template) throw templateNotFound();
  await assertTemplateAccess(ctx, actor, template, 'template.edit');
  const lists = await findTemplatePermissions(ctx.db.kysely, actor.organizationId, [template.id]);
  return { templateId: template.id, permissions: lists.get(template.id) ?? emptyTemplatePermissions() };
}

/**
 * The lists of several templates at once (`POST /checklists/permissions`), in two queries;
 * templates the caller may not edit (or that do not exist) are left out.
 */
export async function listTemplatesPermissions(
  ctx: AppContext,
  actor: MemberActor,
  templateIds: readonly string[],
): Promise<TemplatePermissionsView[]> {
  const org = actor.organizationId;
  const ids = [...new Set(templateIds.map((id) => id.toLowerCase()))];
  const [templates, lists, scope] = await Promise.all([
    findTemplatesByIds(ctx.db.kysely, org, ids),
    findTemplatePermissions(ctx.db.kysely, org, ids),
    loadMemberScope(ctx, actor),
  ]);
  const byId = new Map(templates.map((t) => [t.id, t]));
  return ids.flatMap((id) => {
    const template = byId.get(id);
    if (!template) return [];
    const permissions = lists.get(id) ?? emptyTemplatePermissions();
    const context = {
      actorGroupIds: scope.groupIds,
      actorJobTitleIds: scope.jobTitleIds,
      template: templateAccessOf(permissions, { legacyLaunch: legacyLaunchOf(template) }),
    };
    const allowed = can(actor, 'template.read', context) && can(actor, 'template.edit', context);
    return allowed ? [{ templateId: id, permissions }] : [];
  });
}

/**
 * Replaces the lists given (lists left out keep their subjects). Every member, group and
 * job title named must belong to the organization; nothing is stored otherwise.
 */
export async function updateTemplatePermissions(
  ctx: AppContext,
  actor: MemberActor,
  templateId: string,
  input: Partial<TemplatePermissions>,
): Promise<TemplatePermissionsView> {
  assertCan(actor, 'template.manage_permissions');
  return inTransaction(ctx, async (tx) => {
    const org = actor.organizationId;
    const template = await findTemplateById(tx.db.kysely, org, templateId);
    if (!template) throw templateNotFound();
    await checkSubjects(tx, org, input);
    const before = (await findTemplatePermissions(tx.db.kysely, org, [template.id])).get(template.id);
    await replaceTemplatePermissions(tx.db.kysely, org, template.id, input, nowIso(tx));
    const after = (await findTemplatePermissions(tx.db.kysely, org, [template.id])).get(
      template.id,
    ) as TemplatePermissions;
    await recordActivities(tx, org, actorRef(actor), [
      {
        action: 'permissions_updated',
        objectType: 'template',
        objectId: template.id,
        oldValue: before,
        newValue: after,
      },
    ]);
    await appendEvents(tx, org, [
      {
        name: 'template.permissions_updated',
        processId: null,
        taskId: null,
        payload: { checklist_id: template.id, permissions: after },
        actor: actorRef(actor),
      },
    ]);
    return { templateId: template.id, permissions: after };
  });
}

/** A process's own read list (empty: its template's `process_read` list applies). */
export async function getProcessPermissions(
  ctx: AppContext,
  actor: MemberActor,
  processId: string,
): Promise<SubjectList> {
  const process = await getProcess(ctx, actor, processId);
  assertCan(actor, 'process.manage');
  return findProcessPermissions(ctx.db.kysely, actor.organizationId, process.id);
}

export async function updateProcessPermissions(
  ctx: AppContext,
  actor: MemberActor,
  processId: string,
  input: SubjectList,
): Promise<SubjectList> {
  assertCan(actor, 'process.manage_permissions');
  return inTransaction(ctx, async (tx) => {
    const org = actor.organizationId;
    const process = await findProcessById(tx.db.kysely, org, processId);
    if (!process) throw processNotFound();
    await checkSubjects(tx, org, { process_read: input });
    const before = await findProcessPermissions(tx.db.kysely, org, process.id);
    await replaceProcessPermissions(tx.db.kysely, org, process.id, input, nowIso(tx));
    const after = await findProcessPermissions(tx.db.kysely, org, process.id);
    await recordActivities(tx, org, actorRef(actor), [
      {
        action: 'permissions_updated',
        objectType: 'process',
        objectId: process.id,
        oldValue: before,
        newValue: after,
      },
    ]);
    await appendEvents(tx, org, [
      {
        name: 'process.permissions_updated',
        processId: process.id,
        taskId: null,
        payload: { run_id: process.id, process_read: after },
        actor: actorRef(actor),
      },
    ]);
    return after;
  });
}

/** Every member, group and job title the lists name exists in the organization. */
async function checkSubjects(
  ctx: AppContext,
  organizationId: string,
  lists: Partial<TemplatePermissions>,
): Promise<void> {
  const kinds = TEMPLATE_PERMISSIONS.filter((k) => lists[k]);
  const all = (pick: (l: SubjectList) => Array<string | number>) =>
    kinds.flatMap((k) => pick(lists[k] as SubjectList));
  const [members, groups, jobTitles] = await Promise.all([
    findMembersOfOrganization(ctx.db.kysely, organizationId, all((l) => l.users) as number[]),
    findGroupsByIds(ctx.db.kysely, organizationId, all((l) => l.groups) as string[]),
    findJobTitlesByIds(ctx.db.kysely, organizationId, all((l) => l.roles) as string[]),
  ]);
  const errors = new FieldErrorCollector();
  for (const kind of kinds) {
    const list = lists[kind] as SubjectList;
    const wire = WIRE_NAMES[kind];
    const users = list.users.filter((id) => !members.has(id));
    if (users.length) errors.add(wire, `Not members of this organization: ${users.join(', ')}.`);
    const unknownGroups = list.groups.filter((id) => !groups.has(id));
    if (unknownGroups.length) errors.add(`${wire}_group`, `Unknown groups: ${unknownGroups.join(', ')}.`);
    const unknownRoles = list.roles.filter((id) => !jobTitles.has(id));
    if (unknownRoles.length) errors.add(`${wire}_role`, `Unknown job titles: ${unknownRoles.join(', ')}.`);
  }
  errors.throwIfAny();
}

/** The wire key of each list (its `_group`, `_role` and `_guest` variants add a suffix). */
export const WIRE_NAMES = {
  edit: 'checklist_edit',
  read: 'checklist_read',
  launch: 'process_launch',
  process_read: 'process_read',
  duplicate: 'checklist_duplicate',
} as const;
