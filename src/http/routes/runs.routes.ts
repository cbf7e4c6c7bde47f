import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Process } from '../../domain/processes/process.js';
import type { AppContext } from '../../services/context.js';
import { getProcess } from '../../services/processes/get-process.js';
import { launchProcess } from '../../services/processes/launch-process.js';
import { listProcesses } from '../../services/processes/list-processes.js';
import { updateProcess } from '../../services/processes/update-process.js';
import { loadProcessViews } from '../../services/views/process-views.js';
import { baseUrlOf } from '../base-url.js';
import { parseWith } from '../includes.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireActor } from '../plugins/auth.js';
import { ProcessSchema } from '../presenters/present-process.js';
import { presentChangedByRules, TasksChangedByRulesSchema } from '../presenters/present-rule-changes.js';
import { type PresentedProcess, presentProcesses } from '../presenters/process-includes.js';
import { Envelope, ErrorResponses, ListEnvelope, OrgParams } from '../schemas/common.js';
import { LaunchBody, ProcessListQuery, UpdateProcessBody } from '../schemas/runs.schemas.js';
import type { RouteModule } from '../types.js';
import { launchInput, updateInput } from './runs.inputs.js';

const RunParams = Type.Object({ org: Type.String(), run_id: Type.String() });
const WithQuery = Type.Object({ with: Type.Optional(Type.String()) });
const OneProcess = Envelope(ProcessSchema);
const UpdatedProcess = Envelope(
  Type.Intersect([
    ProcessSchema,
    Type.Object({ tasks_changed_by_rules: Type.Optional(TasksChangedByRulesSchema) }),
  ]),
);

export async function processAnswer(ctx: AppContext, request: FastifyRequest, process: Process, w?: string) {
  const org = requireActor(request).organizationId;
  const baseUrl = baseUrlOf(request, ctx.config.publicUrl);
  const requested = parseWith(w);
  const views = await loadProcessViews(ctx, org, [process], { requested });
  const [data] = presentProcesses(views, { requested, baseUrl, now: ctx.clock.now() });
  return { data: data as PresentedProcess };
}

export const runRoutes: RouteModule = (app, ctx) => {
  app.post(
    '/organizations/:org/runs',
    {
      schema: {
        tags: ['Process'],
        summary: 'Launch a process from a template',
        params: OrgParams,
        querystring: WithQuery,
        body: LaunchBody,
        response: { 201: OneProcess, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const result = await launchProcess(ctx, requireActor(request), launchInput(request.body));
      reply.status(201);
      return processAnswer(ctx, request, result.process, request.query.with);
    },
  );

  app.get(
    '/organizations/:org/runs/:run_id',
    {
      schema: {
        tags: ['Process'],
        summary: 'One process',
        params: RunParams,
        querystring: WithQuery,
        response: { 200: OneProcess, ...ErrorResponses },
      },
    },
    async (request) => {
      const process = await getProcess(ctx, requireActor(request), request.params.run_id);
      return processAnswer(ctx, request, process, request.query.with);
    },
  );

  app.get(
    '/organizations/:org/runs',
    {
      schema: {
        tags: ['Process'],
        summary: 'List processes',
        params: OrgParams,
        querystring: ProcessListQuery,
        response: { 200: ListEnvelope(ProcessSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const q = request.query;
      const page = await listProcesses(ctx, actor, q, pageRequestFrom(q));
      const requested = parseWith(q.with);
      const views = await loadProcessViews(ctx, actor.organizationId, page.items, {
        requested,
        archivedAssets: q.archived === 'true' || q.archived === 'only',
      });
      const data = presentProcesses(views, {
        requested,
        baseUrl: baseUrlOf(request, ctx.config.publicUrl),
        now: ctx.clock.now(),
      });
      return listBody(request, page, data, ctx.config.publicUrl);
    },
  );

  app.put(
    '/organizations/:org/runs/:run_id',
    {
      schema: {
        tags: ['Process'],
        summary: 'Update a process (name, summary, collaborators, kick-off values, …)',
        params: RunParams,
        querystring: WithQuery,
        body: UpdateProcessBody,
        response: { 200: UpdatedProcess, ...ErrorResponses },
      },
    },
    async (request) => {
      const result = await updateProcess(
        ctx,
        requireActor(request),
        request.params.run_id,
        updateInput(request.body),
      );
      const answer = await processAnswer(ctx, request, result.process, request.query.with);
      // Kick-off values run the rules; say what they changed, as a task update does.
      if (request.body.prerun === undefined) return answer;
      return {
        data: { ...answer.data, tasks_changed_by_rules: presentChangedByRules(result.changedByRules) },
      };
    },
  );
};
