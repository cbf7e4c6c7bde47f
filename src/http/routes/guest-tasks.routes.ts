/**
 * A guest's tasks through their guest code alone (no token): list, read, fill in, complete
 * and reopen. `GET …/guests/{email}/tasks` and `POST …/guests/{email}/form-field/value` are
 * the same routes called by a member with the guest's e-mail in place of the code.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext, GuestActor } from '../../services/context.js';
import type { CompletionResult } from '../../services/tasks/complete-task.js';
import { completeTask } from '../../services/tasks/complete-task.js';
import { getTask } from '../../services/tasks/get-task.js';
import {
  guestWorkableTaskIds,
  listGuestTasks,
  setGuestFormFieldValue,
} from '../../services/tasks/guest-tasks.js';
import type { TaskList } from '../../services/tasks/list-tasks.js';
import { reopenTask } from '../../services/tasks/reopen-task.js';
import { updateTask } from '../../services/tasks/update-task.js';
import { loadTaskViews } from '../../services/views/task-views.js';
import { baseUrlOf } from '../base-url.js';
import { parseWith } from '../includes.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireGuest, requireMemberOrGuest } from '../plugins/auth.js';
import { GuestTaskSchema, guestTaskRelations, presentGuestTasks } from '../presenters/present-guest-task.js';
import { presentChangedByRules } from '../presenters/present-rule-changes.js';
import { TaskSchema } from '../presenters/present-task.js';
import { presentTasks } from '../presenters/task-includes.js';
import { Envelope, ErrorResponses, ListEnvelope } from '../schemas/common.js';
import {
  GuestCodeOrEmailParams,
  GuestCompleteBody,
  GuestFormValueBody,
  GuestTaskParams,
} from '../schemas/guest-tasks.schemas.js';
import { TaskListQuery, UpdateTaskBody, WithQuery } from '../schemas/tasks.schemas.js';
import type { RouteModule } from '../types.js';
import { updateInput } from './tasks.inputs.js';

const tags = ['Guest'];
const guestOnly = { security: [], tags };
const OneGuestTask = Envelope(GuestTaskSchema);

/** A list of a guest's tasks: the guest's own view, or the member representation. */
async function listAnswer(ctx: AppContext, request: FastifyRequest, result: TaskList, w?: string) {
  const actor = requireMemberOrGuest(request);
  const requested = parseWith(w);
  const options = {
    requested,
    alwaysSummary: false,
    baseUrl: baseUrlOf(request, ctx.config.publicUrl),
    now: ctx.clock.now(),
  };
  const load = actor.kind === 'guest' ? guestTaskRelations(requested) : requested;
  const views = await loadTaskViews(ctx, actor.organizationId, result.page.items, {
    requested: load,
    processes: result.processes,
  });
  const data =
    actor.kind === 'guest' ? presentGuestTasks(views, actor, options) : presentTasks(views, options);
  return listBody(request, result.page, data, ctx.config.publicUrl, {
    overdue_tasks: result.overdue,
    tasks_due_soon: result.dueSoon,
  });
}

/** One task as its guest sees it; completions also name the guest's tasks rules changed. */
export async function guestTaskAnswer(
  ctx: AppContext,
  request: FastifyRequest,
  found: Pick<CompletionResult, 'task' | 'process'> & { changedByRules?: CompletionResult['changedByRules'] },
  w?: string,
) {
  const guest = requireGuest(request);
  const requested = parseWith(w);
  const views = await loadTaskViews(ctx, guest.organizationId, [found.task], {
    requested: guestTaskRelations(requested),
    processes: new Map(found.process ? [[found.process.id, found.process]] : []),
  });
  const [data] = presentGuestTasks(views, guest, {
    requested,
    alwaysSummary: true,
    baseUrl: baseUrlOf(request, ctx.config.publicUrl),
    now: ctx.clock.now(),
  });
  if (!data) throw new Error('presentGuestTasks lost the task');
  if (!found.changedByRules || found.task.isOneoff) return { data };
  return {
    data: { ...data, tasks_changed_by_rules: await changedForGuest(ctx, guest, found.changedByRules) },
  };
}

