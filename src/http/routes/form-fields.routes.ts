import { Type } from 'typebox';
import {
  createFormField,
  deleteFormField,
  deleteKickoffField,
  listTemplateFormFields,
  moveFormField,
  reorderFormField,
  updateFormField,
} from '../../services/templates/form-fields.js';
import { requireActor } from '../plugins/auth.js';
import { FormFieldSchema, presentFormField } from '../presenters/present-form-field.js';
import { Envelope, ErrorResponses } from '../schemas/common.js';
import {
  FieldBody,
  FieldParams,
  KickoffFieldParams,
  MoveFieldBody,
  ReorderFieldBody,
  StepParams,
  TemplateParams,
} from '../schemas/templates.schemas.js';
import type { RouteModule } from '../types.js';
import { formFieldInputOf, moveFieldInputOf, reorderFieldInputOf } from './form-fields.inputs.js';

const tags = ['Form fields'];
/** Current steps and fields carry their own timestamps; only the template id comes from the path. */
const context = (templateId: string) => ({ templateId });
const Field = Envelope(FormFieldSchema);

export const formFieldRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/checklists/:checklist_id/form-fields',
    {
      schema: {
        tags,
        summary: "Every form field of the template: kick-off fields (no step_id), then each step's",
        params: TemplateParams,
        response: { 200: Envelope(Type.Array(FormFieldSchema)), ...ErrorResponses },
      },
    },
    async (request) => {
      const { checklist_id: id } = request.params;
      const fields = await listTemplateFormFields(ctx, requireActor(request), id);
      return { data: fields.map((f) => presentFormField(f, context(id))) };
    },
  );

  app.post(
    '/organizations/:org/checklists/:checklist_id/steps/:step_id/captures',
    {
      schema: {
        tags,
        summary: 'Add a form field to a step',
        params: StepParams,
        body: FieldBody,
        response: { 201: Field, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { checklist_id: id, step_id: stepId } = request.params;
      const input = formFieldInputOf(request.body);
      const field = await createFormField(ctx, requireActor(request), id, stepId, input);
      return reply.status(201).send({ data: presentFormField(field, context(id)) });
    },
  );

  app.put(
    '/organizations/:org/checklists/:checklist_id/steps/:step_id/captures',
    {
      schema: {
        tags,
        summary: "Move a form field to another position in its step; answers the step's fields",
        params: StepParams,
        body: ReorderFieldBody,
        response: { 200: Envelope(Type.Array(FormFieldSchema)), ...ErrorResponses },
      },
    },
    async (request) => {
      const { checklist_id: id, step_id: stepId } = request.params;
      const input = reorderFieldInputOf(request.body);
      const fields = await reorderFormField(ctx, requireActor(request), id, stepId, input);
      return { data: fields.map((f) => presentFormField(f, context(id))) };
    },
  );

  app.put(
    '/organizations/:org/checklists/:checklist_id/steps/:step_id/captures/:capture_id',
    {
      schema: {
        tags,
        summary: 'Update a form field',
        params: FieldParams,
        body: FieldBody,
        response: { 200: Field, ...ErrorResponses },
      },
    },
    async (request) => {
      const { checklist_id: id, step_id: stepId, capture_id: fieldId } = request.params;
      const field = await updateFormField(
        ctx,
        requireActor(request),
        id,
        stepId,
        fieldId,
        formFieldInputOf(request.body),
      );
      return { data: presentFormField(field, context(id)) };
    },
  );

  app.delete(
    '/organizations/:org/checklists/:checklist_id/steps/:step_id/captures/:capture_id',
    {
      schema: {
        tags,
        summary: 'Delete a form field',
        params: FieldParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { checklist_id: id, step_id: stepId, capture_id: fieldId } = request.params;
      await deleteFormField(ctx, requireActor(request), id, stepId, fieldId);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/organizations/:org/checklists/:checklist_id/steps/:step_id/captures/:capture_id/move-out',
    {
      schema: {
        tags,
        summary: 'Move a form field to another step of the same template',
        params: FieldParams,
        body: MoveFieldBody,
        response: { 200: Field, ...ErrorResponses },
      },
    },
    async (request) => {
      const { checklist_id: id, step_id: stepId, capture_id: fieldId } = request.params;
      const input = moveFieldInputOf(request.body);
      const field = await moveFormField(ctx, requireActor(request), id, stepId, fieldId, input);
      return { data: presentFormField(field, context(id)) };
    },
  );

  app.delete(
    '/organizations/:org/checklists/:checklist_id/preruns/:prerun_id',
    {
      schema: {
        tags,
        summary: 'Delete a kick-off field',
        params: KickoffFieldParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { checklist_id: id, prerun_id: fieldId } = request.params;
      await deleteKickoffField(ctx, requireActor(request), id, fieldId);
      return reply.status(204).send(null);
    },
  );
};
