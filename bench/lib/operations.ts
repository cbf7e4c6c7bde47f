/**
 * The seven measured operations. Each gives the HTTP request autocannon sends (fresh data per
 * request where it matters) and two in-process equivalents:
 * - `direct`, Flowlane's own data work: the token check, the same service call and the same
 *   batch loads the route's presenter makes for `with=`, without HTTP, routing, validation or
 *   JSON (the database-only figure: what Flowlane's queries cost);
 * - `floor`, the least SQL that answers the same request (bench/db/floor-repository.ts): one
 *   statement for a read, the minimal write set in one transaction for a write (the physical
 *   floor: what the database itself needs).
 */
import { reserveSequences } from '../../src/db/repositories/processes-repository.js';
import { newHexId } from '../../src/domain/ids.js';
import { pageRequestFrom } from '../../src/http/list.js';
import { type AppContext, inTransaction, type MemberActor } from '../../src/services/context.js';
import { authenticateBearer } from '../../src/services/identity/tokens.js';
import { planTasks } from '../../src/services/processes/launch-plan.js';
import { launchProcess } from '../../src/services/processes/launch-process.js';
import { completeTask } from '../../src/services/tasks/complete-task.js';
import { getTask } from '../../src/services/tasks/get-task.js';
import { listOrganizationTasks, listProcessTasks } from '../../src/services/tasks/list-tasks.js';
import { updateTask } from '../../src/services/tasks/update-task.js';
import {
  loadLateTaskCounts,
  loadSharesOfTasks,
  loadTemplatePartsOfTasks,
  loadThreadsOfTasks,
} from '../../src/services/views/task-relations.js';
import {
  floorCompleteTask,
  floorInsertLaunch,
  floorMemberTasks,
  floorProcessTasks,
  floorSaveFormValue,
  floorTask,
} from '../db/floor-repository.js';
import type { Fixture } from './fixture.js';
import type { LoadRequest } from './load.js';
import { Random } from './random.js';
import { buildProcess } from './seed-values.js';

export const OPERATION_NAMES = [
  'list_run_tasks',
  'org_tasks_owner_active',
  'org_tasks_overdue',
  'get_task',
  'update_form_values',
  'complete_task',
  'launch_process',
] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];

/** One unit of work, as a request, as Flowlane's in-process work, and as its floor. */
export interface Unit {
  request: LoadRequest;
  direct: () => Promise<unknown>;
  floor: () => Promise<unknown>;
}

export interface Operation {
  name: OperationName;
  /** The next unit, or undefined when the operation has run out of fresh data. */
  next(): Unit | undefined;
}

const page = pageRequestFrom({});

export function buildOperations(ctx: AppContext, fixture: Fixture): Operation[] {
  const random = new Random(42);
  const org = fixture.orgId;
  const base = `/organizations/${org}`;
  const token = fixture.catalog.token;
  /** The auth hook's work: token look-up and membership, as on every request. */
  const auth = async (): Promise<MemberActor> => {
    const { actor } = await authenticateBearer(ctx, token, org);
    if (!actor) throw new Error('the bench token has no membership');
    return actor;
  };
  const get = (path: string): LoadRequest => ({ method: 'GET', path });

  const listRunTasks = (): Unit => {
    const run = random.pick(fixture.processIds);
    return {
      request: get(`${base}/runs/${run}/tasks?with=step,form_fields`),
      direct: async () => {
        const result = await listProcessTasks(ctx, await auth(), run, {}, page);
        await loadTemplatePartsOfTasks(ctx, org, result.page.items, result.processes);
        await loadSharesOfTasks(ctx, org, result.page.items);
      },
      floor: () => floorProcessTasks(ctx.db.kysely, org, run, page.perPage),
    };
  };

  const orgTasks = (status: 'active' | 'overdue') => (): Unit => {
    const owner = random.pick(fixture.busyMembers);
    return {
      request: get(`${base}/tasks?owners=${owner}&status=${status}&sort=deadline`),
      direct: async () => {
        const params = { owners: String(owner), status, sort: 'deadline' };
        const result = await listOrganizationTasks(ctx, await auth(), params, page);
        await loadSharesOfTasks(ctx, org, result.page.items);
      },
      floor: () =>
        floorMemberTasks(
          ctx.db.kysely,
          org,
          owner,
          page.perPage,
          status === 'overdue' ? ctx.clock.now().toISOString() : undefined,
        ),
    };
  };

  const oneTask = (): Unit => {
    const ref = random.pick(fixture.tasks);
    return {
      request: get(`${base}/tasks/${ref.taskId}?with=run,step,form_fields,threads`),
      direct: async () => {
        const found = await getTask(ctx, await auth(), ref.taskId);
        const processes = new Map(found.process ? [[found.process.id, found.process]] : []);
        const tasks = [found.task];
        await loadLateTaskCounts(ctx, org, [...processes.keys()]);
        await loadTemplatePartsOfTasks(ctx, org, tasks, processes);
        await loadThreadsOfTasks(ctx, org, [found.task.id]);
        await loadSharesOfTasks(ctx, org, tasks);
      },
      floor: () => floorTask(ctx.db.kysely, org, ref.taskId),
    };
  };

  return [
    { name: 'list_run_tasks', next: listRunTasks },
    { name: 'org_tasks_owner_active', next: orgTasks('active') },
    { name: 'org_tasks_overdue', next: orgTasks('overdue') },
    { name: 'get_task', next: oneTask },
    ...writeOperations(ctx, fixture, { base, auth, random }),
  ];
}

