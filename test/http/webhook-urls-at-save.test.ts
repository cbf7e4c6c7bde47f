/**
 * Every route that saves a webhook URL checks it the same way: loopback, private,
 * link-local and other non-public addresses are refused with 422 naming the field (and
 * nothing is saved) unless WEBHOOK_ALLOW_PRIVATE=true.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';

const PRIVATE_URLS = [
  'http://127.0.0.1/hook',
  'http://169.254.169.254/latest/meta-data/',
  'http://[::1]:8080/',
  'http://0x7f000001/',
  'http://2130706433/',
  'http://10.0.0.5/',
  'http://192.168.1.1/',
  'http://172.16.0.1/',
  'http://100.64.0.1/',
  'http://0.0.0.0/',
  'http://localhost:3000/',
  'http://api.localhost/',
  'http://[::ffff:127.0.0.1]/',
  'http://[fd00::1]/',
  'http://[fe80::1]/',
];

interface Fixture {
  api: Api;
  org: TestOrg;
  base: string;
  templateId: string;
  stepId: string;
  ruleId: number | string;
  processId: string;
  taskId: string;
  oneOffId: string;
  watcherId: number;
}

async function fixture(t: TestContext): Promise<Fixture> {
  const org = await createOrgWithAdmin(t.ctx);
  const api = apiClient(t.app, org.admin.token);
  const base = `/organizations/${org.orgId}`;
  const tpl = await api.post(`${base}/checklists`, {
    title: 'Hooks',
    steps: [{ title: 'One' }, { title: 'Two' }],
  });
  expect(tpl.status, JSON.stringify(tpl.body)).toBe(201);
  const templateId = tpl.body.data.id;
  const steps = (await api.get(`${base}/checklists/${templateId}?with=steps`)).body.data.steps.data;
  const stepId = steps[0].id;
  const rule = await api.post(`${base}/checklists/${templateId}/automated_actions`, {
    automated_alias: 'Hook rule',
    conditions: [
      {
        conditionable_id: stepId,
        conditionable_type: 'Step',
        operation: 'completed',
        statement: 'any_time',
        logic: 'and',
      },
    ],
    then_actions: [
      {
        action_type: 'webhook',
        action_verb: 'emit_webhook',
        target_step_id: steps[1].id,
        webhook_url: 'https://hooks.example.com/a',
        alias_name: 'A',
      },
    ],
  });
  expect(rule.status, JSON.stringify(rule.body)).toBe(201);
  const run = await api.post(`${base}/runs`, { checklist_id: templateId, name: 'Run' });
  expect(run.status, JSON.stringify(run.body)).toBe(201);
  const tasks = await api.get(`${base}/runs/${run.body.data.id}/tasks`);
  const oneOff = await api.post(`${base}/tasks`, {
    title: 'Alone',
    task_type: 'task',
    deadline: '2025-01-09 17:00:00',
    owners: { users: [org.admin.userId] },
  });
  expect(oneOff.status, JSON.stringify(oneOff.body)).toBe(201);
  const watch = await api.post(`${base}/users/${org.admin.userId}/add-watcher`, {
    object_type: 'organization',
    object_id: org.orgId,
    notification_type: 'webhook',
    frequency: 'electric',
    webhook: 'https://hooks.example.com/w',
  });
  expect(watch.status, JSON.stringify(watch.body)).toBe(204);
  const watchers = await api.get(`${base}/watchers`);
  return {
    api,
    org,
    base,
    templateId,
    stepId,
    ruleId: rule.body.data.id,
    processId: run.body.data.id,
    taskId: tasks.body.data[0].id,
    oneOffId: oneOff.body.data.id,
    watcherId: watchers.body.data[0].id,
  };
}

/** Each route that takes a URL: the request, and the field its error is filed under. */
const ROUTES: {
  name: string;
  field: RegExp;
  send: (f: Fixture, url: string) => Promise<{ status: number; body: any }>;
}[] = [
  {
    name: 'POST template',
    field: /^webhook$/,
    send: (f, url) => f.api.post(`${f.base}/checklists`, { title: 'T', webhook: url }),
  },
  {
    name: 'POST template with a step webhook',
    field: /^steps\.0\.webhook$/,
    send: (f, url) =>
      f.api.post(`${f.base}/checklists`, { title: 'T', steps: [{ title: 'S', webhook: url }] }),
  },
  {
    name: 'PUT template',
    field: /^webhook$/,
    send: (f, url) => f.api.put(`${f.base}/checklists/${f.templateId}`, { title: 'Hooks', webhook: url }),
  },
  {
    name: 'import template',
    field: /^(data\.)?webhook$/,
    send: (f, url) =>
      f.api.post(`${f.base}/checklists/import`, { data: { title: 'Imported', webhook: url } }),
  },
  {
    name: 'POST step',
    field: /^webhook$/,
    send: (f, url) =>
      f.api.post(`${f.base}/checklists/${f.templateId}/steps`, { title: 'New', webhook: url }),
  },
  {
    name: 'PUT step',
    field: /^webhook$/,
    send: (f, url) =>
      f.api.put(`${f.base}/checklists/${f.templateId}/steps/${f.stepId}`, { title: 'One', webhook: url }),
  },
  {
    name: 'POST rule',
    field: /webhook_url$/,
    send: (f, url) =>
      f.api.post(`${f.base}/checklists/${f.templateId}/automated_actions`, {
        automated_alias: 'R',
        conditions: [
          {
            conditionable_id: f.stepId,
            conditionable_type: 'Step',
            operation: 'completed',
            statement: 'any_time',
            logic: 'and',
          },
        ],
        then_actions: [
          {
            action_type: 'webhook',
            action_verb: 'emit_webhook',
            target_step_id: f.stepId,
            webhook_url: url,
            alias_name: 'X',
          },
        ],
      }),
  },
  {
    name: 'PUT rule',
    field: /webhook_url$/,
    send: (f, url) =>
      f.api.put(`${f.base}/checklists/${f.templateId}/automated_actions/${f.ruleId}`, {
        automated_alias: 'R',
        conditions: [
          {
            conditionable_id: f.stepId,
            conditionable_type: 'Step',
            operation: 'completed',
            statement: 'any_time',
            logic: 'and',
          },
        ],
        then_actions: [
          {
            action_type: 'webhook',
            action_verb: 'emit_webhook',
            target_step_id: f.stepId,
            webhook_url: url,
            alias_name: 'X',
          },
        ],
      }),
  },
  {
    name: 'POST one-off task',
    field: /^webhook$/,
    send: (f, url) =>
      f.api.post(`${f.base}/tasks`, {
        title: 'T',
        task_type: 'task',
        deadline: '2025-01-09 17:00:00',
        owners: { users: [f.org.admin.userId] },
        webhook: url,
      }),
  },
  {
    name: 'PUT one-off task',
    field: /^webhook$/,
    send: (f, url) => f.api.put(`${f.base}/tasks/${f.oneOffId}`, { webhook: url }),
  },
  {
    name: 'PUT process task',
    field: /^webhook$/,
    send: (f, url) => f.api.put(`${f.base}/runs/${f.processId}/tasks/${f.taskId}`, { webhook: url }),
  },
  {
    name: 'add watcher',
    field: /^webhook$/,
    send: (f, url) =>
      f.api.post(`${f.base}/users/${f.org.admin.userId}/add-watcher`, {
        object_type: 'Run',
        object_id: f.processId,
        notification_type: 'webhook',
        frequency: 'electric',
        webhook: url,
      }),
  },
  {
    name: 'update watcher',
    field: /^webhook$/,
    send: (f, url) =>
      f.api.put(`${f.base}/users/${f.org.admin.userId}/update-watcher/${f.watcherId}`, {
        notification_type: 'webhook',
        webhook: url,
      }),
  },
];

