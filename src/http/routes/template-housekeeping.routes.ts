import { Type } from 'typebox';
import {
  checkTemplatesExist,
  pinTemplate,
  setTemplateStatus,
} from '../../services/templates/template-housekeeping.js';
import { requireActor } from '../plugins/auth.js';
import { presentTemplate, TemplateSchema } from '../presenters/present-template.js';
import { Envelope, ErrorResponses, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';

const tags = ['Template'];
const Params = Type.Object({ org: Type.String(), checklist_id: Type.String({ maxLength: 64 }) });
const one = { 200: Envelope(TemplateSchema), ...ErrorResponses };

export const templateHousekeepingRoutes: RouteModule = (app, ctx) => {
  app.put(
    '/organizations/:org/checklists/:checklist_id/pin',
    {
      schema: {
        tags,
        summary: 'Pin or unpin a template (pinned templates come first in the list by default)',
        params: Params,
        body: Type.Object({ is_pinned: Type.Boolean() }, { additionalProperties: true }),
        response: one,
      },
    },
    async (request) => {
      const { checklist_id: id } = request.params;
      const view = await pinTemplate(ctx, requireActor(request), id, request.body.is_pinned);
      return { data: presentTemplate(view) };
    },
  );

  app.put(
    '/organizations/:org/checklists/:checklist_id/status',
    {
      schema: {
        tags,
        summary: 'Set the readiness of a template (status=started|in_progress|almost_completed|completed)',
        params: Params,
        querystring: Type.Object({ status: Type.Optional(Type.String({ maxLength: 32 })) }),
        body: Type.Optional(
          Type.Object(
            { status: Type.Optional(Type.String({ maxLength: 32 })) },
            { additionalProperties: true },
          ),
        ),
        response: one,
      },
    },
    async (request) => {
      // The spec sends the status in the query; a body's `status` is accepted too.
      const status = request.query.status ?? request.body?.status ?? '';
      const view = await setTemplateStatus(ctx, requireActor(request), request.params.checklist_id, status);
      return { data: presentTemplate(view) };
    },
  );

  app.post(
    '/organizations/:org/check-checklists-existence',
    {
      schema: {
        tags,
        summary: 'Which of these template ids exist (archived ones do not): {"data": {"<id>": true|false}}',
        params: OrgParams,
        body: Type.Object(
          { ids: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 500 }) },
          { additionalProperties: true },
        ),
        response: { 200: Envelope(Type.Record(Type.String(), Type.Boolean())), ...ErrorResponses },
      },
    },
    async (request) => ({ data: await checkTemplatesExist(ctx, requireActor(request), request.body.ids) }),
  );
};
