/**
 * Who may do what: the ONE permission policy every service asks. Pure: the caller
 * loads the facts (template permission lists, whether the actor is an assignee, the
 * organization's switches) and passes them in `PolicyContext`; the policy never queries.
 *
 * Roles:
 * - admin: everything in the organization.
 * - standard: create templates, edit/read/launch the ones whose permission lists admit them
 *   (a list that is absent admits every standard member), see and work the processes they
 *   take part in or whose template lets them read processes, complete tasks they can see
 *   (only as an assignee when the task has `can_complete_only_assignees`), invite people
 *   when `allow_user_invite` is on, manage groups when `allow_manage_groups` is on.
 * - light: only their own assigned tasks (see, fill, complete, comment); no template editing;
 *   read templates like standard members; launch only templates whose launch list names them
 *   (or a group or job title of theirs).
 * Lists name members, groups and job titles; a template's read list also admits whoever
 * its edit or launch list names.
 * - guest: only their own tasks through the guest code, and only on tasks that admit guests
 *   (`allow_guest_owners`); commenting also needs `prevent_guest_comment` off; snippets an
 *   administrator shared with them.
 * Snippets: every member reads them, administrators write them, a member marks them for
 * themselves (administrators for anyone).
 *
 * Usage in a service:
 *   assertCanSee(actor, 'process.read', facts, () => notFound('Process'));  // hidden → 404
 *   assertCan(actor, 'task.complete', facts);                               // visible → 403
 */
import { AppError, type ErrorCode, notFound } from './errors.js';
import type { Role } from './identity.js';

/** The caller as the policy sees it; MemberActor and GuestActor of services/context fit. */
export type PolicyActor = { kind: 'user'; userId: number; role: Role } | { kind: 'guest'; guestId: number };