describe('webhook URLs are checked when saved, on every route that takes one', () => {
  let t: TestContext;
  let f: Fixture;
  beforeAll(async () => {
    t = await createTestContext();
    f = await fixture(t);
  });
  afterAll(() => t.close());

  it.each(ROUTES)(
    '$name answers 422 naming the field for every private URL and saves none',
    async (route) => {
      for (const url of PRIVATE_URLS) {
        const res = await route.send(f, url);
        expect(res.status, `${route.name} ${url}: ${JSON.stringify(res.body)}`).toBe(422);
        expect(
          Object.keys(res.body.errors ?? {}).some((k) => route.field.test(k)),
          `${url}: ${JSON.stringify(res.body)}`,
        ).toBe(true);
      }
      const stored = JSON.stringify(
        await Promise.all([
          t.db.kysely.selectFrom('templates').select('webhook').execute(),
          t.db.kysely.selectFrom('tasks').select('webhook').execute(),
          t.db.kysely.selectFrom('watchers').selectAll().execute(),
          t.db.kysely.selectFrom('template_steps').select('webhook').execute(),
        ]),
      );
      for (const url of PRIVATE_URLS) expect(stored).not.toContain(new URL(url).host);
    },
  );
});

describe('WEBHOOK_ALLOW_PRIVATE=true', () => {
  let t: TestContext;
  let f: Fixture;
  beforeAll(async () => {
    t = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    f = await fixture(t);
  });
  afterAll(() => t.close());

  it.each(ROUTES)('$name accepts a private URL', async (route) => {
    const res = await route.send(f, 'http://10.0.0.5/hook');
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  });
});
