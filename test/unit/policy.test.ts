import { describe, expect, it } from 'vitest';
import { AppError, notFound } from '../../src/domain/errors.js';
import {
  ACTIONS,
  type Action,
  assertCan,
  assertCanSee,
  decide,
  type PolicyActor,
  type PolicyContext,
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

/** Every action with no facts known: no assignment, no permission lists, switches on. */
const baseline: Record<Action, Row> = {
  'organization.read': [Y, Y, Y, Y],
  'organization.update': [Y, N, N, N],
  'organization.manage_webhooks': [Y, N, N, N],
  'organization.read_activity': [Y, N, N, N],
  'organization.admin': [Y, N, N, N],
  'security_events.read': [Y, N, N, N],
  'account.manage': [Y, Y, Y, N],
  'member.list': [Y, Y, Y, N],
  'member.read': [Y, Y, Y, N],
  'member.invite': [Y, Y, N, N],
  'member.update': [Y, N, N, N],
  'member.change_role': [Y, N, N, N],
  'member.disable': [Y, N, N, N],
  'member.delete': [Y, N, N, N],
  'member.convert': [Y, N, N, N],
  'member.approve': [Y, N, N, N],
  'member.export': [Y, N, N, N],
  'member.set_default_admin': [Y, N, N, N],
  'member.read_reassignment': [Y, N, N, N],
  'guest.list': [Y, Y, N, N],
  'guest.read': [Y, Y, N, N],
  'guest.create': [Y, Y, N, N],
  'guest.update': [Y, Y, N, N],
  'guest.link': [Y, Y, N, N],
  'guest.delete': [Y, N, N, N],
  'guest.convert': [Y, N, N, N],
  'group.read': [Y, Y, Y, N],
  'group.manage': [Y, Y, N, N],
  'template.create': [Y, Y, N, N],
  'template.read': [Y, Y, N, N],
  'template.edit': [Y, Y, N, N],
  'template.delete': [Y, Y, N, N],
  'template.launch': [Y, Y, N, N],
  'template.manage_permissions': [Y, N, N, N],
  'process.read': [Y, Y, N, N],
  'process.launch': [Y, Y, N, N],
  'process.update': [Y, Y, N, N],
  'process.manage': [Y, Y, N, N],
  'process.archive': [Y, Y, N, N],
  'process.delete': [Y, N, N, N],
  'task.read': [Y, Y, N, N],
  'task.complete': [Y, Y, N, N],
  'task.reopen': [Y, Y, N, N],
  'task.fill': [Y, Y, N, N],
  'task.comment': [Y, Y, N, N],
  'task.update': [Y, Y, N, N],
  'task.complete_for_other': [Y, N, N, N],
  'task.delete_oneoff': [Y, N, N, N],
  'comment.manage': [Y, N, N, N],
  'task.create_oneoff': [Y, Y, N, N],
  'tag.read': [Y, Y, Y, N],
  'tag.manage': [Y, Y, N, N],
  'folder.read': [Y, Y, Y, N],
  'folder.manage': [Y, Y, N, N],
  'search.run': [Y, Y, Y, N],
  'favorite.manage': [Y, Y, Y, N],
  'favorite.manage_others': [Y, N, N, N],
  'stage.manage': [Y, Y, N, N],
};

const onlyOthers = { users: [999], groups: [] };
const namesMe = { users: [ME], groups: [] };

/** [situation, action, facts, outcome per role, code of the first refusal expected]. */
const situations: Array<[string, Action, PolicyContext, Row, string?]> = [
  ['an assignee completes', 'task.complete', { isAssignee: true }, [Y, Y, Y, Y]],
  ['an assignee comments', 'task.comment', { isAssignee: true }, [Y, Y, Y, Y]],
  ['an assignee fills form fields', 'task.fill', { isAssignee: true }, [Y, Y, Y, Y]],
  ['an assignee reopens', 'task.reopen', { isAssignee: true }, [Y, Y, Y, Y]],
  [
    'a non-assignee completes a can_complete_only_assignees task',
    'task.complete',
    { canCompleteOnlyAssignees: true },
    [Y, N, N, N],
    'NOT_ASSIGNEE',
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
    [Y, Y, Y, N],
    'GUEST_COMMENTS_DISABLED',
  ],
  [
    'an assignee reads a task that does not allow guest owners',
    'task.read',
    { isAssignee: true, allowGuestOwners: false },
    [Y, Y, Y, N],
    'GUEST_NOT_PERMITTED',
  ],
  [
    'someone not on the edit list edits the template',
    'template.edit',
    { template: { edit: onlyOthers } },
    [Y, N, N, N],
    'TEMPLATE_PERMISSION_DENIED',
  ],
  [
    'a member of a group on the edit list edits the template',
    'template.edit',
    { template: { edit: { users: [], groups: ['g1'] } }, actorGroupIds: ['g1'] },
    [Y, Y, N, N],
  ],
  [
    'someone named on the launch list launches',
    'template.launch',
    { template: { launch: namesMe } },
    [Y, Y, Y, N],
  ],
  [
    'someone named on the read list reads the template',
    'template.read',
    { template: { read: namesMe } },
    [Y, Y, Y, N],
  ],
  [
    'someone not on a restricted launch list launches',
    'process.launch',
    { template: { launch: onlyOthers } },
    [Y, N, N, N],
    'TEMPLATE_PERMISSION_DENIED',
  ],
  [
    'an outsider reads a process whose template restricts process reading',
    'process.read',
    { template: { processRead: onlyOthers } },
    [Y, N, N, N],
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
    [Y, N, N, N],
  ],
  ['the launcher archives their process', 'process.archive', { isLauncher: true }, [Y, Y, N, N]],
  [
    'a member invites when invites are off',
    'member.invite',
    { allowUserInvite: false },
    [Y, N, N, N],
    'INVITES_DISABLED',
  ],
  ['a member invites an admin', 'member.invite', { grantsRole: 'admin' }, [Y, N, N, N], 'ADMIN_ONLY'],
  [
    'a member manages groups when group management is off',
    'group.manage',
    { allowManageGroups: false },
    [Y, N, N, N],
    'GROUP_MANAGEMENT_DISABLED',
  ],
];

describe('the permission matrix with no facts known', () => {
  it('lists every action', () => {
    expect(Object.keys(baseline).sort()).toEqual([...ACTIONS].sort());
  });

  for (const action of ACTIONS) {
    it.each(ROLES.map((role, i) => [role, baseline[action][i]] as const))(
      `${action}: %s → %s`,
      (role, allowed) => {
        const decision = decide(actors[role], action);
        expect(decision.allowed).toBe(allowed);
        if (!allowed) expect(decision.code).toMatch(/^[A-Z_]+$/);
      },
    );
  }
});

describe('the permission matrix in situations', () => {
  for (const [situation, action, context, row, code] of situations) {
    it.each(ROLES.map((role, i) => [role, row[i]] as const))(
      `${situation} (${action}): %s → %s`,
      (role, allowed) => {
        const decision = decide(actors[role], action, context);
        expect(decision.allowed).toBe(allowed);
        if (!allowed && code && role === ROLES[row.indexOf(false)]) expect(decision.code).toBe(code);
      },
    );
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
