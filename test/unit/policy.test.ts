import { describe, expect, it } from 'vitest';
import { AppError, type ErrorCode, notFound } from '../../src/domain/errors.js';
import {
  ACTIONS,
  type Action,
  assertCan,
  assertCanSee,
  decide,
  type PolicyActor,
  type PolicyContext,
  passesEveryList,
} from '../../src/domain/policy.js';

const ME = 7;
const actors: Record<'admin' | 'standard' | 'light' | 'guest', PolicyActor> = {
  admin: { kind: 'user', userId: ME, role: 'admin' },
  standard: { kind: 'user', userId: ME, role: 'standard' },
  light: { kind: 'user', userId: ME, role: 'light' },
  guest: { kind: 'guest', guestId: ME },
};
const ROLES = ['admin', 'standard', 'light', 'guest'] as const;

const Y = true;
const N = false;
type Row = [admin: boolean, standard: boolean, light: boolean, guest: boolean];
/** Per role: Y when allowed, else the error code the refusal carries. */
type Cell = typeof Y | ErrorCode;
type Cells = [admin: Cell, standard: Cell, light: Cell, guest: Cell];

/**
 * Every action with no facts known (no assignment, no permission lists, switches on), and
 * for each refused role the code of the refusal.
 */
const baseline: Record<Action, Cells> = {
  'organization.read': [Y, Y, Y, Y],
  'organization.update': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'organization.manage_webhooks': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'organization.read_activity': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'organization.admin': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'security_events.read': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'stage.manage': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'activity.read': [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  'activity.undo': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'process.manage_permissions': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'job_title.read': [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  'job_title.manage': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'snippet.read': [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  'snippet.manage': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'snippet.mark': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'organization.create': [
    'ORGANIZATION_CREATION_DISABLED',
    'ORGANIZATION_CREATION_DISABLED',
    'ORGANIZATION_CREATION_DISABLED',
    'GUEST_NOT_PERMITTED',
  ],
  'organization.manage_branding': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'organization.manage_smtp': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'organization.read_domains': [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  'member.set_cadence': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'watcher.manage_others': [Y, 'FORBIDDEN', 'FORBIDDEN', 'GUEST_NOT_PERMITTED'],
  'asset.manage': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'account.manage': [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  'api_token.manage': [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  'member.list': [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  'member.read': [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  'member.invite': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'member.update': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'member.change_role': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'member.disable': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'member.delete': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'member.convert': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'member.approve': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'member.export': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'member.set_default_admin': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'member.read_reassignment': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'guest.list': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'guest.read': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'guest.create': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'guest.update': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'guest.link': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'guest.delete': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'guest.convert': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'group.read': [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  'group.manage': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'template.create': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'template.read': [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  'template.edit': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'template.delete': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'template.launch': [Y, Y, 'TEMPLATE_PERMISSION_DENIED', 'GUEST_NOT_PERMITTED'],
  'template.manage_permissions': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'template.delete_permanently': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'template.duplicate': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'process.see': [Y, Y, 'NOT_ASSIGNEE', 'GUEST_NOT_PERMITTED'],
  'process.read': [Y, Y, 'NOT_ASSIGNEE', 'GUEST_NOT_PERMITTED'],
  'process.launch': [Y, Y, 'TEMPLATE_PERMISSION_DENIED', 'GUEST_NOT_PERMITTED'],
  'process.update': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'process.manage': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'process.archive': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'process.delete': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'task.see': [Y, Y, 'NOT_ASSIGNEE', 'GUEST_NOT_PERMITTED'],
  'task.list_others': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'task.read': [Y, Y, 'NOT_ASSIGNEE', 'GUEST_NOT_PERMITTED'],
  'task.complete': [Y, Y, 'NOT_ASSIGNEE', 'GUEST_NOT_PERMITTED'],
  'task.reopen': [Y, Y, 'NOT_ASSIGNEE', 'GUEST_NOT_PERMITTED'],
  'task.fill': [Y, Y, 'NOT_ASSIGNEE', 'GUEST_NOT_PERMITTED'],
  'task.comment': [Y, Y, 'NOT_ASSIGNEE', 'GUEST_NOT_PERMITTED'],
  'task.update': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'task.create_oneoff': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'task.complete_for_other': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'task.delete_oneoff': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
  'comment.manage': [Y, 'NOT_COMMENT_AUTHOR', 'NOT_COMMENT_AUTHOR', 'NOT_COMMENT_AUTHOR'],
  'tag.read': [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  'tag.manage': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'folder.read': [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  'folder.manage': [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'search.run': [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  'favorite.manage': [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  'favorite.manage_others': [Y, 'ADMIN_ONLY', 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  'view.manage': [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  'preference.manage': [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  'preference.read_others': [Y, 'ADMIN_ONLY', 'ADMIN_ONLY', 'GUEST_NOT_PERMITTED'],
};

const onlyOthers = { users: [999], groups: [] };
const namesMe = { users: [ME], groups: [] };
const nobody = { users: [], groups: [], roles: [] };

/** [situation, action, facts, outcome per role, code of the first refusal expected]. */
/** [situation, action, facts, per role: Y or the refusal's code]. */
const situations: Array<[string, Action, PolicyContext, Cells]> = [
  ['an assignee completes', 'task.complete', { isAssignee: true }, [Y, Y, Y, Y]],
  ['an assignee comments', 'task.comment', { isAssignee: true }, [Y, Y, Y, Y]],
  ['an assignee fills form fields', 'task.fill', { isAssignee: true }, [Y, Y, Y, Y]],
  ['an assignee reopens', 'task.reopen', { isAssignee: true }, [Y, Y, Y, Y]],
  ['an assignee sees the task (404 otherwise)', 'task.see', { isAssignee: true }, [Y, Y, Y, Y]],
  ['the launcher sees their process (404 otherwise)', 'process.see', { participates: true }, [Y, Y, Y, Y]],
  [
    'a member manages their own watchers',
    'watcher.manage_others',
    { isSelf: true },
    [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  ],
  [
    'the uploader archives their file',
    'asset.manage',
    { isUploader: true },
    [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  ],
  [
    'a non-assignee completes a can_complete_only_assignees task',
    'task.complete',
    { canCompleteOnlyAssignees: true },
    [Y, 'NOT_ASSIGNEE', 'NOT_ASSIGNEE', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'an assignee completes a can_complete_only_assignees task',
    'task.complete',
    { canCompleteOnlyAssignees: true, isAssignee: true },
    [Y, Y, Y, Y],
  ],
  [
    'an assignee comments where prevent_guest_comment is on',
    'task.comment',
    { isAssignee: true, preventGuestComment: true },
    [Y, Y, Y, 'GUEST_COMMENTS_DISABLED'],
  ],
  [
    'an assignee reads a task that does not allow guest owners',
    'task.read',
    { isAssignee: true, allowGuestOwners: false },
    [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  ],
  [
    'someone not on the edit list edits the template',
    'template.edit',
    { template: { edit: onlyOthers } },
    [Y, 'TEMPLATE_PERMISSION_DENIED', 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'a member of a group on the edit list edits the template',
    'template.edit',
    { template: { edit: { users: [], groups: ['g1'] } }, actorGroupIds: ['g1'] },
    [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'someone named on the launch list launches',
    'template.launch',
    { template: { launch: namesMe } },
    [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  ],
  [
    'someone named on the read list reads the template',
    'template.read',
    { template: { read: namesMe } },
    [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  ],
  [
    'someone not on a restricted launch list launches',
    'process.launch',
    { template: { launch: onlyOthers } },
    [Y, 'TEMPLATE_PERMISSION_DENIED', 'TEMPLATE_PERMISSION_DENIED', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'an outsider reads a process whose template restricts process reading',
    'process.read',
    { template: { processRead: onlyOthers } },
    [Y, 'TEMPLATE_PERMISSION_DENIED', 'NOT_ASSIGNEE', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'a participant reads a process whose template restricts process reading',
    'process.read',
    { template: { processRead: onlyOthers }, participates: true },
    [Y, Y, Y, Y],
  ],
  [
    'an outsider archives a process of a template with an edit list',
    'process.archive',
    { template: { edit: onlyOthers } },
    [Y, 'TEMPLATE_PERMISSION_DENIED', 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'the launcher archives their process',
    'process.archive',
    { isLauncher: true },
    [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'a member invites when invites are off',
    'member.invite',
    { allowUserInvite: false },
    [Y, 'INVITES_DISABLED', 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'a member invites an admin',
    'member.invite',
    { grantsRole: 'admin' },
    [Y, 'ADMIN_ONLY', 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'a member manages groups when group management is off',
    'group.manage',
    { allowManageGroups: false },
    [Y, 'GROUP_MANAGEMENT_DISABLED', 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'a member reads their own preferences through /users/{id}/preferences',
    'preference.read_others',
    { isSelf: true },
    [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  ],
  [
    'a member sets their own digest days',
    'member.set_cadence',
    { isSelf: true },
    [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  ],
  [
    'an account creates an organization where everyone may',
    'organization.create',
    { organizationCreation: 'everyone' },
    [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  ],
  [
    'an account that is no instance admin creates an organization where only admins may',
    'organization.create',
    { organizationCreation: 'admins' },
    [
      'ORGANIZATION_CREATION_DISABLED',
      'ORGANIZATION_CREATION_DISABLED',
      'ORGANIZATION_CREATION_DISABLED',
      'GUEST_NOT_PERMITTED',
    ],
  ],
  [
    'an instance admin creates an organization where only admins may',
    'organization.create',
    { organizationCreation: 'admins', isInstanceAdmin: true },
    [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  ],
  [
    'an instance admin creates an organization where nobody may',
    'organization.create',
    { organizationCreation: 'nobody', isInstanceAdmin: true },
    [
      'ORGANIZATION_CREATION_DISABLED',
      'ORGANIZATION_CREATION_DISABLED',
      'ORGANIZATION_CREATION_DISABLED',
      'GUEST_NOT_PERMITTED',
    ],
  ],
  [
    'someone not on a restricted read list reads the template',
    'template.read',
    { template: { read: onlyOthers } },
    [Y, 'TEMPLATE_PERMISSION_DENIED', 'TEMPLATE_PERMISSION_DENIED', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'someone named only on the edit list reads a template with a read list',
    'template.read',
    { template: { read: onlyOthers, edit: namesMe } },
    [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  ],
  [
    'someone named only on the launch list reads a template with a read list',
    'template.read',
    { template: { read: onlyOthers, launch: namesMe } },
    [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  ],
  [
    'a holder of a job title on the read list reads the template',
    'template.read',
    { template: { read: { users: [], groups: [], roles: ['r1'] } }, actorJobTitleIds: ['r1'] },
    [Y, Y, Y, 'GUEST_NOT_PERMITTED'],
  ],
  [
    'a holder of a job title on the edit list edits the template',
    'template.edit',
    { template: { edit: { users: [], groups: [], roles: ['r1'] } }, actorJobTitleIds: ['r1'] },
    [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'a holder of another job title launches from a restricted launch list',
    'template.launch',
    { template: { launch: { users: [], groups: [], roles: ['r1'] } }, actorJobTitleIds: ['r2'] },
    [Y, 'TEMPLATE_PERMISSION_DENIED', 'TEMPLATE_PERMISSION_DENIED', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'someone not on a restricted duplicate list duplicates the template',
    'template.duplicate',
    { template: { duplicate: onlyOthers } },
    [Y, 'TEMPLATE_PERMISSION_DENIED', 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'someone named on the duplicate list duplicates the template',
    'template.duplicate',
    { template: { duplicate: namesMe } },
    [Y, Y, 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'someone on the duplicate list but not the read list duplicates the template',
    'template.duplicate',
    { template: { read: onlyOthers, duplicate: namesMe } },
    [Y, 'TEMPLATE_PERMISSION_DENIED', 'ROLE_NOT_PERMITTED', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'someone reads a template whose read list names nobody (lists filter their template lists)',
    'template.read',
    { template: { read: nobody } },
    [Y, 'TEMPLATE_PERMISSION_DENIED', 'TEMPLATE_PERMISSION_DENIED', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'an outsider reads a process whose read list names nobody (lists filter their process and task lists)',
    'process.read',
    { template: { processRead: nobody } },
    [Y, 'TEMPLATE_PERMISSION_DENIED', 'NOT_ASSIGNEE', 'GUEST_NOT_PERMITTED'],
  ],
  [
    'a launcher reads their process whose read list names nobody',
    'process.read',
    { template: { processRead: nobody }, participates: true },
    [Y, Y, Y, Y],
  ],
  [
    'a member of a group on the process read list reads the process',
    'process.read',
    { template: { processRead: { users: [], groups: ['g1'] } }, actorGroupIds: ['g1'] },
    [Y, Y, 'NOT_ASSIGNEE', 'GUEST_NOT_PERMITTED'],
  ],
];

describe('the permission matrix with no facts known', () => {
  it('lists every action', () => {
    expect(Object.keys(baseline).sort()).toEqual([...ACTIONS].sort());
  });

  for (const action of ACTIONS) {
    it.each(ROLES.map((role, i) => [role, baseline[action][i]] as const))(
      `${action}: %s → %s`,
      (role, cell) => {
        const decision = decide(actors[role], action);
        expect(decision.allowed).toBe(cell === Y);
        expect(decision.code).toBe(cell === Y ? undefined : cell);
      },
    );
  }
});

describe('the permission matrix in situations', () => {
  for (const [situation, action, context, cells] of situations) {
    it.each(ROLES.map((role, i) => [role, cells[i]] as const))(
      `${situation} (${action}): %s → %s`,
      (role, cell) => {
        const decision = decide(actors[role], action, context);
        expect(decision.allowed).toBe(cell === Y);
        expect(decision.code).toBe(cell === Y ? undefined : cell);
      },
    );
  }
});

describe('passesEveryList: whether permission lists can refuse the actor at all', () => {
  const cases: Array<[Action, Row]> = [
    ['template.read', [Y, N, N, N]],
    ['template.edit', [Y, N, N, N]],
    ['template.duplicate', [Y, N, N, N]],
    ['process.read', [Y, N, N, N]],
    ['process.launch', [Y, N, N, N]],
  ];
  for (const [action, row] of cases) {
    it.each(ROLES.map((role, i) => [role, row[i]] as const))(`${action}: %s → %s`, (role, passes) => {
      expect(passesEveryList(actors[role], action)).toBe(passes);
    });
  }
});

describe('assertCan and assertCanSee', () => {
  it('refuses with a forbidden AppError carrying the code', () => {
    const attempt = () => assertCan(actors.light, 'template.edit');
    expect(attempt).toThrow(AppError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ kind: 'forbidden', code: 'ROLE_NOT_PERMITTED' });
    }
  });

  it('answers not found for what the actor may not see', () => {
    try {
      assertCanSee(actors.guest, 'task.read', {}, () => notFound('TASK_NOT_FOUND', 'Task'));
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ kind: 'not_found', code: 'TASK_NOT_FOUND' });
    }
  });

  it('lets through what is allowed', () => {
    expect(() => assertCan(actors.standard, 'task.complete', { isAssignee: true })).not.toThrow();
  });
});

describe('the process and task actions of the write path refuse with their codes', () => {
  const refusals: Array<[string, Action, PolicyContext, Row, Record<string, string>]> = [
    [
      'a member manages a process',
      'process.manage',
      {},
      [Y, Y, N, N],
      { light: 'ROLE_NOT_PERMITTED', guest: 'GUEST_NOT_PERMITTED' },
    ],
    [
      'a member deletes a process',
      'process.delete',
      {},
      [Y, N, N, N],
      { standard: 'ADMIN_ONLY', light: 'ADMIN_ONLY', guest: 'GUEST_NOT_PERMITTED' },
    ],
    [
      'someone completes a task on behalf of another member',
      'task.complete_for_other',
      {},
      [Y, N, N, N],
      { standard: 'ADMIN_ONLY', light: 'ADMIN_ONLY', guest: 'GUEST_NOT_PERMITTED' },
    ],
    [
      'someone other than its creator deletes a one-off task',
      'task.delete_oneoff',
      { isCreator: false },
      [Y, N, N, N],
      { standard: 'ADMIN_ONLY', light: 'ADMIN_ONLY', guest: 'GUEST_NOT_PERMITTED' },
    ],
    [
      'the creator deletes their one-off task',
      'task.delete_oneoff',
      { isCreator: true },
      [Y, Y, Y, N],
      {
        guest: 'GUEST_NOT_PERMITTED',
      },
    ],
    [
      'someone other than its author changes a comment',
      'comment.manage',
      { isAuthor: false },
      [Y, N, N, N],
      { standard: 'NOT_COMMENT_AUTHOR', light: 'NOT_COMMENT_AUTHOR', guest: 'NOT_COMMENT_AUTHOR' },
    ],
    ['the author changes their comment', 'comment.manage', { isAuthor: true }, [Y, Y, Y, Y], {}],
    [
      'a member marks a snippet for themselves',
      'snippet.mark',
      { isSelf: true },
      [Y, Y, Y, N],
      { guest: 'GUEST_NOT_PERMITTED' },
    ],
    [
      'a guest reads a snippet shared with them',
      'snippet.read',
      { isSharedWithGuest: true },
      [Y, Y, Y, Y],
      {},
    ],
  ];
  for (const [situation, action, context, row, codes] of refusals) {
    it.each(ROLES.map((role, i) => [role, row[i]] as const))(
      `${situation} (${action}): %s → %s`,
      (role, allowed) => {
        const decision = decide(actors[role], action, context);
        expect(decision.allowed).toBe(allowed);
        expect(decision.code).toBe(allowed ? undefined : codes[role]);
      },
    );
  }
});