interface Shared {
  base: string;
  auth: () => Promise<MemberActor>;
  random: Random;
}

function writeOperations(ctx: AppContext, fixture: Fixture, { base, auth, random }: Shared): Operation[] {
  const org = fixture.orgId;
  const answers = new Map<string, boolean>();
  const updateFormValues = (): Unit | undefined => {
    if (fixture.formTasks.length === 0) return undefined;
    const ref = random.pick(fixture.formTasks);
    // Alternate the answer so every request changes a value and the rules run.
    const yes = !(answers.get(ref.taskId) ?? false);
    answers.set(ref.taskId, yes);
    const taskdata = { [ref.fieldId]: yes ? 'Yes' : 'No' };
    return {
      request: {
        method: 'PUT',
        path: `${base}/runs/${ref.processId}/tasks/${ref.taskId}`,
        body: JSON.stringify({ taskdata }),
      },
      direct: async () => {
        const result = await updateTask(ctx, await auth(), ref.taskId, { taskdata }, ref.processId);
        await loadSharesOfTasks(ctx, org, [result.task]);
      },
      floor: () =>
        inTransaction(ctx, (tx) =>
          floorSaveFormValue(tx.db.kysely, writeRef(ref), ref.fieldId, yes ? 'Yes' : 'No'),
        ),
    };
  };

  const complete = (): Unit | undefined => {
    const ref = fixture.completions.take();
    if (!ref) return undefined;
    return {
      request: {
        method: 'POST',
        path: `${base}/runs/${ref.processId}/completed-tasks`,
        body: JSON.stringify({ task_id: ref.taskId }),
      },
      direct: async () => {
        const result = await completeTask(ctx, await auth(), { taskId: ref.taskId }, ref.processId);
        await loadSharesOfTasks(ctx, org, [result.task]);
      },
      floor: () => inTransaction(ctx, (tx) => floorCompleteTask(tx.db.kysely, writeRef(ref))),
    };
  };

  const actorId = fixture.catalog.admin.userId;
  const writeRef = (ref: { taskId: string; processId: string }) => ({
    organizationId: org,
    processId: ref.processId,
    taskId: ref.taskId,
    actorId,
    now: ctx.clock.now().toISOString(),
  });

  const template = fixture.catalog.launchTemplate;
  const everyone = new Set(fixture.catalog.memberIds);
  /** Numbers reserved, tasks planned in memory (as a launch must), then the rows inserted. */
  const floorLaunch = (name: string, prerun: Record<string, unknown>) =>
    inTransaction(ctx, async (tx) => {
      const db = tx.db.kysely;
      const first = await reserveSequences(db, org, { process: 1, task: template.steps.length });
      const launchedAt = ctx.clock.now();
      const processId = newHexId();
      const tasks = planTasks({
        definition: template,
        organization: fixture.catalog.organization,
        processId,
        launcherId: actorId,
        launchedAt,
        firstIncrementId: first.task,
        overrides: new Map(),
        activeStepUsers: everyone,
      });
      const process = buildProcess(org, template, {
        id: processId,
        incrementId: first.process,
        launcherId: actorId,
        launchedAt,
        prerun,
      });
      await floorInsertLaunch(db, { ...process, name }, tasks, actorId);
    });
  const field = (label: string) => template.kickoffFields.find((f) => f.label === label)?.id ?? label;
  let launched = 0;
  const launch = (): Unit => {
    launched++;
    const prerun = {
      [field('Client')]: `Client ${launched}`,
      [field('Priority')]: launched % 3 === 0 ? 'Urgent' : 'Normal',
      [field('Start on')]: '2025-06-02 09:00:00',
    };
    const name = `Bench launch ${launched}`;
    return {
      request: {
        method: 'POST',
        path: `${base}/runs`,
        body: JSON.stringify({ checklist_id: template.id, name, prerun }),
      },
      direct: async () => {
        const result = await launchProcess(ctx, await auth(), { checklistId: template.id, name, prerun });
        await loadLateTaskCounts(ctx, org, [result.process.id]);
      },
      floor: () => floorLaunch(name, prerun),
    };
  };

  return [
    { name: 'update_form_values', next: updateFormValues },
    { name: 'complete_task', next: complete },
    { name: 'launch_process', next: launch },
  ];
}
