import { Type } from 'typebox';
import type { StepDefinition } from '../../domain/templates/definition.js';
import { createStep, deleteStep, getStep, listSteps, updateStep } from '../../services/templates/steps.js';
import { loadStepTags } from '../../services/templates/template-relations.js';
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
  /** The steps as the API shows them, with their tags (one query for all of them). */
  const present = async (organizationId: string, templateId: string, steps: StepDefinition[]) => {
    const tags = await loadStepTags(
      ctx,
      organizationId,
      steps.map((s) => s.id),
    );
    return steps.map((s) => presentStep(s, context(templateId), tags.get(s.id)));
  };
  const presentOne = async (organizationId: string, templateId: string, step: StepDefinition) => {
    const tags = await loadStepTags(ctx, organizationId, [step.id]);
    return presentStep(step, context(templateId), tags.get(step.id));
  };

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
      const actor = requireActor(request);
      const steps = await listSteps(ctx, actor, id);
      return { data: await present(actor.organizationId, id, steps) };
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
      const actor = requireActor(request);
      const step = await getStep(ctx, actor, id, stepId);
      return { data: await presentOne(actor.organizationId, id, step) };
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
      const actor = requireActor(request);
      const input = updateStepInputOf(request.body);
      const step = await updateStep(ctx, actor, id, stepId, input);
      return { data: await presentOne(actor.organizationId, id, step) };
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
