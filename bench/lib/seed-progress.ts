/**
 * Moves a freshly planned process along to the state it is seeded in: completes tasks in
 * order (with form values, completer and an activity row each), shows the hidden step when
 * its rule would have, raises a problem, completes or archives the process, and sets the
 * counters exactly as refreshProcess computes them.
 */
import type { NewActivity } from '../../src/db/repositories/events-repository.js';
import type { NewThread } from '../../src/db/repositories/threads-repository.js';
import type { Process } from '../../src/domain/processes/process.js';
import type { Task } from '../../src/domain/tasks/task.js';
import type { TemplateDefinition } from '../../src/domain/templates/definition.js';
import type { Random } from './random.js';
import type { ProcessState } from './seed-processes.js';
import type { SeedValues } from './seed-values.js';

export interface ProgressEnv {
  random: Random;
  values: SeedValues;
  now: Date;
  adminId: number;
}

export interface ProgressSubject {
  process: Process;
  definition: TemplateDefinition;
  /** As planned, by position; changed in place. */
  tasks: Task[];
  state: ProcessState;
  urgent: boolean;
}

const isFormRules = (d: TemplateDefinition) =>
  d.steps.some((s) => s.fields.some((f) => f.label === 'Needs review'));

/** Whether the hidden last step's rule has fired by the time `completed` tasks are done. */
function hiddenShown(subject: ProgressSubject, completed: number): boolean {
  if (isFormRules(subject.definition)) return false;
  if (subject.definition.rules.some((r) => r.conditions.some((c) => c.conditionableType === 'Step'))) {
    return completed > 0;
  }
  return subject.urgent;
}

/** How many visible tasks are done, by state. */
function completedCount(env: ProgressEnv, state: ProcessState, visible: number): number {
  switch (state) {
    case 'fresh':
      return 0;
    case 'complete':
      return visible;
    case 'archived':
      return env.random.chance(0.6) ? visible : env.random.int(0, visible - 1);
    default:
      return env.random.int(0, Math.max(0, visible - 1));
  }
}

/** Moves the process to its state; returns the threads and activity rows that history left. */
export function advanceProcess(
  env: ProgressEnv,
  subject: ProgressSubject,
): { threads: NewThread[]; activities: NewActivity[] } {
  const { process, tasks } = subject;
  const history: { threads: NewThread[]; activities: NewActivity[] } = { threads: [], activities: [] };
  history.activities.push(
    activity(process, process.startedBy, 'launched', process.createdAt, {
      objectType: 'process',
      objectId: process.id,
      newValue: { name: process.name, checklist_id: process.templateId, version: process.templateVersion },
    }),
  );
  const initiallyVisible = tasks.filter((t) => t.status !== 'auto-skipped').length;
  const done = completedCount(env, subject.state, initiallyVisible);
  if (hiddenShown(subject, done)) {
    for (const t of tasks)
      if (t.status === 'auto-skipped') Object.assign(t, { status: 'not-started', statusBeforeHidden: null });
  }
  const visible = tasks.filter((t) => t.status !== 'auto-skipped');
  const target = subject.state === 'complete' ? visible.length : Math.min(done, visible.length);
  completeTasks(env, subject, visible.slice(0, target), history);
  const next = visible[target];
  if (next && subject.state !== 'fresh') startTask(env, subject, next, history);
  finishProcess(env, subject, history);
  return history;
}

function completeTasks(
  env: ProgressEnv,
  subject: ProgressSubject,
  done: Task[],
  history: ReturnType<typeof advanceProcess>,
) {
  const { process } = subject;
  const start = new Date(process.createdAt).getTime();
  const span = Math.max(60_000, env.now.getTime() - start);
  done.forEach((task, i) => {
    const at = new Date(start + (span * (i + 1)) / (done.length + 1.5)).toISOString();
    const step = subject.definition.steps.find((s) => s.id === task.stepId);
    const completer = task.owners.users[0] ?? env.adminId;
    Object.assign(task, {
      status: 'completed',
      completedAt: at,
      completerId: completer,
      isApproved: task.taskType === 'approval' || task.taskType.startsWith('expiring') ? true : null,
      taskdata: step ? env.values.taskdata(step.fields, step.id) : {},
      lastUpdated: at,
    });
    history.activities.push(
      activity(process, completer, 'completed', at, {
        objectType: 'task',
        objectId: task.id,
        taskId: task.id,
        field: 'status',
        oldValue: 'not-started',
        newValue: 'completed',
      }),
    );
    if (env.random.chance(0.12)) history.threads.push(thread(process, task, 'comment', completer, at));
  });
}

