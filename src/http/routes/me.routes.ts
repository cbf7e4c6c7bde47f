import { Type } from 'typebox';
import { getCurrentUser, listMyOrganizations } from '../../services/identity/me.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requirePrincipal } from '../plugins/auth.js';
import { OrganizationSchema, presentOrganization } from '../presenters/present-organization.js';
import { presentUser, UserSchema } from '../presenters/present-user.js';
import { Envelope, ErrorResponses, ListEnvelope, ListQueryProperties } from '../schemas/common.js';
import type { RouteModule } from '../types.js';

export const meRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/me',
    {
      schema: {
        tags: ['Member'],
        summary: "The current member's global profile",
        response: { 200: Envelope(UserSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const user = await getCurrentUser(ctx, requirePrincipal(request));
      return { data: presentUser(user) };
    },
  );

  app.get(
    '/me/organizations',
    {
      schema: {
        tags: ['Member'],
        summary: 'Organizations the current member belongs to',
        querystring: Type.Object({ ...ListQueryProperties, admin: Type.Optional(Type.String()) }),
        response: { 200: ListEnvelope(OrganizationSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const page = pageRequestFrom(request.query);
      const result = await listMyOrganizations(ctx, requirePrincipal(request), page, request.query.q);
      return listBody(request, result, result.items.map(presentOrganization), ctx.config.publicUrl);
    },
  );
};
