import { apiAs } from './server.mjs';

export const PASSWORD = 'e2e-password-1234';
export const ANN = 'ann@acme.test';
export const BOB = 'bob@other.test';
export const GUEST = 'guest@client.test';
export const MAX = 'max@acme.test';

const iso = (ms) => new Date(Date.now() + ms).toISOString();
const HOUR = 3_600_000;

/**
 * Two organizations: Acme (Ann, an admin, and a guest) with an onboarding template, and
 * Other Co (Bob), who must never see any of Acme. Ann is also in a third, Side Project,
 * to switch to.
 */
export async function seed(server) {
  const acme = server.cli('org', 'create', '--name', 'Acme Onboarding').organization_id;
  const other = server.cli('org', 'create', '--name', 'Other Co').organization_id;
  const side = server.cli('org', 'create', '--name', 'Side Project').organization_id;
  const ann = server.cli(
    'user',
    'create',
    '--org',
    acme,
    '--email',
    ANN,
    '--role',
    'admin',
    '--password',
    PASSWORD,
    '--first-name',
    'Ann',
    '--last-name',
    'Lee',
  ).user_id;
  server.cli(
    'user',
    'create',
    '--org',
    other,
    '--email',
    BOB,
    '--role',
    'admin',
    '--password',
    PASSWORD,
    '--first-name',
    'Bob',
    '--last-name',
    'Ray',
  );
  const max = server.cli(
    'user',
    'create',
    '--org',
    acme,
    '--email',
    MAX,
    '--role',
    'standard',
    '--password',
    PASSWORD,
    '--first-name',
    'Max',
    '--last-name',
    'Mohr',
  ).user_id;
  const token = server.cli('token', 'create', '--email', ANN).access_token;
  const api = apiAs(server.url, token);
  // Ann joins Side Project by invitation-free membership, as an administrator adds her.
  server.cli('user', 'create', '--org', side, '--email', ANN, '--role', 'standard', '--password', PASSWORD);

  await api('POST', `/organizations/${acme}/guests`, {
    email: GUEST,
    first_name: 'Gus',
    last_name: 'Client',
  });
  const link = await api('GET', `/organizations/${acme}/guests-link?email=${encodeURIComponent(GUEST)}`);
  const guestPath = new URL(link.data.link).pathname;

  // Every day a working day: the run uses the real clock, and on a weekend the default
  // Monday-to-Friday calendar would move "due in 3 hours" to Monday (out of Due soon).
  const anytime = { anytime: true };
  await api('PUT', `/organizations/${acme}`, {
    working_days: Object.fromEntries(
      ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((d) => [d, anytime]),
    ),
  });

  const me = [ann];
  const template = await api('POST', `/organizations/${acme}/checklists?with=steps`, {
    title: 'Customer onboarding',
    type: 'procedure',
    prerun: [
      { label: 'Customer name', field_type: 'text', required: true, position: 1 },
      { label: 'Start date', field_type: 'date', required: false, position: 2 },
      {
        label: 'Plan',
        field_type: 'dropdown',
        required: false,
        position: 3,
        options: [
          { id: 1, text: 'Basic' },
          { id: 2, text: 'Pro' },
        ],
      },
    ],
    steps: [
      {
        id: 'collect',
        title: 'Collect contract details',
        position: 1,
        assignees: me,
        summary: '<p>Ask the customer for the <strong>signed contract</strong>.</p><script>alert(1)</script>',
        captures: [
          { label: 'Contract number', field_type: 'text', required: true, position: 1 },
          { label: 'Notes', field_type: 'textarea', required: false, position: 2 },
          {
            label: 'Checks done',
            field_type: 'multiselect',
            required: false,
            position: 3,
            options: [
              { id: 1, text: 'Identity checked' },
              { id: 2, text: 'NDA signed' },
            ],
          },
          { label: 'Signed contract', field_type: 'file', required: false, position: 4 },
          {
            label: 'Account type',
            field_type: 'radio',
            required: false,
            position: 5,
            options: [
              { id: 1, text: 'Company' },
              { id: 2, text: 'Person' },
            ],
          },
          {
            label: 'Contacts',
            field_type: 'table',
            required: false,
            position: 6,
            columns: [
              { id: 1, label: 'Name' },
              { id: 2, label: 'Phone' },
            ],
          },
          { label: 'Billing e-mail', field_type: 'email', required: false, position: 7 },
          { label: 'Website', field_type: 'url', required: false, position: 8 },
          { label: 'Go-live', field_type: 'date', required: false, position: 9 },
          { label: 'Account manager', field_type: 'assignees_form', required: false, position: 10 },
        ],
      },
      { id: 'setup', title: 'Set up account', position: 2, assignees: me, skip_start_process: true },
      { id: 'discount', title: 'Approve discount', position: 3, step_type: 'approval', assignees: me },
      { id: 'refund', title: 'Approve refund', position: 4, step_type: 'approval', assignees: me },
      {
        id: 'confirm',
        title: 'Confirm the start date',
        position: 5,
        guests: [GUEST],
        allow_guest_owners: true,
        captures: [{ label: 'Your answer', field_type: 'text', required: true, position: 1 }],
      },
    ],
    automated_actions: [
      {
        automated_alias: 'Set up once the details are in',
        conditions: [
          {
            conditionable_id: 'collect',
            conditionable_type: 'Step',
            operation: 'completed',
            statement: 'any_time',
            logic: 'and',
          },
        ],
        then_actions: [{ action_type: 'visibility', action_verb: 'show', target_step_id: 'setup' }],
      },
    ],
  });

  // One-off tasks so the inbox has every group: overdue, due soon, upcoming.
  const oneOff = (title, deadline) =>
    api('POST', `/organizations/${acme}/tasks`, {
      title,
      task_type: 'task',
      deadline,
      owners: { users: me, guests: [], groups: [] },
    });
  await oneOff('Renew insurance', iso(-26 * HOUR));
  await oneOff('Call the supplier', iso(3 * HOUR));
  await oneOff('Plan the team offsite', iso(10 * 24 * HOUR));
  // Ann gives Max a task: his bell counts it.
  await api('POST', `/organizations/${acme}/tasks`, {
    title: 'Review the supplier contract',
    task_type: 'task',
    deadline: iso(5 * 24 * HOUR),
    owners: { users: [max], guests: [], groups: [] },
  });
  // More than 100 open tasks, so the inbox pages.
  for (let i = 1; i <= 110; i++)
    await oneOff(`Backlog item ${String(i).padStart(3, '0')}`, iso((60 * 24 + i) * HOUR));

  return { acme, other, side, ann, max, templateId: template.data.id, guestPath, api };
}
