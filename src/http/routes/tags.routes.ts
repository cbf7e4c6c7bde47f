import { attachTag, detachTag } from '../../services/tags/tag-links.js';
import { archiveTag, createTag, getTag, listOrganizationTags, updateTag } from '../../services/tags/tags.js';
import { parseWith } from '../includes.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireActor } from '../plugins/auth.js';
import { presentTag, presentTagLink, TagLinkSchema, TagSchema } from '../presenters/present-tag.js';
import { Envelope, ErrorResponses, ListEnvelope, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { attachTagInputOf, tagInputOf, tagListInputOf } from './tags.inputs.js';
import {
  AttachTagBody,
  TagBody,
  TagLinkParams,
  TagListQuery,
  TagParams,
  TagWithQuery,
} from './tags.schemas.js';

const tags = ['Tag'];
const one = { 200: Envelope(TagSchema), ...ErrorResponses };

export const tagRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/tags',
    {
      schema: {
        tags,
        summary:
          'List tags (q, strict, auto_generated; sort by title, color or a statistic; with=statistics)',
        params: OrgParams,
        querystring: TagListQuery,
        response: { 200: ListEnvelope(TagSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const withStatistics = parseWith(request.query.with).has('statistics');
      const page = await listOrganizationTags(
        ctx,
        requireActor(request),
        tagListInputOf(request.query),
        pageRequestFrom(request.query),
        withStatistics,
      );
      const data = page.items.map((v) => presentTag(v.tag, v.statistics));
      return listBody(request, page, data, ctx.config.publicUrl);
    },
  );

  app.post(
    '/organizations/:org/tags',
    {
      schema: {
        tags,
        summary: 'Create a tag (title at most 30 characters, unique; color #rrggbb)',
        params: OrgParams,
        body: TagBody,
        response: { 201: Envelope(TagSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const tag = await createTag(ctx, requireActor(request), tagInputOf(request.body));
      reply.status(201);
      return { data: presentTag(tag) };
    },
  );

  app.get(
    '/organizations/:org/tags/:tag_id',
    {
      schema: { tags, summary: 'Get a tag', params: TagParams, querystring: TagWithQuery, response: one },
    },
    async (request) => {
      const withStatistics = parseWith(request.query.with).has('statistics');
      const view = await getTag(ctx, requireActor(request), request.params.tag_id, withStatistics);
      return { data: presentTag(view.tag, view.statistics) };
    },
  );

  app.put(
    '/organizations/:org/tags/:tag_id',
    {
      schema: { tags, summary: 'Rename or recolour a tag', params: TagParams, body: TagBody, response: one },
    },
    async (request) => {
      const tag = await updateTag(
        ctx,
        requireActor(request),
        request.params.tag_id,
        tagInputOf(request.body),
      );
      return { data: presentTag(tag) };
    },
  );

  app.delete(
    '/organizations/:org/tags/:tag_id',
    {
      schema: {
        tags,
        summary: 'Archive a tag: it leaves lists and includes; what it was on is untouched',
        params: TagParams,
        response: one,
      },
    },
    async (request) => {
      const tag = await archiveTag(ctx, requireActor(request), request.params.tag_id);
      return { data: presentTag(tag) };
    },
  );

  app.post(
    '/organizations/:org/checklists/tags',
    {
      schema: {
        tags,
        summary: 'Put a tag on a template, process, step or task (subject_type Checklist, Run, Step, Task)',
        params: OrgParams,
        body: AttachTagBody,
        response: { 200: Envelope(TagLinkSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { link, tag } = await attachTag(ctx, requireActor(request), attachTagInputOf(request.body));
      return { data: presentTagLink(link, tag) };
    },
  );

  app.delete(
    '/organizations/:org/checklists/tags/:id',
    {
      schema: {
        tags,
        summary: 'Take a tag off the object it was put on (the id POST /checklists/tags answered)',
        params: TagLinkParams,
        response: { 200: Envelope(TagLinkSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { link, tag } = await detachTag(ctx, requireActor(request), request.params.id);
      return { data: presentTagLink(link, tag) };
    },
  );
};
