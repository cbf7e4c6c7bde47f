import { Type } from 'typebox';
import { listSecurityEvents } from '../../services/identity/security-events.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireActor } from '../plugins/auth.js';
import { presentSecurityEvent, SecurityEventSchema } from '../presenters/present-security-event.js';
import { ErrorResponses, ListEnvelope, ListQueryProperties, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';

const { page, per_page, limit, without_pagination } = ListQueryProperties;

export const securityEventRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/security-events',
    {
      schema: {
        tags: ['Organization'],
        summary: "Sign-ins, tokens and lockouts of the organization's members, newest first (admins)",
        params: OrgParams,
        querystring: Type.Object({ page, per_page, limit, without_pagination }),
        response: { 200: ListEnvelope(SecurityEventSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const result = await listSecurityEvents(ctx, requireActor(request), pageRequestFrom(request.query));
      return listBody(request, result, result.items.map(presentSecurityEvent), ctx.config.publicUrl);
    },
  );
};
