import { Type } from 'typebox';
import { getOrganization, updateOrganizationSettings } from '../../services/identity/organizations.js';
import { requireActor } from '../plugins/auth.js';
import { OrganizationSchema, presentOrganization } from '../presenters/present-organization.js';
import { Envelope, ErrorResponses, Nullable, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { updateOrganizationInputOf } from './organizations.inputs.js';

export const UpdateOrganizationBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 250 })),
    description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    timezone: Type.Optional(Type.String()),
    working_days: Type.Optional(Type.Unknown()),
    default_deadline: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true },
);

export const organizationRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org',
    {
      schema: {
        tags: ['Organization'],
        summary: 'Get the organization',
        params: OrgParams,
        response: { 200: Envelope(OrganizationSchema), ...ErrorResponses },
      },
    },
    async (request) => ({ data: presentOrganization(await getOrganization(ctx, requireActor(request))) }),
  );

  app.put(
    '/organizations/:org',
    {
      schema: {
        tags: ['Organization'],
        summary: 'Update the organization (administrators only)',
        params: OrgParams,
        body: UpdateOrganizationBody,
        response: { 200: Envelope(OrganizationSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const input = updateOrganizationInputOf(request.body);
      const view = await updateOrganizationSettings(ctx, requireActor(request), input);
      return { data: presentOrganization(view) };
    },
  );
};
