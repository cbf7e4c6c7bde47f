import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../services/context.js';
import { type CompletionResult, completeTask } from '../../services/tasks/complete-task.js';
import { reopenTask } from '../../services/tasks/reopen-task.js';
import { loadTaskViews } from '../../services/views/task-views.js';
import { baseUrlOf } from '../base-url.js';
import { requireActor } from '../plugins/auth.js';
import { presentChangedByRules, TasksChangedByRulesSchema } from '../presenters/present-rule-changes.js';
import { TaskSchema } from '../presenters/present-task.js';
import { type PresentedTask, presentTasks } from '../presenters/task-includes.js';
import { Envelope, ErrorResponses, OrgParams } from '../schemas/common.js';
import { CompleteTaskBody } from '../schemas/tasks.schemas.js';
import type { RouteModule } from '../types.js';

const RunParams = Type.Object({ org: Type.String(), run_id: Type.String() });
const TaskParams = Type.Object({ org: Type.String(), task_id: Type.String() });
const RunTaskParams = Type.Object({ org: Type.String(), run_id: Type.String(), task_id: Type.String() });

const CompletedTask = Envelope(
  Type.Intersect([
    TaskSchema,
    Type.Object({ tasks_changed_by_rules: Type.Optional(TasksChangedByRulesSchema) }),
  ]),
);

/**
 * The task as completed or reopened. Process tasks also carry `tasks_changed_by_rules`
 * (always an object keyed by task id saying how each changed); one-off tasks do not.
 */
async function answer(ctx: AppContext, request: FastifyRequest, result: CompletionResult) {
  const org = requireActor(request).organizationId;
  const processes = new Map(result.process ? [[result.process.id, result.process]] : []);
  const requested = new Set<string>();
  const views = await loadTaskViews(ctx, org, [result.task], { requested, processes });
  const presented = presentTasks(views, {
    requested,
    alwaysSummary: true,
    baseUrl: baseUrlOf(request, ctx.config.publicUrl),
    now: ctx.clock.now(),
  });
  const [task] = presented as PresentedTask[];
  if (!task) throw new Error('presentTasks lost the task');
  if (result.task.isOneoff) return { data: task };
  return { data: { ...task, tasks_changed_by_rules: presentChangedByRules(result.changedByRules) } };
}

export const completedTaskRoutes: RouteModule = (app, ctx) => {
  const completeSchema = {
    tags: ['Task'],
    body: CompleteTaskBody,
    response: { 200: CompletedTask, ...ErrorResponses },
  };

  app.post(
    '/organizations/:org/runs/:run_id/completed-tasks',
    { schema: { ...completeSchema, summary: 'Complete a process task', params: RunParams } },
    async (request) => {
      const b = request.body;
      const input = { taskId: b.task_id, isApproved: b.is_approved, overrideUser: b.override_user };
      return answer(
        ctx,
        request,
        await completeTask(ctx, requireActor(request), input, request.params.run_id),
      );
    },
  );

  app.post(
    '/organizations/:org/completed-tasks',
    { schema: { ...completeSchema, summary: 'Complete a one-off (standalone) task', params: OrgParams } },
    async (request) => {
      const b = request.body;
      const input = { taskId: b.task_id, isApproved: b.is_approved, overrideUser: b.override_user };
      return answer(ctx, request, await completeTask(ctx, requireActor(request), input));
    },
  );

  const reopenSchema = { tags: ['Task'], response: { 200: CompletedTask, ...ErrorResponses } };
  const reopenRun = async (request: FastifyRequest<{ Params: { run_id: string; task_id: string } }>) => {
    const p = request.params;
    return answer(ctx, request, await reopenTask(ctx, requireActor(request), p.task_id, p.run_id));
  };
  for (const method of ['DELETE', 'POST'] as const) {
    app.route({
      method,
      url: '/organizations/:org/runs/:run_id/completed-tasks/:task_id',
      schema: { ...reopenSchema, summary: 'Reopen a completed process task', params: RunTaskParams },
      handler: reopenRun,
    });
  }
  app.delete(
    '/organizations/:org/completed-tasks/:task_id',
    { schema: { ...reopenSchema, summary: 'Reopen a completed one-off task', params: TaskParams } },
    async (request) =>
      answer(ctx, request, await reopenTask(ctx, requireActor(request), request.params.task_id)),
  );
};
