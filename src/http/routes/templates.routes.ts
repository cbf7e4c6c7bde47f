import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  archiveTemplate,
  deleteTemplatePermanently,
  publishTemplate,
  restoreTemplate,
} from '../../services/templates/template-lifecycle.js';
import { loadTemplateRelations } from '../../services/templates/template-relations.js';
import type { TemplateView } from '../../services/templates/template-views.js';
import {
  createTemplate,
  getTemplate,
  listTemplatesPage,
  listTemplateTitles,
  updateTemplate,
} from '../../services/templates/templates.js';
import { baseUrlOf } from '../base-url.js';
import { parseWith } from '../includes.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireActor } from '../plugins/auth.js';
import { presentTemplate, TemplateSchema } from '../presenters/present-template.js';
import { templateRelations } from '../presenters/template-relations.js';
import { Envelope, ErrorResponses, ListEnvelope, OrgParams } from '../schemas/common.js';
import {
  CreateTemplateBody,
  TemplateBody,
  TemplateGetQuery,
  TemplateListQuery,
  TemplateParams,
  TitlesQuery,
  WithQuery,
} from '../schemas/templates.schemas.js';
import type { RouteModule } from '../types.js';
import { createTemplateInputOf, updateTemplateInputOf } from './templates.inputs.js';

const tags = ['Templates'];
const DeletedBody = Type.Object(
  { message: Type.String(), deleted_references: Type.Record(Type.String(), Type.Unknown()) },
  { additionalProperties: true },
);

export const templateRoutes: RouteModule = (app, ctx) => {
  const relationsOf = async (
    request: FastifyRequest,
    views: readonly TemplateView[],
    withs: ReadonlySet<string>,
  ) => {
    const org = requireActor(request).organizationId;
    const relations = await loadTemplateRelations(ctx, org, views, withs);
    return templateRelations(views, withs, relations, baseUrlOf(request, ctx.config.publicUrl));
  };

  app.get(
    '/organizations/:org/checklists',
    {
      schema: {
        tags,
        summary: 'List templates',
        params: OrgParams,
        querystring: TemplateListQuery,
        response: { 200: ListEnvelope(TemplateSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const withs = parseWith(q.with);
      const page = await listTemplatesPage(ctx, requireActor(request), {
        page: pageRequestFrom(q),
        q: q.q,
        status: q.status,
        type: q.type,
        folder: q.folder ?? q.folder_id,
        entireFolderTree: q.entire_folder_tree === true,
        ownerId: q.owner_id,
        tagIds: commaList(q.tag ?? q.tag_ids),
        untagged: q.untagged === true,
        starred: q.starred,
        archived: q.archived,
        sort: q.sort ?? q.sort_by,
        withSteps: withs.has('steps'),
      });
      const extras = await relationsOf(request, page.items, withs);
      const data = page.items.map((view, i) => presentTemplate(view, extras[i]));
      return listBody(request, page, data, ctx.config.publicUrl);
    },
  );

  app.post(
    '/organizations/:org/checklists',
    {
      schema: {
        tags,
        summary: 'Create a template (optionally with prerun, steps and automated_actions)',
        params: OrgParams,
        querystring: WithQuery,
        body: CreateTemplateBody,
        response: { 201: Envelope(TemplateSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const withs = parseWith(request.query.with);
      const withSteps = withs.has('steps') || request.body.steps !== undefined;
      const input = createTemplateInputOf(request.body);
      const view = await createTemplate(ctx, requireActor(request), input, { withSteps });
      const [extra] = await relationsOf(request, [view], withs);
      return reply.status(201).send({ data: presentTemplate(view, extra) });
    },
  );

  app.get(
    '/organizations/:org/checklists/:checklist_id',
    {
      schema: {
        tags,
        summary: 'Get a template, or one of its versions',
        params: TemplateParams,
        querystring: TemplateGetQuery,
        response: { 200: Envelope(TemplateSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const withs = parseWith(request.query.with);
      const view = await getTemplate(ctx, requireActor(request), request.params.checklist_id, {
        version: request.query.version,
        withSteps: withs.has('steps'),
        includeArchived: request.query.archived === 'true' || request.query.archived === '1',
      });
      const [extra] = await relationsOf(request, [view], withs);
      return { data: presentTemplate(view, extra) };
    },
  );

  app.put(
    '/organizations/:org/checklists/:checklist_id',
    {
      schema: {
        tags,
        summary: 'Update a template (title required; prerun replaces the kick-off form)',
        params: TemplateParams,
        querystring: WithQuery,
        body: TemplateBody,
        response: { 200: Envelope(TemplateSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const withs = parseWith(request.query.with);
      const view = await updateTemplate(
        ctx,
        requireActor(request),
        request.params.checklist_id,
        updateTemplateInputOf(request.body),
        { withSteps: withs.has('steps') },
      );
      const [extra] = await relationsOf(request, [view], withs);
      return { data: presentTemplate(view, extra) };
    },
  );

  app.delete(
    '/organizations/:org/checklists/:checklist_id',
    {
      schema: {
        tags,
        summary: 'Archive a template',
        params: TemplateParams,
        response: {
          200: Type.Object({ ...DeletedBody.properties, data: TemplateSchema }),
          ...ErrorResponses,
        },
      },
    },
    async (request) => {
      const view = await archiveTemplate(ctx, requireActor(request), request.params.checklist_id);
      return {
        message: 'The template has been archived.',
        deleted_references: {},
        data: presentTemplate(view),
      };
    },
  );

  app.put(
    '/organizations/:org/checklists/:checklist_id/restore',
    {
      schema: {
        tags,
        summary: 'Restore an archived template',
        params: TemplateParams,
        response: { 200: Envelope(TemplateSchema), ...ErrorResponses },
      },
    },
    async (request) => ({
      data: presentTemplate(await restoreTemplate(ctx, requireActor(request), request.params.checklist_id)),
    }),
  );

  app.delete(
    '/organizations/:org/checklists/:checklist_id/delete',
    {
      schema: {
        tags,
        summary: 'Permanently delete an archived template (administrators)',
        params: TemplateParams,
        response: { 200: DeletedBody, ...ErrorResponses },
      },
    },
    async (request) => {
      const deleted = await deleteTemplatePermanently(
        ctx,
        requireActor(request),
        request.params.checklist_id,
      );
      return { message: 'The template has been deleted.', deleted_references: { ...deleted } };
    },
  );

  app.put(
    '/organizations/:org/checklists/:checklist_id/publish',
    {
      schema: {
        tags,
        summary: 'Publish the current version of a template',
        params: TemplateParams,
        response: { 200: Envelope(TemplateSchema), ...ErrorResponses },
      },
    },
    async (request) => ({
      data: presentTemplate(await publishTemplate(ctx, requireActor(request), request.params.checklist_id)),
    }),
  );

  app.get(
    '/organizations/:org/checklists-list',
    {
      schema: {
        tags,
        summary: 'Ids and titles of every template',
        params: OrgParams,
        querystring: TitlesQuery,
        response: {
          200: Envelope(
            Type.Array(Type.Object({ id: Type.String(), title: Type.String(), name: Type.String() })),
          ),
          ...ErrorResponses,
        },
      },
    },
    async (request) => {
      const titles = await listTemplateTitles(ctx, requireActor(request), request.query.q);
      return { data: titles.map((t) => ({ id: t.id, title: t.title, name: t.title })) };
    },
  );
};

const commaList = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
