/**
 * Snippets (the wire's text templates): CRUD under the organization, a member's marks,
 * shares with guests, a guest's read through their code and the public library read.
 */
import { Type } from 'typebox';
import {
  checkSnippetsExist,
  createSnippet,
  deleteSnippet,
  getGuestSnippet,
  getPublicSnippet,
  getSnippet,
  listOrganizationSnippets,
  markSnippetForMember,
  shareSnippetWithGuest,
  unmarkSnippetForMember,
  unshareSnippetWithGuest,
  updateSnippet,
} from '../../services/snippets/snippets.js';
import { parseWith } from '../includes.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireActor, requireGuest } from '../plugins/auth.js';
import {
  presentSnippet,
  presentSnippetGuestLink,
  presentSnippetUserLink,
  SnippetGuestLinkSchema,
  SnippetSchema,
  SnippetUserLinkSchema,
} from '../presenters/present-snippet.js';
import { Envelope, ErrorResponses, ListEnvelope, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { snippetInputOf, snippetListInputOf } from './snippets.inputs.js';
import {
  GuestSnippetParams,
  SnippetBody,
  SnippetExistenceBody,
  SnippetGuestParams,
  SnippetListQuery,
  SnippetParams,
  SnippetUserBody,
  SnippetUserDeleteQuery,
  SnippetUserParams,
  SnippetWithQuery,
} from './snippets.schemas.js';

const tags = ['Organization'];
const one = { 200: Envelope(SnippetSchema), ...ErrorResponses };
const Message = Type.Object({ message: Type.String() });

export const snippetRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/text-templates',
    {
      schema: {
        tags,
        summary: "The organization's snippets (q: part of the title; sort title, created_at, updated_at)",
        params: OrgParams,
        querystring: SnippetListQuery,
        response: { 200: ListEnvelope(SnippetSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const page = await listOrganizationSnippets(
        ctx,
        requireActor(request),
        snippetListInputOf(request.query),
        pageRequestFrom(request.query),
      );
      const data = page.items.map((s) => presentSnippet(s));
      return listBody(request, page, data, ctx.config.publicUrl);
    },
  );

  app.post(
    '/organizations/:org/text-templates',
    {
      schema: {
        tags,
        summary: 'Create a snippet (title required; template is its content); administrators',
        params: OrgParams,
        body: SnippetBody,
        response: { 201: Envelope(SnippetSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const snippet = await createSnippet(ctx, requireActor(request), snippetInputOf(request.body));
      reply.status(201);
      return { data: presentSnippet(snippet) };
    },
  );

  app.get(
    '/organizations/:org/text-templates/:id',
    {
      schema: {
        tags,
        summary: 'One snippet (with=textTemplateUser, textTemplateGuests)',
        params: SnippetParams,
        querystring: SnippetWithQuery,
        response: one,
      },
    },
    async (request) => {
      const withs = parseWith(request.query.with);
      const view = await getSnippet(ctx, requireActor(request), request.params.id, {
        userLinks: withs.has('textTemplateUser'),
        guestLinks: withs.has('textTemplateGuests'),
      });
      return { data: presentSnippet(view.snippet, { users: view.userLinks, guests: view.guestLinks }) };
    },
  );

  app.put(
    '/organizations/:org/text-templates/:id',
    {
      schema: {
        tags,
        summary: "Change a snippet's title, content or public visibility; administrators",
        params: SnippetParams,
        body: SnippetBody,
        response: one,
      },
    },
    async (request) => {
      const snippet = await updateSnippet(
        ctx,
        requireActor(request),
        request.params.id,
        snippetInputOf(request.body),
      );
      return { data: presentSnippet(snippet) };
    },
  );

  app.delete(
    '/organizations/:org/text-templates/:id',
    {
      schema: {
        tags,
        summary: 'Delete a snippet (references to it stay as written); administrators',
        params: SnippetParams,
        response: { 200: Message, ...ErrorResponses },
      },
    },
    async (request) => {
      await deleteSnippet(ctx, requireActor(request), request.params.id);
      return { message: 'Text template deleted.' };
    },
  );

  app.post(
    '/organizations/:org/check-text-templates-existence',
    {
      schema: {
        tags,
        summary: 'Which of the ids are snippets of the organization: {"<id>": true|false}',
        params: OrgParams,
        body: SnippetExistenceBody,
        response: { 200: Envelope(Type.Record(Type.String(), Type.Boolean())), ...ErrorResponses },
      },
    },
    async (request) => {
      const exists = await checkSnippetsExist(ctx, requireActor(request), request.body.ids);
      return { data: Object.fromEntries([...exists].map(([id, found]) => [String(id), found])) };
    },
  );

  app.put(
    '/organizations/:org/users/:user_id/text-templates/:text_template_id',
    {
      schema: {
        tags,
        summary: "Mark a snippet for a member with a type (one's own; administrators anyone's)",
        params: SnippetUserParams,
        body: SnippetUserBody,
        response: { 200: SnippetUserLinkSchema, 201: SnippetUserLinkSchema, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { link, created } = await markSnippetForMember(ctx, requireActor(request), {
        userId: request.params.user_id,
        snippetId: request.params.text_template_id,
        type: request.body.type,
      });
      reply.status(created ? 201 : 200);
      return presentSnippetUserLink(link);
    },
  );

  app.delete(
    '/organizations/:org/users/:user_id/text-templates/:text_template_id/type',
    {
      schema: {
        tags,
        summary: "Remove a member's mark of the given type from a snippet",
        params: SnippetUserParams,
        querystring: SnippetUserDeleteQuery,
        response: { 200: Message, ...ErrorResponses },
      },
    },
    async (request) => {
      await unmarkSnippetForMember(ctx, requireActor(request), {
        userId: request.params.user_id,
        snippetId: request.params.text_template_id,
        type: request.query.type,
      });
      return { message: 'Text template mark removed.' };
    },
  );

  app.put(
    '/organizations/:org/guests/:guest_id/text-templates/:text_template_id',
    {
      schema: {
        tags,
        summary: 'Share a snippet with a guest (who reads it through their code); administrators',
        params: SnippetGuestParams,
        response: { 200: SnippetGuestLinkSchema, 201: SnippetGuestLinkSchema, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { link, created } = await shareSnippetWithGuest(ctx, requireActor(request), {
        guestId: request.params.guest_id,
        snippetId: request.params.text_template_id,
      });
      reply.status(created ? 201 : 200);
      return presentSnippetGuestLink(link);
    },
  );

  app.delete(
    '/organizations/:org/guests/:guest_id/text-templates/:text_template_id',
    {
      schema: {
        tags,
        summary: 'Stop sharing a snippet with a guest; administrators',
        params: SnippetGuestParams,
        response: { 200: Message, ...ErrorResponses },
      },
    },
    async (request) => {
      await unshareSnippetWithGuest(ctx, requireActor(request), {
        guestId: request.params.guest_id,
        snippetId: request.params.text_template_id,
      });
      return { message: 'Text template no longer shared with the guest.' };
    },
  );

  app.get(
    '/organizations/:org/guests/:guest_code/text-templates/:id',
    {
      schema: {
        tags: ['Guest'],
        security: [],
        summary: 'A snippet shared with the guest, through their code',
        params: GuestSnippetParams,
        response: one,
      },
    },
    async (request) => {
      const snippet = await getGuestSnippet(ctx, requireGuest(request), request.params.id);
      return { data: presentSnippet(snippet) };
    },
  );

  app.get(
    '/public/library/organizations/:org/text-templates/:id',
    {
      config: { public: true },
      schema: {
        tags: ['Public Template'],
        security: [],
        summary: 'A snippet made visible in public templates (is_public), without a token',
        params: SnippetParams,
        response: one,
      },
    },
    async (request) => {
      const snippet = await getPublicSnippet(ctx, request.params.org, request.params.id);
      return { data: presentSnippet(snippet) };
    },
  );
};
