import type { FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import type { AppContext } from '../../services/context.js';
import { getTask } from '../../services/tasks/get-task.js';
import {
  listMemberTasks,
  listOrganizationTasks,
  listProcessTasks,
  listTemplateTasks,
  type TaskList,
} from '../../services/tasks/list-tasks.js';
import { type UpdatedTask, updateTask } from '../../services/tasks/update-task.js';
import { loadTaskViews } from '../../services/views/task-views.js';
import { baseUrlOf } from '../base-url.js';
import { parseWith } from '../includes.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireActor } from '../plugins/auth.js';
import { presentChangedByRules, TasksChangedByRulesSchema } from '../presenters/present-rule-changes.js';
import { TaskSchema } from '../presenters/present-task.js';
import { type PresentedTask, presentTasks } from '../presenters/task-includes.js';
import { Envelope, ErrorResponses, ListEnvelope, OrgParams } from '../schemas/common.js';
import { TaskListQuery, UpdateTaskBody, WithQuery } from '../schemas/tasks.schemas.js';
import type { RouteModule } from '../types.js';
import { updateInput } from './tasks.inputs.js';

const RunParams = Type.Object({ org: Type.String(), run_id: Type.String() });
const TaskParams = Type.Object({ org: Type.String(), task_id: Type.String() });
const RunTaskParams = Type.Object({ org: Type.String(), run_id: Type.String(), task_id: Type.String() });
const UserParams = Type.Object({ org: Type.String(), user_id: Type.Integer({ minimum: 1 }) });
const TemplateParams = Type.Object({ org: Type.String(), checklist_id: Type.String({ maxLength: 64 }) });
const TaskListBody = ListEnvelope(TaskSchema);
const OneTask = Envelope(TaskSchema);
const UpdatedTaskSchema = Envelope(
  Type.Intersect([
    TaskSchema,
    Type.Object({ tasks_changed_by_rules: Type.Optional(TasksChangedByRulesSchema) }),
  ]),
);

/** The list envelope with the task counts Tallyfy's TasksListMeta carries. */
async function listAnswer(
  ctx: AppContext,
  request: FastifyRequest,
  result: TaskList,
  withParam?: string,
  archived?: string,
) {
  const actor = requireActor(request);
  const requested = parseWith(withParam);
  const views = await loadTaskViews(ctx, actor.organizationId, result.page.items, {
    requested,
    processes: result.processes,
    archivedAssets: archived === 'true' || archived === 'only',
  });
  const data = presentTasks(views, {
    requested,
    alwaysSummary: false,
    baseUrl: baseUrlOf(request, ctx.config.publicUrl),
    now: ctx.clock.now(),
  });
  return listBody(request, result.page, data, ctx.config.publicUrl, {
    overdue_tasks: result.overdue,
    tasks_due_soon: result.dueSoon,
  });
}

async function oneAnswer(
  ctx: AppContext,
  request: FastifyRequest,
  found: Awaited<ReturnType<typeof getTask>>,
  w?: string,
) {
  const actor = requireActor(request);
  const processes = new Map(found.process ? [[found.process.id, found.process]] : []);
  const requested = parseWith(w);
  const views = await loadTaskViews(ctx, actor.organizationId, [found.task], { requested, processes });
  const [data] = presentTasks(views, {
    requested,
    alwaysSummary: true,
    baseUrl: baseUrlOf(request, ctx.config.publicUrl),
    now: ctx.clock.now(),
  });
  return { data: data as PresentedTask };
}

/** The updated task; a process task also says which tasks rules changed (`tasks_changed_by_rules`). */
async function updateAnswer(ctx: AppContext, request: FastifyRequest, result: UpdatedTask, w?: string) {
  const answer = await oneAnswer(ctx, request, result, w);
  if (result.task.isOneoff) return answer;
  return { data: { ...answer.data, tasks_changed_by_rules: presentChangedByRules(result.changedByRules) } };
}

export const taskRoutes: RouteModule = (app, ctx) => {
  const listSchema = <P extends TSchema>(summary: string, params: P) => ({
    tags: ['Task'],
    summary,
    params,
    querystring: TaskListQuery,
    response: { 200: TaskListBody, ...ErrorResponses },
  });

  app.get(
    '/organizations/:org/runs/:run_id/tasks',
    { schema: listSchema("A process's tasks", RunParams) },
    async (request) => {
      const q = request.query;
      const result = await listProcessTasks(
        ctx,
        requireActor(request),
        request.params.run_id,
        q,
        pageRequestFrom(q),
      );
      return listAnswer(ctx, request, result, q.with, q.archived);
    },
  );

  app.get(
    '/organizations/:org/tasks',
    { schema: listSchema('Every task of the organization', OrgParams) },
    async (request) => {
      const q = request.query;
      const result = await listOrganizationTasks(ctx, requireActor(request), q, pageRequestFrom(q));
      return listAnswer(ctx, request, result, q.with, q.archived);
    },
  );

  for (const completed of [false, true]) {
    const suffix = completed ? '/completed' : '';
    app.get(
      `/organizations/:org/me/tasks${suffix}`,
      { schema: listSchema('My tasks', OrgParams) },
      async (request) => {
        const actor = requireActor(request);
        const q = request.query;
        const result = await listMemberTasks(ctx, actor, actor.userId, q, pageRequestFrom(q), { completed });
        return listAnswer(ctx, request, result, q.with, q.archived);
      },
    );
    app.get(
      `/organizations/:org/checklists/:checklist_id/tasks${suffix}`,
      {
        schema: listSchema(
          completed ? "The completed tasks of a template's processes" : "The tasks of a template's processes",
          TemplateParams,
        ),
      },
      async (request) => {
        const q = request.query;
        const actor = requireActor(request);
        const result = await listTemplateTasks(
          ctx,
          actor,
          request.params.checklist_id,
          q,
          pageRequestFrom(q),
          {
            completed,
          },
        );
        return listAnswer(ctx, request, result, q.with, q.archived);
      },
    );
    app.get(
      `/organizations/:org/users/:user_id/tasks${suffix}`,
      { schema: listSchema("A member's tasks", UserParams) },
      async (request) => {
        const q = request.query;
        const actor = requireActor(request);
        const result = await listMemberTasks(ctx, actor, request.params.user_id, q, pageRequestFrom(q), {
          completed,
        });
        return listAnswer(ctx, request, result, q.with, q.archived);
      },
    );
  }

  const getSchema = <P extends TSchema>(params: P) => ({
    tags: ['Task'],
    summary: 'One task',
    params,
    querystring: WithQuery,
    response: { 200: OneTask, ...ErrorResponses },
  });
  app.get(
    '/organizations/:org/runs/:run_id/tasks/:task_id',
    { schema: getSchema(RunTaskParams) },
    async (request) => {
      const found = await getTask(ctx, requireActor(request), request.params.task_id, request.params.run_id);
      return oneAnswer(ctx, request, found, request.query.with);
    },
  );
  app.get('/organizations/:org/tasks/:task_id', { schema: getSchema(TaskParams) }, async (request) => {
    const found = await getTask(ctx, requireActor(request), request.params.task_id);
    return oneAnswer(ctx, request, found, request.query.with);
  });

  const putSchema = <P extends TSchema>(params: P) => ({
    tags: ['Task'],
    summary: 'Update a task: form values, deadline, owners, title, …',
    params,
    querystring: WithQuery,
    body: UpdateTaskBody,
    response: { 200: UpdatedTaskSchema, ...ErrorResponses },
  });
  app.put(
    '/organizations/:org/runs/:run_id/tasks/:task_id',
    { schema: putSchema(RunTaskParams) },
    async (request) => {
      const p = request.params;
      const result = await updateTask(
        ctx,
        requireActor(request),
        p.task_id,
        updateInput(request.body),
        p.run_id,
      );
      return updateAnswer(ctx, request, result, request.query.with);
    },
  );
  app.put('/organizations/:org/tasks/:task_id', { schema: putSchema(TaskParams) }, async (request) => {
    const result = await updateTask(
      ctx,
      requireActor(request),
      request.params.task_id,
      updateInput(request.body),
    );
    return updateAnswer(ctx, request, result, request.query.with);
  });
};