/** The next open task: sometimes in progress with answers saved, sometimes with a problem. */
function startTask(
  env: ProgressEnv,
  subject: ProgressSubject,
  task: Task,
  history: ReturnType<typeof advanceProcess>,
) {
  const { process } = subject;
  if (env.random.chance(0.4)) {
    const step = subject.definition.steps.find((s) => s.id === task.stepId);
    const at = new Date(
      Math.min(env.now.getTime(), new Date(process.createdAt).getTime() + 3_600_000),
    ).toISOString();
    Object.assign(task, {
      status: 'in-progress',
      taskdata: step ? env.values.taskdata(step.fields, step.id) : {},
      lastUpdated: at,
    });
  }
  if (env.random.chance(0.1))
    history.threads.push(
      thread(process, task, 'comment', task.owners.users[0] ?? env.adminId, process.createdAt),
    );
  if (subject.state === 'problem') {
    task.openProblems = 1;
    history.threads.push(
      thread(process, task, 'problem', process.startedBy ?? env.adminId, process.createdAt),
    );
  }
}

/** Counters as refreshProcess computes them, then completion and archiving. */
function finishProcess(
  env: ProgressEnv,
  subject: ProgressSubject,
  history: ReturnType<typeof advanceProcess>,
) {
  const { process, tasks } = subject;
  const visible = tasks.filter((t) => t.status !== 'auto-skipped');
  const completed = visible.filter((t) => t.status === 'completed');
  const deadlines = visible
    .map((t) => t.deadline)
    .filter((d): d is string => d !== null)
    .sort();
  Object.assign(process, {
    tasksAll: tasks.length,
    tasksTotal: visible.length,
    tasksCompleted: completed.length,
    openProblems: tasks.reduce((sum, t) => sum + t.openProblems, 0),
    dueDate: deadlines[deadlines.length - 1] ?? null,
  });
  const last = completed
    .map((t) => t.completedAt as string)
    .sort()
    .pop();
  if (process.openProblems > 0) process.status = 'problem';
  else if (visible.length > 0 && completed.length === visible.length) {
    Object.assign(process, {
      status: 'complete',
      completedAt: last ?? process.createdAt,
      lastUpdated: last ?? process.createdAt,
    });
    history.activities.push(
      activity(
        process,
        completed[completed.length - 1]?.completerId ?? null,
        'completed',
        process.completedAt as string,
        {
          objectType: 'process',
          objectId: process.id,
          field: 'status',
          oldValue: 'active',
          newValue: 'complete',
        },
      ),
    );
  }
  if (subject.state === 'archived') {
    const at = new Date(
      Math.min(env.now.getTime(), new Date(last ?? process.createdAt).getTime() + 7 * 86_400_000),
    ).toISOString();
    process.archivedAt = at;
    for (const t of tasks) t.archivedAt = at;
    history.activities.push(
      activity(process, env.adminId, 'archived', at, { objectType: 'process', objectId: process.id }),
    );
  }
}

function activity(
  process: Process,
  actorId: number | null,
  action: string,
  at: string,
  rest: Pick<NewActivity, 'objectType' | 'objectId'> & Partial<NewActivity>,
): NewActivity {
  return {
    organizationId: process.organizationId,
    actorType: 'user',
    actorId,
    action,
    processId: process.id,
    createdAt: at,
    ...rest,
  };
}

function thread(
  process: Process,
  task: Task,
  label: 'comment' | 'problem',
  authorId: number,
  at: string,
): NewThread {
  return {
    organizationId: process.organizationId,
    processId: process.id,
    taskId: task.id,
    label,
    content:
      label === 'problem'
        ? 'Waiting on the client: the signed form is missing.'
        : 'Done, see the notes in the form.',
    state: 'hide-for-guests',
    authorType: 'member',
    authorId,
    resolvesThreadId: null,
    resolvedBy: null,
    resolvedAt: null,
    resolutionThreadId: null,
    createdAt: at,
    lastUpdated: at,
    archivedAt: null,
  };
}
