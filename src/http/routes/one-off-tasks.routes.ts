import type { FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { AppContext } from '../../services/context.js';
import { getTask } from '../../services/tasks/get-task.js';
import {
  archiveOneOffTask,
  cloneTask,
  deleteOneOffTask,
  linkTaskToProcess,
  type OneOffResult,
  restoreOneOffTask,
  unlinkTaskFromProcess,
} from '../../services/tasks/one-off-lifecycle.js';
import { type CreateOneOffInput, createOneOffTask } from '../../services/tasks/one-off-tasks.js';
import { loadTaskViews } from '../../services/views/task-views.js';
import { baseUrlOf } from '../base-url.js';
import { requireActor } from '../plugins/auth.js';
import { TaskSchema } from '../presenters/present-task.js';
import { type PresentedTask, presentTasks } from '../presenters/task-includes.js';
import { AnyObject, Envelope, ErrorResponses, Nullable, OrgParams } from '../schemas/common.js';
import { OwnersBody, TaskRolesBody } from '../schemas/tasks.schemas.js';
import type { RouteModule } from '../types.js';
import { ownersInputOf } from './tasks.inputs.js';

const TaskParams = Type.Object({ org: Type.String(), task_id: Type.String() });
const LinkParams = Type.Object({ org: Type.String(), task_id: Type.String(), run_id: Type.String() });
const OneTask = Envelope(TaskSchema);
const Empty = Type.Null();
const tags = ['Task'];

const CreateBody = Type.Object(
  {
    title: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    task_type: Type.Optional(Type.String()),
    deadline: Type.Optional(Type.String()),
    started_at: Type.Optional(Type.String()),
    owners: Type.Optional(OwnersBody),
    roles: Type.Optional(TaskRolesBody),
    summary: Type.Optional(Nullable(Type.String())),
    description: Type.Optional(Nullable(Type.String())),
    run_id: Type.Optional(Type.String()),
    form_fields: Type.Optional(Type.Array(AnyObject)),
    max_assignable: Type.Optional(Type.Integer({ minimum: 0 })),
    prevent_guest_comment: Type.Optional(Type.Boolean()),
    everyone_must_complete: Type.Optional(Type.Boolean()),
    can_complete_only_assignees: Type.Optional(Type.Boolean()),
    is_soft_start_date: Type.Optional(Type.Boolean()),
    top_secret: Type.Optional(Type.Boolean()),
    webhook: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    tags: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: true },
);

function createInput(b: Static<typeof CreateBody>): CreateOneOffInput {
  return {
    ...b,
    title: b.title ?? b.name,
    summary: b.summary !== undefined ? b.summary : b.description,
    owners: ownersInputOf(b.owners, b.roles),
  };
}

/** A task just created, read back and presented like `GET /tasks/{id}`. */
async function taskAnswer(ctx: AppContext, request: FastifyRequest, taskId: string) {
  return resultAnswer(ctx, request, await getTask(ctx, requireActor(request), taskId));
}

/** The task as a change left it, presented like `GET /tasks/{id}`. */
async function resultAnswer(ctx: AppContext, request: FastifyRequest, found: OneOffResult) {
  const actor = requireActor(request);
  const processes = new Map(found.process ? [[found.process.id, found.process]] : []);
  const requested = new Set<string>();
  const views = await loadTaskViews(ctx, actor.organizationId, [found.task], { requested, processes });
  const [data] = presentTasks(views, {
    requested,
    alwaysSummary: true,
    baseUrl: baseUrlOf(request, ctx.config.publicUrl),
    now: ctx.clock.now(),
  });
  return { data: data as PresentedTask };
}

export const oneOffTaskRoutes: RouteModule = (app, ctx) => {
  app.post(
    '/organizations/:org/tasks',
    {
      schema: {
        tags,
        summary: 'Create a one-off task',
        params: OrgParams,
        body: CreateBody,
        response: { 201: OneTask, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { task } = await createOneOffTask(ctx, requireActor(request), createInput(request.body));
      reply.status(201);
      return taskAnswer(ctx, request, task.id);
    },
  );
  app.delete(
    '/organizations/:org/tasks/:task_id',
    {
      schema: {
        tags,
        summary: 'Archive a one-off task',
        params: TaskParams,
        response: { 204: Empty, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await archiveOneOffTask(ctx, requireActor(request), request.params.task_id);
      return reply.status(204).send(null);
    },
  );
  app.put(
    '/organizations/:org/tasks/:task_id/restore',
    {
      schema: {
        tags,
        summary: 'Restore an archived one-off task',
        params: TaskParams,
        response: { 200: OneTask, ...ErrorResponses },
      },
    },
    async (request) => {
      return resultAnswer(
        ctx,
        request,
        await restoreOneOffTask(ctx, requireActor(request), request.params.task_id),
      );
    },
  );
  app.delete(
    '/organizations/:org/tasks/:task_id/delete',
    {
      schema: {
        tags,
        summary: 'Delete a one-off task permanently',
        params: TaskParams,
        response: { 204: Empty, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await deleteOneOffTask(ctx, requireActor(request), request.params.task_id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/organizations/:org/tasks/:task_id/clone',
    {
      schema: {
        tags,
        summary: 'Clone a task as a new one-off task',
        params: TaskParams,
        response: { 201: OneTask, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { task } = await cloneTask(ctx, requireActor(request), request.params.task_id);
      reply.status(201);
      return taskAnswer(ctx, request, task.id);
    },
  );
  const LinkBody = Type.Object({ run_id: Type.String() }, { additionalProperties: true });
  app.post(
    '/organizations/:org/tasks/:task_id/link-process',
    {
      schema: {
        tags,
        summary: 'Attach a one-off task to a process',
        params: TaskParams,
        body: LinkBody,
        response: { 200: OneTask, ...ErrorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return resultAnswer(
        ctx,
        request,
        await linkTaskToProcess(ctx, actor, request.params.task_id, request.body.run_id),
      );
    },
  );
  app.post(
    '/organizations/:org/tasks/:task_id/link-process/:run_id',
    {
      schema: {
        tags,
        summary: 'Attach a one-off task to a process',
        params: LinkParams,
        response: { 200: OneTask, ...ErrorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const p = request.params;
      return resultAnswer(ctx, request, await linkTaskToProcess(ctx, actor, p.task_id, p.run_id));
    },
  );
  app.delete(
    '/organizations/:org/tasks/:task_id/link-process',
    {
      schema: {
        tags,
        summary: 'Detach a one-off task from its process',
        params: TaskParams,
        response: { 200: OneTask, ...ErrorResponses },
      },
    },
    async (request) => {
      return resultAnswer(
        ctx,
        request,
        await unlinkTaskFromProcess(ctx, requireActor(request), request.params.task_id),
      );
    },
  );
  app.delete(
    '/organizations/:org/tasks/:task_id/link-process/:run_id',
    {
      schema: {
        tags,
        summary: 'Detach a one-off task from a process',
        params: LinkParams,
        response: { 200: OneTask, ...ErrorResponses },
      },
    },
    async (request) => {
      const p = request.params;
      return resultAnswer(
        ctx,
        request,
        await unlinkTaskFromProcess(ctx, requireActor(request), p.task_id, p.run_id),
      );
    },
  );
};
