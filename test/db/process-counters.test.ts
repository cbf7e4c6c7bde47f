/**
 * A completion refreshes its process's counters from the tasks it already holds
 * (`countersOfTasks`) instead of asking the database (`countProcessTasks`). The two must agree
 * in every state: open, completed, hidden, with problems, with and without deadlines, archived.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countProcessTasks } from '../../src/db/repositories/process-tasks-repository.js';
import { findTasksOfProcess } from '../../src/db/repositories/tasks-repository.js';
import { countersOfTasks } from '../../src/services/processes/refresh-process.js';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { type LaunchedProcess, launchTemplate } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let p: LaunchedProcess;

const days = (value: number) => ({ value, unit: 'days', option: 'from', step: 'start_run' });
const runPath = () => `/organizations/${org.orgId}/runs/${p.runId}`;

async function expectSameCounters() {
  const fromSql = await countProcessTasks(t.db.kysely, org.orgId, p.runId);
  const fromTasks = countersOfTasks(await findTasksOfProcess(t.db.kysely, org.orgId, p.runId));
  expect(fromTasks).toEqual(fromSql);
  return fromSql;
}

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx);
  api = apiClient(t.app, org.admin.token);
  p = await launchTemplate(api, org.orgId, {
    steps: [
      { title: 'A', deadline: days(1) },
      { title: 'B', deadline: days(3) },
      { title: 'C' },
      { title: 'Hidden', deadline: days(9), skip_start_process: true },
    ],
  });
});
afterAll(() => t.close());

describe('process counters from tasks in hand', () => {
  it('agree with the database through launch, completion, a problem and archiving', async () => {
    const launched = await expectSameCounters();
    // The hidden step counts in `all` only, and its later deadline is not the due date.
    expect(launched).toMatchObject({ all: 4, visible: 3, completed: 0, openProblems: 0 });

    expect((await api.post(`${runPath()}/completed-tasks`, { task_id: p.tasks.A })).status).toBe(200);
    expect(await expectSameCounters()).toMatchObject({ completed: 1 });

    const problem = await api.post(`/organizations/${org.orgId}/tasks/${p.tasks.B}/problem`, {
      content: 'x',
    });
    expect(problem.status).toBe(201);
    expect(await expectSameCounters()).toMatchObject({ openProblems: 1 });

    expect((await api.delete(runPath())).status).toBeLessThan(300);
    expect(await expectSameCounters()).toMatchObject({ all: 0, visible: 0, latestDeadline: null });
  });
});