/** Only the guest's own tasks, and no owner lists (they name other people). */
async function changedForGuest(
  ctx: AppContext,
  guest: GuestActor,
  changed: CompletionResult['changedByRules'],
) {
  const visible = await guestWorkableTaskIds(
    ctx,
    guest,
    changed.map((c) => c.task),
  );
  const entries = presentChangedByRules(changed.filter((c) => visible.has(c.task.id)));
  for (const entry of Object.values(entries)) delete (entry as Record<string, unknown>).owners;
  return entries;
}

export const guestTaskRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/guests/:guest_code/tasks',
    {
      config: { guestCodeOrMember: true },
      schema: {
        tags,
        summary: "A guest's tasks: the guest by their code (no token), or a member by the guest's e-mail",
        params: GuestCodeOrEmailParams,
        querystring: TaskListQuery,
        response: { 200: ListEnvelope(TaskSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const actor = requireMemberOrGuest(request);
      const q = request.query;
      const email = actor.kind === 'user' ? request.params.guest_code : undefined;
      const result = await listGuestTasks(ctx, actor, email, q, pageRequestFrom(q));
      return listAnswer(ctx, request, result, q.with);
    },
  );

  app.get(
    '/organizations/:org/guests/:guest_code/tasks/:task_id',
    {
      schema: {
        ...guestOnly,
        summary: 'One of the guest’s tasks',
        params: GuestTaskParams,
        querystring: WithQuery,
        response: { 200: OneGuestTask, ...ErrorResponses },
      },
    },
    async (request) => {
      const found = await getTask(ctx, requireGuest(request), request.params.task_id);
      return guestTaskAnswer(ctx, request, found, request.query.with);
    },
  );

  app.put(
    '/organizations/:org/guests/:guest_code/tasks/:task_id',
    {
      schema: {
        ...guestOnly,
        summary: 'Fill in form values of the guest’s task (taskdata only)',
        params: GuestTaskParams,
        querystring: WithQuery,
        body: UpdateTaskBody,
        response: { 200: OneGuestTask, ...ErrorResponses },
      },
    },
    async (request) => {
      const guest = requireGuest(request);
      const result = await updateTask(ctx, guest, request.params.task_id, updateInput(request.body));
      return guestTaskAnswer(ctx, request, result, request.query.with);
    },
  );

  const completedUrl = '/organizations/:org/guests/:guest_code/tasks/:task_id/tasks/completed';
  app.put(
    completedUrl,
    {
      schema: {
        ...guestOnly,
        summary: 'The guest completes their task (approval tasks need is_approved)',
        params: GuestTaskParams,
        body: GuestCompleteBody,
        response: { 200: OneGuestTask, ...ErrorResponses },
      },
    },
    async (request) => {
      const input = { taskId: request.params.task_id, isApproved: request.body?.is_approved };
      return guestTaskAnswer(ctx, request, await completeTask(ctx, requireGuest(request), input));
    },
  );

  app.delete(
    completedUrl,
    {
      schema: {
        ...guestOnly,
        summary: 'The guest reopens their completed task',
        params: GuestTaskParams,
        response: { 200: OneGuestTask, ...ErrorResponses },
      },
    },
    async (request) =>
      guestTaskAnswer(ctx, request, await reopenTask(ctx, requireGuest(request), request.params.task_id)),
  );

  app.post(
    '/organizations/:org/guests/:guest_code/form-field/value',
    {
      config: { guestCodeOrMember: true },
      schema: {
        tags,
        summary: "Set one form value of a guest's task ({id, form_value, task_id}); members use the e-mail",
        params: GuestCodeOrEmailParams,
        body: GuestFormValueBody,
        response: { 200: Envelope(Type.String()), ...ErrorResponses },
      },
    },
    async (request) => {
      const actor = requireMemberOrGuest(request);
      const b = request.body;
      const email = actor.kind === 'user' ? request.params.guest_code : undefined;
      await setGuestFormFieldValue(ctx, actor, email, {
        id: b.id,
        formValue: b.form_value,
        taskId: b.task_id,
      });
      return { data: 'FormFields updated successfully' };
    },
  );
};
