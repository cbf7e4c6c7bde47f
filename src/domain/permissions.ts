/**
 * Template and process permission lists as the services hold them. A list is "set" when it
 * names at least one subject; a list that is not set restricts nobody (admins are never
 * restricted). Pure: no I/O.
 */
import type { AccessList, TemplateAccess } from './policy.js';

export const TEMPLATE_PERMISSIONS = ['edit', 'read', 'launch', 'process_read', 'duplicate'] as const;
export type TemplatePermission = (typeof TEMPLATE_PERMISSIONS)[number];

export type PermissionSubjectType = 'user' | 'group' | 'role' | 'guest';

/** Who one list names: members by id, groups and job titles by id, guests by e-mail. */
export interface SubjectList {
  users: number[];
  groups: string[];
  roles: string[];
  guests: string[];
}

export type TemplatePermissions = Record<TemplatePermission, SubjectList>;

export const emptySubjects = (): SubjectList => ({ users: [], groups: [], roles: [], guests: [] });

export function emptyTemplatePermissions(): TemplatePermissions {
  return {
    edit: emptySubjects(),
    read: emptySubjects(),
    launch: emptySubjects(),
    process_read: emptySubjects(),
    duplicate: emptySubjects(),
  };
}

/** A list of members, groups or job titles: null when it names no one (not set). */
export function accessListOf(list: SubjectList | undefined): AccessList | null {
  if (!list) return null;
  if (!list.users.length && !list.groups.length && !list.roles.length) return null;
  return { users: list.users, groups: list.groups, roles: list.roles };
}

/**
 * The policy's view of a template's lists. `legacyLaunch` is the template's own launcher
 * list (its `users`/`groups`), used when no `launch` permission is set. A process's own
 * read list, when set, replaces the template's `process_read`.
 */
export function templateAccessOf(
  permissions: TemplatePermissions,
  options: { legacyLaunch?: AccessList | null; processRead?: SubjectList | undefined } = {},
): TemplateAccess {
  return {
    edit: accessListOf(permissions.edit),
    read: accessListOf(permissions.read),
    launch: accessListOf(permissions.launch) ?? options.legacyLaunch ?? null,
    processRead: accessListOf(options.processRead) ?? accessListOf(permissions.process_read),
    duplicate: accessListOf(permissions.duplicate),
  };
}
