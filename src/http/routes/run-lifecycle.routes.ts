import { Type } from 'typebox';
import { fieldsOfTask } from '../../services/processes/definitions.js';
import {
  activateProcess,
  archiveProcess,
  deleteProcess,
  setPrerunCompleted,
} from '../../services/processes/process-lifecycle.js';
import { getProcessFormValues, listProcessActivity } from '../../services/processes/process-views.js';
import { setFormFieldValue } from '../../services/tasks/form-field-value.js';
import { forceTaskVisibility } from '../../services/tasks/task-visibility.js';
import { loadTaskViews } from '../../services/views/task-views.js';
import { baseUrlOf } from '../base-url.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireActor } from '../plugins/auth.js';
import { ActivitySchema, ProcessSchema, presentActivity } from '../presenters/present-process.js';
import { presentFieldWithValue, TaskSchema } from '../presenters/present-task.js';
import { type PresentedTask, presentTasks } from '../presenters/task-includes.js';
import {
  AnyObject,
  Envelope,
  ErrorResponses,
  ListEnvelope,
  ListQueryProperties,
  OrgParams,
} from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { processAnswer } from './runs.routes.js';

const RunParams = Type.Object({ org: Type.String(), run_id: Type.String() });
const RunTaskParams = Type.Object({ org: Type.String(), run_id: Type.String(), task_id: Type.String() });
const OneProcess = Envelope(ProcessSchema);
const tags = ['Process'];

export const runLifecycleRoutes: RouteModule = (app, ctx) => {
  const lifecycle = (
    method: 'DELETE' | 'PUT' | 'POST',
    url: string,
    summary: string,
    run: typeof archiveProcess,
  ) =>
    app.route({
      method,
      url,
      schema: { tags, summary, params: RunParams, response: { 200: OneProcess, ...ErrorResponses } },
      handler: async (request) => {
        const { run_id } = request.params as { run_id: string };
        return processAnswer(ctx, request, await run(ctx, requireActor(request), run_id));
      },
    });
  lifecycle(
    'DELETE',
    '/organizations/:org/runs/:run_id',
    'Archive a process (and its tasks)',
    archiveProcess,
  );
  lifecycle('PUT', '/organizations/:org/runs/:run_id/activate', 'Un-archive a process', activateProcess);
  lifecycle(
    'POST',
    '/organizations/:org/runs/:run_id/complete-prerun',
    'Submit the kick-off form',
    (c, a, id) => setPrerunCompleted(c, a, id, true),
  );
  lifecycle(
    'DELETE',
    '/organizations/:org/runs/:run_id/complete-prerun',
    'Reopen the kick-off form',
    (c, a, id) => setPrerunCompleted(c, a, id, false),
  );

  app.delete(
    '/organizations/:org/runs/:run_id/delete',
    {
      schema: {
        tags,
        summary: 'Delete an archived process permanently (administrators)',
        params: RunParams,
        response: { 200: Type.Object({ message: Type.String() }), ...ErrorResponses },
      },
    },
    async (request) => {
      await deleteProcess(ctx, requireActor(request), request.params.run_id);
      return { message: 'Process deleted.' };
    },
  );

  app.get(
    '/organizations/:org/runs/:run_id/activity',
    {
      schema: {
        tags,
        summary: "The process's activity feed, newest first",
        params: RunParams,
        querystring: Type.Object(ListQueryProperties),
        response: { 200: ListEnvelope(ActivitySchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const page = await listProcessActivity(
        ctx,
        requireActor(request),
        request.params.run_id,
        pageRequestFrom(request.query, 20),
      );
      return listBody(request, page, page.items.map(presentActivity), ctx.config.publicUrl);
    },
  );

  app.get(
    '/organizations/:org/runs/:run_id/form-fields',
    {
      schema: {
        tags,
        summary: 'Every kick-off and task form field of the process with its value, as data.form_fields',
        params: RunParams,
        response: {
          200: Envelope(Type.Object({ form_fields: Type.Array(AnyObject) })),
          ...ErrorResponses,
        },
      },
    },
    async (request) => {
      const { process, definition, tasks } = await getProcessFormValues(
        ctx,
        requireActor(request),
        request.params.run_id,
      );
      const kickoff = (definition?.kickoffFields ?? []).map((f) => ({
        ...presentFieldWithValue(f, process.templateId, process.prerun[f.id]),
        run_id: process.id,
        task_id: null,
      }));
      const taskFields = tasks.flatMap((t) =>
        fieldsOfTask(t, definition).map((f) => ({
          ...presentFieldWithValue(f, process.templateId, t.taskdata[f.id]),
          run_id: process.id,
          task_id: t.id,
        })),
      );
      return { data: { form_fields: [...kickoff, ...taskFields] } };
    },
  );

  app.put(
    '/organizations/:org/runs/:run_id/tasks/:task_id/force-action',
    {
      schema: {
        tags: ['Task'],
        summary: 'Show or hide a process task by hand',
        params: RunTaskParams,
        body: Type.Object({ action: Type.Union([Type.Literal('show'), Type.Literal('hide')]) }),
        response: { 200: Envelope(TaskSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const p = request.params;
      const found = await forceTaskVisibility(ctx, actor, p.run_id, p.task_id, request.body.action);
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
    },
  );

  app.put(
    '/organizations/:org/form-field/value',
    {
      schema: {
        tags: ['Task'],
        summary: 'Set one form value ({id, form_value} with task_id, or run_id for a kick-off field)',
        params: OrgParams,
        body: Type.Object(
          {
            id: Type.String(),
            form_value: Type.Unknown(),
            task_id: Type.Optional(Type.String()),
            run_id: Type.Optional(Type.String()),
          },
          { additionalProperties: true },
        ),
        response: { 200: Envelope(Type.String()), ...ErrorResponses },
      },
    },
    async (request) => {
      const b = request.body;
      await setFormFieldValue(ctx, requireActor(request), {
        id: b.id,
        formValue: b.form_value,
        taskId: b.task_id,
        runId: b.run_id,
      });
      return { data: 'FormFields updated successfully' };
    },
  );
};
