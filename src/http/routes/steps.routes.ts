import { Type } from 'typebox';
import { createStep, deleteStep, getStep, listSteps, updateStep } from '../../services/templates/steps.js';
import { requireActor } from '../plugins/auth.js';
import { presentStep, StepSchema } from '../presenters/present-step.js';
import { Envelope, ErrorResponses } from '../schemas/common.js';
import { StepBody, StepParams, TemplateParams } from '../schemas/templates.schemas.js';
import type { RouteModule } from '../types.js';
import { createStepInputOf, updateStepInputOf } from './steps.inputs.js';

const tags = ['Steps'];
/** Current steps and fields carry their own timestamps; only the template id comes from the path. */
const context = (templateId: string) => ({ templateId });

export const stepRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/checklists/:checklist_id/steps',
    {
      schema: {
        tags,
        summary: "A template's steps, each with its form fields",
        params: TemplateParams,
        querystring: Type.Object({ with: Type.Optional(Type.String()) }),
        response: { 200: Envelope(Type.Array(StepSchema)), ...ErrorResponses },
      },
    },
    async (request) => {
      const { checklist_id: id } = request.params;
      const steps = await listSteps(ctx, requireActor(request), id);
      return { data: steps.map((s) => presentStep(s, context(id))) };
    },
  );

  app.post(
    '/organizations/:org/checklists/:checklist_id/steps',
    {
      schema: {
        tags,
        summary: 'Add a step',
        params: TemplateParams,
        body: StepBody,
        response: { 201: Envelope(StepSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { checklist_id: id } = request.params;
      const step = await createStep(ctx, requireActor(request), id, createStepInputOf(request.body));
      return reply.status(201).send({ data: presentStep(step, context(id)) });
    },
  );

  app.get(
    '/organizations/:org/checklists/:checklist_id/steps/:step_id',
    {
      schema: {
        tags,
        summary: 'Get a step with its form fields',
        params: StepParams,
        querystring: Type.Object({ with: Type.Optional(Type.String()) }),
        response: { 200: Envelope(StepSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { checklist_id: id, step_id: stepId } = request.params;
      return { data: presentStep(await getStep(ctx, requireActor(request), id, stepId), context(id)) };
    },
  );

  app.put(
    '/organizations/:org/checklists/:checklist_id/steps/:step_id',
    {
      schema: {
        tags,
        summary: 'Update a step (title required, unless only position is sent to move it)',
        params: StepParams,
        body: StepBody,
        response: { 200: Envelope(StepSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { checklist_id: id, step_id: stepId } = request.params;
      const input = updateStepInputOf(request.body);
      const step = await updateStep(ctx, requireActor(request), id, stepId, input);
      return { data: presentStep(step, context(id)) };
    },
  );

  app.delete(
    '/organizations/:org/checklists/:checklist_id/steps/:step_id',
    {
      schema: {
        tags,
        summary: 'Delete a step and its form fields',
        params: StepParams,
        response: { 200: Envelope(StepSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { checklist_id: id, step_id: stepId } = request.params;
      const step = await deleteStep(ctx, requireActor(request), id, stepId);
      return { data: presentStep(step, context(id)) };
    },
  );
};
