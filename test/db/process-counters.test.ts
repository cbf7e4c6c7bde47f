/**
 * Every write recounts its process from the tasks its write unit holds. What it stores must
 * be what the database counts from the task rows (`countProcessTasks`), in every state: open,
 * completed, hidden, with problems, with and without deadlines, archived and restored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countProcessTasks } from '../../src/db/repositories/process-tasks-repository.js';
import { findProcessById } from '../../src/db/repositories/processes-repository.js';
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

/** The counters the process row holds equal those the database counts; returns them. */
async function expectStoredCounters() {
  const fromSql = await countProcessTasks(t.db.kysely, org.orgId, p.runId);
  const process = await findProcessById(t.db.kysely, org.orgId, p.runId);
  expect({
    all: process?.tasksAll,
    visible: process?.tasksTotal,
    completed: process?.tasksCompleted,
    openProblems: process?.openProblems,
    latestDeadline: process?.dueDate,
  }).toEqual(fromSql);
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

describe('process counters from the tasks a write holds', () => {
  it('are stored as the database counts them through launch, completion, a problem, archiving and restoring', async () => {
    const launched = await expectStoredCounters();
    // The hidden step counts in `all` only, and its later deadline is not the due date.
    expect(launched).toMatchObject({ all: 4, visible: 3, completed: 0, openProblems: 0 });

    expect((await api.post(`${runPath()}/completed-tasks`, { task_id: p.tasks.A })).status).toBe(200);
    expect(await expectStoredCounters()).toMatchObject({ completed: 1 });

    const problem = await api.post(`/organizations/${org.orgId}/tasks/${p.tasks.B}/problem`, {
      content: 'x',
    });
    expect(problem.status).toBe(201);
    expect(await expectStoredCounters()).toMatchObject({ openProblems: 1 });

    // Archived, its tasks count for nothing; the row keeps what it held until it comes back.
    expect((await api.delete(runPath())).status).toBe(200);
    expect(await countProcessTasks(t.db.kysely, org.orgId, p.runId)).toMatchObject({ all: 0, visible: 0 });
    expect((await api.put(`${runPath()}/activate`, {})).status).toBe(200);
    expect(await expectStoredCounters()).toMatchObject({ all: 4, visible: 3, completed: 1, openProblems: 1 });
  });
});
