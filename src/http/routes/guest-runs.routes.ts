/**
 * The processes a guest takes part in, through their guest code alone: only processes
 * holding one of the guest's tasks, and inside them only the guest's own tasks.
 */
import { Type } from 'typebox';
import {
  getGuestProcess,
  listGuestProcesses,
  listGuestProcessTasks,
} from '../../services/tasks/guest-processes.js';
import { loadTaskViews } from '../../services/views/task-views.js';
import { baseUrlOf } from '../base-url.js';
import { parseWith } from '../includes.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireGuest } from '../plugins/auth.js';
import {
  GuestProcessSchema,
  GuestTaskSchema,
  guestTaskRelations,
  presentGuestProcess,
  presentGuestTasks,
} from '../presenters/present-guest-task.js';
import { Envelope, ErrorResponses, ListEnvelope } from '../schemas/common.js';
import { GuestCodeParams, GuestRunListQuery, GuestRunParams } from '../schemas/guest-tasks.schemas.js';
import { TaskListQuery } from '../schemas/tasks.schemas.js';
import type { RouteModule } from '../types.js';

const guestOnly = { security: [], tags: ['Guest'] };

export const guestRunRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/guests/:guest_code/runs',
    {
      schema: {
        ...guestOnly,
        summary: 'The processes the guest has a task in',
        params: GuestCodeParams,
        querystring: GuestRunListQuery,
        response: { 200: ListEnvelope(GuestProcessSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await listGuestProcesses(ctx, requireGuest(request), q, pageRequestFrom(q));
      const withChecklist = parseWith(q.with).has('checklist');
      const data = page.items.map((p) => presentGuestProcess(p, withChecklist));
      return listBody(request, page, data, ctx.config.publicUrl);
    },
  );

  app.get(
    '/organizations/:org/guests/:guest_code/runs/:run_id',
    {
      schema: {
        ...guestOnly,
        summary: 'One process the guest has a task in',
        params: GuestRunParams,
        querystring: Type.Object({ with: Type.Optional(Type.String({ description: 'checklist' })) }),
        response: { 200: Envelope(GuestProcessSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const process = await getGuestProcess(ctx, requireGuest(request), request.params.run_id);
      return { data: presentGuestProcess(process, parseWith(request.query.with).has('checklist')) };
    },
  );

  app.get(
    '/organizations/:org/guests/:guest_code/runs/:run_id/tasks',
    {
      schema: {
        ...guestOnly,
        summary: 'The guest’s own tasks in one of their processes',
        params: GuestRunParams,
        querystring: TaskListQuery,
        response: { 200: ListEnvelope(GuestTaskSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const guest = requireGuest(request);
      const q = request.query;
      const result = await listGuestProcessTasks(ctx, guest, request.params.run_id, q, pageRequestFrom(q));
      const requested = parseWith(q.with);
      const views = await loadTaskViews(ctx, guest.organizationId, result.page.items, {
        requested: guestTaskRelations(requested),
        processes: result.processes,
      });
      const data = presentGuestTasks(views, guest, {
        requested,
        alwaysSummary: false,
        baseUrl: baseUrlOf(request, ctx.config.publicUrl),
        now: ctx.clock.now(),
      });
      return listBody(request, result.page, data, ctx.config.publicUrl, {
        overdue_tasks: result.overdue,
        tasks_due_soon: result.dueSoon,
      });
    },
  );
};
