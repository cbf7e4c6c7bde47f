import { cloneTemplate, exportTemplate, importTemplate } from '../../services/templates/template-transfer.js';
import { createTemplate } from '../../services/templates/templates.js';
import { requireActor } from '../plugins/auth.js';
import { presentTemplate, TemplateSchema } from '../presenters/present-template.js';
import { Envelope, ErrorResponses, OrgParams } from '../schemas/common.js';
import { CloneBody, CreateTemplateBody, ImportBody, TemplateParams } from '../schemas/templates.schemas.js';
import type { RouteModule } from '../types.js';
import { cloneTemplateInputOf, createTemplateInputOf, importTemplateInputOf } from './templates.inputs.js';

const tags = ['Templates'];

/** Templates as whole documents: export, import, clone, create with steps. */
export const templateTransferRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/checklists/:checklist_id/export',
    {
      schema: {
        tags,
        summary: 'Export a template with its steps, form fields, kick-off fields and rules',
        params: TemplateParams,
        response: { 200: Envelope(TemplateSchema), ...ErrorResponses },
      },
    },
    async (request) => ({
      data: presentTemplate(await exportTemplate(ctx, requireActor(request), request.params.checklist_id)),
    }),
  );

  app.post(
    '/organizations/:org/checklists/import',
    {
      schema: {
        tags,
        summary: 'Create a template from an export document',
        params: OrgParams,
        body: ImportBody,
        response: { 201: Envelope(TemplateSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const view = await importTemplate(ctx, requireActor(request), importTemplateInputOf(request.body));
      return reply.status(201).send({ data: presentTemplate(view) });
    },
  );

  app.post(
    '/organizations/:org/checklists/:checklist_id/clone',
    {
      schema: {
        tags,
        summary: 'Copy a template (from this organization, or from `tenant`) under a new title',
        params: TemplateParams,
        body: CloneBody,
        response: { 201: Envelope(TemplateSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const view = await cloneTemplate(
        ctx,
        requireActor(request),
        request.params.checklist_id,
        cloneTemplateInputOf(request.body),
      );
      return reply.status(201).send({ data: presentTemplate(view) });
    },
  );

  app.post(
    '/organizations/:org/checklists-with-steps',
    {
      schema: {
        tags,
        summary: 'Create a template together with its steps',
        params: OrgParams,
        body: CreateTemplateBody,
        response: { 201: Envelope(TemplateSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const input = createTemplateInputOf(request.body);
      const view = await createTemplate(ctx, requireActor(request), input, { withSteps: true });
      return reply.status(201).send({ data: presentTemplate(view) });
    },
  );
};
