/**
 * A member's saved views (`/me/process-views`, `/me/checklist-views`) and preferences
 * (`/me/preferences`, `/users/{id}/preferences`, `/preferences`). Status codes follow the
 * spec: process views answer 201 to create, edit and delete; template views 201, 200, 204.
 */
import { Type } from 'typebox';
import type { ViewListKind } from '../../domain/saved-views.js';
import {
  listMemberPreferences,
  listMyPreferences,
  setMyPreference,
} from '../../services/member-settings/preferences.js';
import {
  createSavedView,
  deleteSavedView,
  getSavedView,
  listSavedViews,
  updateSavedView,
} from '../../services/member-settings/saved-views.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireActor } from '../plugins/auth.js';
import {
  PreferenceSchema,
  presentPreference,
  presentSavedView,
  SavedViewSchema,
} from '../presenters/present-member-settings.js';
import { Envelope, ErrorResponses, ListEnvelope, ListQuery, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { preferenceInputOf } from './member-settings.inputs.js';
import { PreferenceBody, ProcessViewBody, TemplateViewBody, ViewParams } from './member-settings.schemas.js';
import { savedViewInputOf } from './saved-views.inputs.js';

const tags = ['Member'];
const OneView = Envelope(SavedViewSchema);
const UserParams = Type.Object({ org: Type.String(), user_id: Type.Integer({ minimum: 1 }) });
const Preferences = Envelope(Type.Array(PreferenceSchema));

export const memberSettingsRoutes: RouteModule = (app, ctx) => {
  const processViews = '/organizations/:org/me/process-views';
  const templateViews = '/organizations/:org/me/checklist-views';
  const kind: ViewListKind = 'process';

  app.get(
    processViews,
    {
      schema: {
        tags,
        summary: 'My saved views of the process list',
        params: OrgParams,
        querystring: ListQuery,
        response: { 200: ListEnvelope(SavedViewSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const page = pageRequestFrom(request.query);
      const views = await listSavedViews(ctx, requireActor(request), kind, page);
      return listBody(request, views, views.items.map(presentSavedView), ctx.config.publicUrl);
    },
  );
  app.post(
    processViews,
    {
      schema: {
        tags,
        summary: 'Save a view of the process list (criteria: filters of GET /runs)',
        params: OrgParams,
        body: ProcessViewBody,
        response: { 201: OneView, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const input = savedViewInputOf(request.body, kind, true);
      const view = await createSavedView(ctx, requireActor(request), kind, {
        ...input,
        name: input.name ?? '',
      });
      return reply.status(201).send({ data: presentSavedView(view) });
    },
  );
  app.put(
    `${processViews}/:id`,
    {
      schema: {
        tags,
        summary: 'Change one of my process views (what the body names)',
        params: ViewParams,
        body: ProcessViewBody,
        response: { 201: OneView, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const input = savedViewInputOf(request.body, kind, false);
      const view = await updateSavedView(ctx, requireActor(request), kind, request.params.id, input);
      return reply.status(201).send({ data: presentSavedView(view) });
    },
  );
  app.delete(
    `${processViews}/:id`,
    {
      schema: {
        tags,
        summary: 'Delete one of my process views; answers it as it was',
        params: ViewParams,
        response: { 201: OneView, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const view = await deleteSavedView(ctx, requireActor(request), kind, request.params.id);
      return reply.status(201).send({ data: presentSavedView(view) });
    },
  );

  const tkind: ViewListKind = 'template';
  app.get(
    templateViews,
    {
      schema: {
        tags,
        summary: 'My saved views of the template list',
        params: OrgParams,
        response: { 200: Envelope(Type.Array(SavedViewSchema)), ...ErrorResponses },
      },
    },
    async (request) => {
      const views = await listSavedViews(ctx, requireActor(request), tkind, {
        page: 1,
        perPage: 1,
        all: true,
      });
      return { data: views.items.map(presentSavedView) };
    },
  );
  app.post(
    templateViews,
    {
      schema: {
        tags,
        summary: 'Save a view of the template list (criteria: filters of GET /checklists)',
        params: OrgParams,
        body: TemplateViewBody,
        response: { 201: OneView, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const input = savedViewInputOf(request.body, tkind, true);
      const view = await createSavedView(ctx, requireActor(request), tkind, {
        ...input,
        name: input.name ?? '',
      });
      return reply.status(201).send({ data: presentSavedView(view) });
    },
  );
  app.get(
    `${templateViews}/:id`,
    {
      schema: {
        tags,
        summary: 'One of my template views',
        params: ViewParams,
        response: { 200: OneView, ...ErrorResponses },
      },
    },
    async (request) => {
      const view = await getSavedView(ctx, requireActor(request), tkind, request.params.id);
      return { data: presentSavedView(view) };
    },
  );
  app.put(
    `${templateViews}/:id`,
    {
      schema: {
        tags,
        summary: 'Change one of my template views (what the body names)',
        params: ViewParams,
        body: TemplateViewBody,
        response: { 200: OneView, ...ErrorResponses },
      },
    },
    async (request) => {
      const input = savedViewInputOf(request.body, tkind, false);
      const view = await updateSavedView(ctx, requireActor(request), tkind, request.params.id, input);
      return { data: presentSavedView(view) };
    },
  );
  app.delete(
    `${templateViews}/:id`,
    {
      schema: {
        tags,
        summary: 'Delete one of my template views',
        params: ViewParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await deleteSavedView(ctx, requireActor(request), tkind, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/organizations/:org/me/preferences',
    {
      schema: {
        tags,
        summary: 'My preferences, by slug',
        params: OrgParams,
        response: { 200: Preferences, ...ErrorResponses },
      },
    },
    async (request) => ({
      data: (await listMyPreferences(ctx, requireActor(request))).map(presentPreference),
    }),
  );
  app.get(
    '/organizations/:org/users/:user_id/preferences',
    {
      schema: {
        tags,
        summary: "A member's preferences (your own, or anyone's for administrators)",
        params: UserParams,
        response: { 200: Preferences, ...ErrorResponses },
      },
    },
    async (request) => {
      const found = await listMemberPreferences(ctx, requireActor(request), request.params.user_id);
      return { data: found.map(presentPreference) };
    },
  );
  app.post(
    '/organizations/:org/me/preferences',
    {
      schema: {
        tags,
        summary: 'Set one of my preferences (insert or replace by slug)',
        params: OrgParams,
        body: PreferenceBody,
        response: { 200: Envelope(PreferenceSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const preference = await setMyPreference(ctx, requireActor(request), preferenceInputOf(request.body));
      return { data: presentPreference(preference) };
    },
  );
  app.post(
    '/organizations/:org/preferences',
    {
      schema: {
        tags: ['Organization'],
        summary: 'Add a preference of the calling member (the same as POST /me/preferences, answered 201)',
        params: OrgParams,
        body: PreferenceBody,
        response: { 201: Envelope(PreferenceSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const preference = await setMyPreference(ctx, requireActor(request), preferenceInputOf(request.body));
      return reply.status(201).send({ data: presentPreference(preference) });
    },
  );
};
