import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type { StepDefinition } from '../../domain/templates/definition.js';
import type { AppContext } from '../../services/context.js';
import { listTasksByStage, setStepStage, setTaskStage } from '../../services/stages/stage-links.js';
import { createStage, deleteStage, updateStage } from '../../services/stages/stages.js';
import { getTask } from '../../services/tasks/get-task.js';
import { loadStepTags } from '../../services/templates/template-relations.js';
import { loadTaskViews } from '../../services/views/task-views.js';
import { baseUrlOf } from '../base-url.js';
import { parseWith } from '../includes.js';
import { requireActor } from '../plugins/auth.js';
import {
  groupTasksByStage,
  presentStage,
  StageSchema,
  StageTasksGroupSchema,
} from '../presenters/present-stage.js';
import { presentStep, StepSchema } from '../presenters/present-step.js';
import { TaskSchema } from '../presenters/present-task.js';
import { type PresentedTask, presentTasks } from '../presenters/task-includes.js';
import { Envelope, ErrorResponses, OrgParams } from '../schemas/common.js';
import { TaskListQuery, WithQuery } from '../schemas/tasks.schemas.js';
import type { RouteModule } from '../types.js';
import { createStageInputOf, updateStageInputOf } from './stages.inputs.js';
import {
  CreateStageBody,
  LinkStageBody,
  RunStageParams,
  StageParams,
  StepStageParams,
  TaskStageParams,
  UpdateStageBody,
} from './stages.schemas.js';

const one = { 200: Envelope(StageSchema), ...ErrorResponses };

async function presentTaskList(
  ctx: AppContext,
  request: FastifyRequest,
  tasks: Task[],
  processes: ReadonlyMap<string, Process>,
  withParam: string | undefined,
  alwaysSummary: boolean,
): Promise<PresentedTask[]> {
  const requested = parseWith(withParam);
  const views = await loadTaskViews(ctx, requireActor(request).organizationId, tasks, {
    requested,
    processes,
  });
  return presentTasks(views, {
    requested,
    alwaysSummary,
    baseUrl: baseUrlOf(request, ctx.config.publicUrl),
    now: ctx.clock.now(),
  });
}

export const stageRoutes: RouteModule = (app, ctx) => {
  const stepAnswer = async (organizationId: string, templateId: string, step: StepDefinition) => {
    const tags = await loadStepTags(ctx, organizationId, [step.id]);
    return presentStep(step, { templateId }, tags.get(step.id));
  };

  app.post(
    '/organizations/:org/stages',
    {
      schema: {
        tags: ['Template'],
        summary: 'Create a stage (milestone) of a template (subject_type Checklist) or of one process (Run)',
        params: OrgParams,
        body: CreateStageBody,
        response: { 201: Envelope(StageSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const stage = await createStage(ctx, requireActor(request), createStageInputOf(request.body));
      return reply.status(201).send({ data: presentStage(stage) });
    },
  );

  app.put(
    '/organizations/:org/stages/:stage_id',
    {
      schema: {
        tags: ['Template'],
        summary: 'Rename a stage or move it to another position',
        params: StageParams,
        body: UpdateStageBody,
        response: one,
      },
    },
    async (request) => {
      const input = updateStageInputOf(request.body);
      const stage = await updateStage(ctx, requireActor(request), request.params.stage_id, input);
      return { data: presentStage(stage) };
    },
  );

  app.delete(
    '/organizations/:org/stages/:stage_id',
    {
      schema: {
        tags: ['Template'],
        summary: 'Delete a stage: its steps and tasks stay, in no stage',
        params: StageParams,
        response: one,
      },
    },
    async (request) => ({
      data: presentStage(await deleteStage(ctx, requireActor(request), request.params.stage_id)),
    }),
  );

  for (const [verb, summary] of [
    ['link-stage', "Put a step in one of its template's stages"],
    ['unlink-stage', 'Take a step out of its stage'],
  ] as const) {
    app.put(
      `/organizations/:org/checklists/:checklist_id/steps/:step_id/${verb}`,
      {
        schema: {
          tags: ['Step'],
          summary,
          params: StepStageParams,
          ...(verb === 'link-stage' ? { body: LinkStageBody } : {}),
          response: { 200: Envelope(StepSchema), ...ErrorResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { checklist_id: templateId, step_id: stepId } = request.params;
        const stageId = verb === 'link-stage' ? (request.body as { stage_id: string }).stage_id : null;
        const step = await setStepStage(ctx, actor, templateId, stepId, stageId);
        return { data: await stepAnswer(actor.organizationId, templateId, step) };
      },
    );
  }

  for (const [verb, summary] of [
    ['link-stage', "Put a task in one of its process's stages"],
    ['unlink-stage', 'Take a task out of its stage'],
  ] as const) {
    app.put(
      `/organizations/:org/runs/:run_id/tasks/:task_id/${verb}`,
      {
        schema: {
          tags: ['Task'],
          summary,
          params: TaskStageParams,
          querystring: WithQuery,
          ...(verb === 'link-stage' ? { body: LinkStageBody } : {}),
          response: { 200: Envelope(TaskSchema), ...ErrorResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { run_id: processId, task_id: taskId } = request.params;
        const stageId = verb === 'link-stage' ? (request.body as { stage_id: string }).stage_id : null;
        await setTaskStage(ctx, actor, processId, taskId, stageId);
        const found = await getTask(ctx, actor, taskId, processId);
        const processes = new Map(found.process ? [[found.process.id, found.process]] : []);
        const [data] = await presentTaskList(ctx, request, [found.task], processes, request.query.with, true);
        return { data: data as PresentedTask };
      },
    );
  }

  app.get(
    '/organizations/:org/runs/:run_id/stages/tasks',
    {
      schema: {
        tags: ['Task'],
        summary: "A process's tasks grouped by stage (its stages in order, then the tasks in none)",
        params: RunStageParams,
        querystring: TaskListQuery,
        response: { 200: Envelope(Type.Array(StageTasksGroupSchema)), ...ErrorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const { stages, list } = await listTasksByStage(ctx, requireActor(request), request.params.run_id, q);
      const tasks = await presentTaskList(ctx, request, list.page.items, list.processes, q.with, false);
      return { data: groupTasksByStage(stages, tasks) };
    },
  );
};
