/**
 * Member, group and job-title ids a template refers to (who may launch it, its owner, step
 * assignees and job titles, rule assignments) must be of the template's organization. New
 * templates and edits are refused with field paths; imports and clones drop the ids the
 * organization does not have.
 */
import { findJobTitlesByIds } from '../../db/repositories/job-titles-repository.js';
import { findGroupIds, findMemberIds } from '../../db/repositories/template-references-repository.js';
import type { FieldErrorCollector } from '../../domain/errors.js';
import { stepJobTitleIds } from '../../domain/job-titles.js';
import type { TemplateContent, TemplateStep } from '../../domain/templates/template.js';
import type { AppContext } from '../context.js';

export interface Reference<T> {
  id: T;
  path: string;
}

export interface References {
  users: Array<Reference<number>>;
  groups: Array<Reference<string>>;
  /** Job titles (a step's `roles`), as sent. */
  roles: Array<Reference<string>>;
}

export const noReferences = (): References => ({ users: [], groups: [], roles: [] });

/** Adds member (`users`) or group ids found under `path` (`users`, `steps.0.assignees`, …). */
export function addReferences(into: References, kind: 'users', ids: readonly number[], path: string): void;
export function addReferences(into: References, kind: 'groups', ids: readonly string[], path: string): void;
export function addReferences(
  into: References,
  kind: 'users' | 'groups',
  ids: readonly (number | string)[],
  path: string,
): void {
  for (const [i, id] of ids.entries()) {
    if (kind === 'users') into.users.push({ id: id as number, path: `${path}.${i}` });
    else into.groups.push({ id: id as string, path: `${path}.${i}` });
  }
}

/** The member, group and job-title ids of one step, with their paths under `prefix`. */
export function stepReferences(
  step: Pick<TemplateStep, 'assignees' | 'groups' | 'settings'>,
  prefix: string,
  into: References,
) {
  addReferences(into, 'users', step.assignees, `${prefix}assignees`);
  addReferences(into, 'groups', step.groups, `${prefix}groups`);
  const roles = Array.isArray(step.settings.roles) ? step.settings.roles : [];
  for (const [i, id] of roles.entries()) into.roles.push({ id: String(id), path: `${prefix}roles.${i}` });
}

/** Adds an error for every reference the organization does not have (two queries at most). */
export async function checkReferences(
  ctx: AppContext,
  organizationId: string,
  refs: References,
  errors: FieldErrorCollector,
): Promise<void> {
  const [members, groups, jobTitles] = await Promise.all([
    findMemberIds(
      ctx.db.kysely,
      organizationId,
      refs.users.map((r) => r.id),
    ),
    findGroupIds(
      ctx.db.kysely,
      organizationId,
      refs.groups.map((r) => r.id),
    ),
    findJobTitlesByIds(
      ctx.db.kysely,
      organizationId,
      refs.roles.map((r) => r.id),
    ),
  ]);
  for (const ref of refs.users)
    if (!members.has(ref.id)) errors.add(ref.path, 'Not a member of this organization.');
  for (const ref of refs.groups)
    if (!groups.has(ref.id)) errors.add(ref.path, 'Not a group of this organization.');
  for (const ref of refs.roles)
    if (!jobTitles.has(ref.id)) errors.add(ref.path, 'Not a job title of this organization.');
}

/** The content without the member and group ids the organization does not have. */
export async function dropUnknownReferences(
  ctx: AppContext,
  content: TemplateContent,
): Promise<TemplateContent> {
  const org = content.template.organizationId;
  const userIds = [
    ...content.template.users,
    ...(content.template.ownerId ? [content.template.ownerId] : []),
    ...content.steps.flatMap((s) => s.assignees),
    ...content.rules.flatMap((r) => r.actions.flatMap((a) => a.assignees?.users ?? [])),
  ];
  const groupIds = [
    ...content.template.groups,
    ...content.steps.flatMap((s) => s.groups),
    ...content.rules.flatMap((r) => r.actions.flatMap((a) => a.assignees?.groups ?? [])),
  ];
  const [members, groups, jobTitles] = await Promise.all([
    findMemberIds(ctx.db.kysely, org, userIds),
    findGroupIds(ctx.db.kysely, org, groupIds),
    findJobTitlesByIds(
      ctx.db.kysely,
      org,
      content.steps.flatMap((s) => stepJobTitleIds(s)),
    ),
  ]);
  const u = (ids: number[]) => ids.filter((id) => members.has(id));
  const g = (ids: string[]) => ids.filter((id) => groups.has(id));
  const { template } = content;
  return {
    ...content,
    template: {
      ...template,
      users: u(template.users),
      groups: g(template.groups),
      ownerId: template.ownerId && members.has(template.ownerId) ? template.ownerId : template.createdBy,
    },
    steps: content.steps.map((s) => ({
      ...s,
      assignees: u(s.assignees),
      groups: g(s.groups),
      ...(Array.isArray(s.settings.roles)
        ? { settings: { ...s.settings, roles: stepJobTitleIds(s).filter((id) => jobTitles.has(id)) } }
        : {}),
    })),
    rules: content.rules.map((r) => ({
      ...r,
      actions: r.actions.map((a) =>
        a.assignees
          ? {
              ...a,
              assignees: { ...a.assignees, users: u(a.assignees.users), groups: g(a.assignees.groups) },
            }
          : a,
      ),
    })),
  };
}