export const ACTIONS = [
  // organization and admin-only operations
  'organization.read',
  'organization.update',
  'organization.manage_webhooks',
  'organization.read_activity',
  'organization.admin',
  'organization.create',
  'organization.manage_branding',
  'organization.manage_smtp',
  'organization.read_domains',
  'security_events.read',
  // watchers: another member's subscriptions
  'watcher.manage_others',
  // files: archive or delete an asset whatever it is attached to
  'asset.manage',
  // people
  'account.manage',
  // the signed-in member's own personal API tokens
  'api_token.manage',
  'member.list',
  'member.read',
  'member.invite',
  'member.update',
  'member.change_role',
  'member.disable',
  'member.delete',
  'member.convert',
  'member.set_cadence',
  'member.approve',
  'member.export',
  'member.set_default_admin',
  'member.read_reassignment',
  'guest.list',
  'guest.read',
  'guest.create',
  'guest.update',
  'guest.link',
  'guest.delete',
  'guest.convert',
  'group.read',
  'group.manage',
  // templates
  'template.create',
  'template.read',
  'template.edit',
  'template.delete',
  'template.launch',
  'template.manage_permissions',
  'template.delete_permanently',
  'template.duplicate',
  // processes
  'process.see',
  'process.read',
  'process.launch',
  'process.update',
  'process.manage',
  'process.archive',
  'process.delete',
  'process.manage_permissions',
  // tasks
  'task.see',
  'task.list_others',
  'task.read',
  'task.complete',
  'task.reopen',
  'task.fill',
  'task.comment',
  'task.update',
  'task.create_oneoff',
  'task.complete_for_other',
  'task.delete_oneoff',
  'comment.manage',
  // organizing: tags, folders, search, favorites
  'tag.read',
  'tag.manage',
  'folder.read',
  'folder.manage',
  'search.run',
  'favorite.manage',
  'favorite.manage_others',
  // job titles (organization roles)
  'job_title.read',
  'job_title.manage',
  // the activity feed: reading it (light members: their own tasks' rows) and undoing a change
  'activity.read',
  'activity.undo',
  // stages (milestones) of templates and processes
  'stage.manage',
  // snippets (text templates): reading (guests: those shared with them), writing, a member's own marks
  'snippet.read',
  'snippet.manage',
  'snippet.mark',
  // a member's own saved list views and preferences; another member's preferences
  'view.manage',
  'preference.manage',
  'preference.read_others',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Who a permission list admits (the spec's ChecklistPermissionBody: `checklist_edit` +
 * `checklist_edit_group`, …). `null`/absent means the list is not set: no restriction.
 */
export interface AccessList {
  users: readonly number[];
  groups: readonly string[];
  /** Job titles: a member holding one is admitted. */
  roles?: readonly string[];
}

/** A template's permission lists; they also govern processes launched from it. */
export interface TemplateAccess {
  edit?: AccessList | null;
  read?: AccessList | null;
  launch?: AccessList | null;
  processRead?: AccessList | null;
  /** Who may copy the template (clone, duplicate); absent admits whoever may create templates. */
  duplicate?: AccessList | null;
}

/** Facts about the object and organization; leave out what does not apply. */
export interface PolicyContext {
  /** Organization switches (from its settings). Absent means on. */
  allowUserInvite?: boolean;
  allowManageGroups?: boolean;
  /** Groups the acting member belongs to, for group entries in permission lists. */
  actorGroupIds?: readonly string[];
  /** Job titles the acting member holds, for job-title entries in permission lists. */
  actorJobTitleIds?: readonly string[];
  /** The template's permission lists (for a process or task: its template's). */
  template?: TemplateAccess;
  /** The actor owns the task: directly, through a group, or as the guest assigned. */
  isAssignee?: boolean;
  /** The actor has a task in, launched or watches the process. */
  participates?: boolean;
  /** The actor launched the process. */
  isLauncher?: boolean;
  canCompleteOnlyAssignees?: boolean;
  preventGuestComment?: boolean;
  /** False when the task or step does not admit guest owners. */
  allowGuestOwners?: boolean;
  /** For invitations and role changes: the role being given. */
  grantsRole?: Role;
  /** The actor created the one-off task. */
  isCreator?: boolean;
  /** The actor wrote the comment. */
  isAuthor?: boolean;
  /** The actor uploaded the file. */
  isUploader?: boolean;
  /** The member acted for is the actor. */
  isSelf?: boolean;
  /** For a guest reading a snippet: it has been shared with them. */
  isSharedWithGuest?: boolean;
  /** The member acted on is the actor (their own settings). */
  /** For `organization.create`: the instance's setting (absent: nobody may). */
  organizationCreation?: 'everyone' | 'admins' | 'nobody';
  /** For `organization.create`: the account is one of the instance's administrators. */
  isInstanceAdmin?: boolean;
}

export interface Decision {
  allowed: boolean;
  /** Stable error code when refused. */
  code?: ErrorCode;
  message?: string;
}

const ALLOW: Decision = { allowed: true };
const deny = (code: ErrorCode, message: string): Decision => ({ allowed: false, code, message });

const ADMIN_ONLY = deny('ADMIN_ONLY', 'Only administrators can do this.');
const LIGHT_DENIED = deny('ROLE_NOT_PERMITTED', 'Light members cannot do this.');
const NOT_ASSIGNEE = deny('NOT_ASSIGNEE', 'Only the assignees of this task can do this.');
const ACL_DENIED = deny('TEMPLATE_PERMISSION_DENIED', "The template's permissions do not allow this.");
const GUEST_DENIED = deny('GUEST_NOT_PERMITTED', 'Guests can only work on their own tasks.');
const COMPLETE_FOR_OTHER_DENIED = deny(
  'ADMIN_ONLY',
  'Only administrators can complete a task on behalf of someone else.',
);
const DELETE_ONEOFF_DENIED = deny('ADMIN_ONLY', 'Only the creator or an administrator can delete this task.');
const NOT_AUTHOR = deny('NOT_COMMENT_AUTHOR', 'Only the author or an administrator can change this comment.');
const OTHERS_WATCHERS_DENIED = deny('FORBIDDEN', "Only administrators can manage another member's watchers.");

/** Rules that read the same for standard and light members. */
function decideMember(action: Action, c: PolicyContext): Decision | undefined {
  switch (action) {
    case 'task.complete_for_other':
      return COMPLETE_FOR_OTHER_DENIED;
    case 'task.delete_oneoff':
      return c.isCreator ? ALLOW : DELETE_ONEOFF_DENIED;
    case 'comment.manage':
      return c.isAuthor ? ALLOW : NOT_AUTHOR;
    case 'watcher.manage_others':
      return c.isSelf ? ALLOW : OTHERS_WATCHERS_DENIED;
    case 'asset.manage':
      return c.isUploader ? ALLOW : ADMIN_ONLY;
    case 'member.set_cadence':
      return c.isSelf
        ? ALLOW
        : deny('ADMIN_ONLY', "Only administrators can change another member's settings.");
    case 'snippet.mark':
      return c.isSelf
        ? ALLOW
        : deny('ADMIN_ONLY', "Only administrators can change another member's snippets.");
    case 'snippet.read':
      return ALLOW;
    case 'organization.read_domains':
      return ALLOW;
    case 'preference.read_others':
      return c.isSelf
        ? ALLOW
        : deny('ADMIN_ONLY', "Only administrators can read another member's preferences.");
    default:
      return undefined;
  }
}

const CREATION_DISABLED = deny(
  'ORGANIZATION_CREATION_DISABLED',
  'Creating organizations is turned off on this server.',
);

/** `everyone`: any account; `admins`: the instance's administrators; `nobody`: none (the CLI only). */
function decideOrganizationCreation(actor: PolicyActor, c: PolicyContext): Decision {
  if (actor.kind === 'guest') return GUEST_DENIED;
  switch (c.organizationCreation) {
    case 'everyone':
      return ALLOW;
    case 'admins':
      return c.isInstanceAdmin
        ? ALLOW
        : deny(
            'ORGANIZATION_CREATION_DISABLED',
            "Only this server's administrators can create organizations.",
          );
    default:
      return CREATION_DISABLED;
  }
}

/** The decision with its refusal code; `can`/`assertCan` are shorthands. */
export function decide(actor: PolicyActor, action: Action, context: PolicyContext = {}): Decision {
  // Instance-wide, not a matter of the actor's role in some organization.
  if (action === 'organization.create') return decideOrganizationCreation(actor, context);
  if (actor.kind === 'guest') return decideGuest(action, context);
  if (actor.role === 'admin') return ALLOW;
  const member = decideMember(action, context);
  if (member) return member;
  return actor.role === 'standard'
    ? decideStandard(actor.userId, action, context)
    : decideLight(actor.userId, action, context);
}

export function can(actor: PolicyActor, action: Action, context: PolicyContext = {}): boolean {
  return decide(actor, action, context).allowed;
}

/**
 * Throws 403 with the refusal's code: for objects the actor can see but not act on.
 * `message` replaces the policy's generic wording with the use case's own.
 */
export function assertCan(
  actor: PolicyActor,
  action: Action,
  context: PolicyContext = {},
  message?: string,
): void {
  const decision = decide(actor, action, context);
  if (!decision.allowed) {
    throw new AppError(decision.code ?? 'FORBIDDEN', message ?? decision.message ?? 'Not allowed.');
  }
}

/** Throws the given not-found error when refused: what the actor may not see does not exist. */
export function assertCanSee(
  actor: PolicyActor,
  action: Action,
  context: PolicyContext,
  hidden: () => AppError = () => notFound('NOT_FOUND', 'Record'),
): void {
  if (!can(actor, action, context)) throw hidden();
}

/** A permission list that names nobody. */
const NOBODY: AccessList = { users: [], groups: [], roles: [] };
/** A template (and its processes) whose every list names nobody. */
const LISTS_NAMING_NOBODY: TemplateAccess = {
  edit: NOBODY,
  read: NOBODY,
  launch: NOBODY,
  processRead: NOBODY,
  duplicate: NOBODY,
};

/**
 * True when no permission list can refuse the actor `action`: the policy allows it even on a
 * template whose lists name nobody. Services skip loading lists, and list queries skip their
 * visibility filter, for such actors; for the others the lists decide.
 */
export function passesEveryList(actor: PolicyActor, action: Action): boolean {
  return can(actor, action, { template: LISTS_NAMING_NOBODY });
}

/** What a list may name the acting member by: their groups and job titles. */
export interface Memberships {
  groups: readonly string[];
  jobTitles: readonly string[];
}

/** True when a list admits the member: no list, their id, one of their groups or job titles. */
export function admits(
  list: AccessList | null | undefined,
  userId: number,
  groupIds: readonly string[] | Memberships = [],
) {
  if (!list) return true;
  const m: Memberships = Array.isArray(groupIds)
    ? { groups: groupIds, jobTitles: [] }
    : (groupIds as Memberships);
  return (
    list.users.includes(userId) ||
    list.groups.some((g) => m.groups.includes(g)) ||
    (list.roles ?? []).some((r) => m.jobTitles.includes(r))
  );
}

/** Like `admits`, but an absent list admits nobody (light members need to be named). */
function names(list: AccessList | null | undefined, userId: number, m: Memberships) {
  return !!list && admits(list, userId, m);
}

const membershipsOf = (c: PolicyContext): Memberships => ({
  groups: c.actorGroupIds ?? [],
  jobTitles: c.actorJobTitleIds ?? [],
});

/**
 * Reading a template, for standard and light members alike: its read list admits them (no
 * list admits every member), or its edit or launch list names them.
 */
function readsTemplate(userId: number, c: PolicyContext, m: Memberships): boolean {
  return (
    admits(c.template?.read, userId, m) ||
    names(c.template?.edit, userId, m) ||
    names(c.template?.launch, userId, m)
  );
}

function decideStandard(userId: number, action: Action, c: PolicyContext): Decision {
  const m = membershipsOf(c);
  const acl = (list: AccessList | null | undefined) => (admits(list, userId, m) ? ALLOW : ACL_DENIED);
  const seesTasks = !!c.isAssignee || !!c.participates || admits(c.template?.processRead, userId, m);
  switch (action) {
    case 'organization.read':
    case 'account.manage':
    case 'api_token.manage':
    case 'member.list':
    case 'member.read':
    case 'guest.list':
    case 'guest.read':
    case 'guest.create':
    case 'guest.update':
    case 'guest.link':
    case 'group.read':
    case 'template.create':
    case 'task.create_oneoff':
    case 'tag.read':
    case 'tag.manage':
    case 'folder.read':
    case 'folder.manage':
    case 'search.run':
    case 'favorite.manage':
    case 'process.see':
    case 'task.see':
    case 'task.list_others':
    case 'job_title.read':
    case 'activity.read':
    case 'activity.undo':
    case 'stage.manage':
    case 'view.manage':
    case 'preference.manage':
      return ALLOW;
    case 'member.invite':
      if (c.grantsRole === 'admin')
        return deny('ADMIN_ONLY', 'Only administrators can grant the admin role.');
      return c.allowUserInvite === false
        ? deny('INVITES_DISABLED', 'Only administrators can invite here.')
        : ALLOW;
    case 'group.manage':
      return c.allowManageGroups === false
        ? deny('GROUP_MANAGEMENT_DISABLED', 'Only administrators can manage groups here.')
        : ALLOW;
    case 'template.read':
      return readsTemplate(userId, c, m) ? ALLOW : ACL_DENIED;
    case 'template.edit':
    case 'template.delete':
      return acl(c.template?.edit);
    case 'template.launch':
    case 'process.launch':
      return acl(c.template?.launch);
    case 'template.duplicate':
      if (!readsTemplate(userId, c, m)) return ACL_DENIED;
      return acl(c.template?.duplicate);
    case 'process.manage':
      return ALLOW;
    case 'process.read':
    case 'process.update':
    case 'task.read':
    case 'task.comment':
    case 'task.update':
      return seesTasks ? ALLOW : ACL_DENIED;
    case 'process.archive':
      return c.isLauncher || names(c.template?.edit, userId, m) || (seesTasks && !c.template?.edit)
        ? ALLOW
        : ACL_DENIED;
    case 'task.complete':
    case 'task.reopen':
    case 'task.fill':
      if (!seesTasks) return ACL_DENIED;
      return c.canCompleteOnlyAssignees && !c.isAssignee ? NOT_ASSIGNEE : ALLOW;
    default:
      return ADMIN_ONLY;
  }
}

function decideLight(userId: number, action: Action, c: PolicyContext): Decision {
  const m = membershipsOf(c);
  switch (action) {
    case 'organization.read':
    case 'account.manage':
    case 'api_token.manage':
    case 'member.list':
    case 'member.read':
    case 'group.read':
    case 'tag.read':
    case 'folder.read':
    case 'search.run':
    case 'favorite.manage':
    case 'job_title.read':
    case 'activity.read':
    case 'view.manage':
    case 'preference.manage':
      return ALLOW;
    case 'template.read':
      return readsTemplate(userId, c, m) ? ALLOW : ACL_DENIED;
    case 'template.launch':
    case 'process.launch':
      return names(c.template?.launch, userId, m) ? ALLOW : ACL_DENIED;
    case 'process.read':
    case 'process.see':
      return c.participates || c.isAssignee ? ALLOW : NOT_ASSIGNEE;
    case 'task.list_others':
      return deny('ROLE_NOT_PERMITTED', 'Light members can only list their own tasks.');
    case 'process.manage':
      return deny('ROLE_NOT_PERMITTED', 'Light members cannot manage processes.');
    case 'task.see':
    case 'task.read':
    case 'task.complete':
    case 'task.reopen':
    case 'task.fill':
    case 'task.comment':
      return c.isAssignee ? ALLOW : NOT_ASSIGNEE;
    case 'organization.update':
    case 'organization.manage_webhooks':
    case 'organization.read_activity':
    case 'organization.admin':
    case 'organization.manage_branding':
    case 'organization.manage_smtp':
    case 'security_events.read':
    case 'member.update':
    case 'member.change_role':
    case 'member.disable':
    case 'member.delete':
    case 'member.convert':
    case 'member.approve':
    case 'member.export':
    case 'member.set_default_admin':
    case 'member.read_reassignment':
    case 'guest.delete':
    case 'guest.convert':
    case 'template.manage_permissions':
    case 'template.delete_permanently':
    case 'process.delete':
    case 'process.manage_permissions':
    case 'job_title.manage':
    case 'snippet.manage':
      return ADMIN_ONLY;
    default:
      return LIGHT_DENIED;
  }
}

function decideGuest(action: Action, c: PolicyContext): Decision {
  const ownTask = !!c.isAssignee && c.allowGuestOwners !== false;
  switch (action) {
    case 'organization.read':
      return ALLOW;
    case 'process.read':
    case 'process.see':
      return c.participates || c.isAssignee ? ALLOW : GUEST_DENIED;
    case 'task.see':
    case 'task.read':
    case 'task.complete':
    case 'task.reopen':
    case 'task.fill':
      return ownTask ? ALLOW : GUEST_DENIED;
    case 'comment.manage':
      return c.isAuthor ? ALLOW : NOT_AUTHOR;
    case 'snippet.read':
      return c.isSharedWithGuest ? ALLOW : GUEST_DENIED;
    case 'task.comment':
      if (!ownTask) return GUEST_DENIED;
      return c.preventGuestComment
        ? deny('GUEST_COMMENTS_DISABLED', 'Guests cannot comment on this task.')
        : ALLOW;
    default:
      return GUEST_DENIED;
  }
}
