import { Type } from 'typebox';
import { OUTGOING_EMAIL_STATUSES } from '../../domain/outgoing-email.js';
import { DELIVERY_STATUSES } from '../../domain/webhooks/delivery.js';
import { listOutgoingEmails } from '../../services/email/outgoing-emails.js';
import {
  getWebhookDelivery,
  listWebhookDeliveries,
  readWebhookSecret,
  replayWebhookDelivery,
  rotateWebhookSecret,
} from '../../services/webhooks/webhook-admin.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireActor } from '../plugins/auth.js';
import {
  OutgoingEmailSchema,
  presentOutgoingEmail,
  presentWebhookDelivery,
  WebhookDeliverySchema,
} from '../presenters/present-webhooks.js';
import { Envelope, ErrorResponses, ListEnvelope, ListQueryProperties, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';

const SecretBody = Envelope(Type.Object({ secret: Type.String() }));
const DeliveryParams = Type.Object({ org: Type.String(), delivery: Type.String() });
const DeliveryQuery = Type.Object({
  ...ListQueryProperties,
  status: Type.Optional(Type.Union(DELIVERY_STATUSES.map((s) => Type.Literal(s)))),
  event: Type.Optional(Type.String({ description: 'Event name, e.g. task.completed' })),
  url: Type.Optional(Type.String({ description: 'Exact webhook URL' })),
});
const EmailQuery = Type.Object({
  ...ListQueryProperties,
  status: Type.Optional(Type.Union(OUTGOING_EMAIL_STATUSES.map((s) => Type.Literal(s)))),
  reason: Type.Optional(Type.String()),
  to: Type.Optional(Type.String()),
});
const tags = ['Webhooks'];

/** The webhook secret, the delivery log with replay, and the outgoing mail list (admins). */
export const webhookRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/webhook-secret',
    {
      schema: {
        tags,
        summary: 'Read the webhook signing secret',
        params: OrgParams,
        response: { 200: SecretBody, ...ErrorResponses },
      },
    },
    async (request) => ({ data: { secret: await readWebhookSecret(ctx, requireActor(request)) } }),
  );

  app.post(
    '/organizations/:org/webhook-secret/rotate',
    {
      schema: {
        tags,
        summary: 'Replace the webhook signing secret',
        params: OrgParams,
        response: { 200: SecretBody, ...ErrorResponses },
      },
    },
    async (request) => ({ data: { secret: await rotateWebhookSecret(ctx, requireActor(request)) } }),
  );

  app.get(
    '/organizations/:org/webhook-deliveries',
    {
      schema: {
        tags,
        summary: 'The webhook delivery log, newest first, with attempts',
        params: OrgParams,
        querystring: DeliveryQuery,
        response: { 200: ListEnvelope(WebhookDeliverySchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { status, event, url } = request.query;
      const page = await listWebhookDeliveries(
        ctx,
        requireActor(request),
        { status, event, url },
        pageRequestFrom(request.query),
      );
      return listBody(request, page, page.items.map(presentWebhookDelivery), ctx.config.publicUrl);
    },
  );

  app.get(
    '/organizations/:org/webhook-deliveries/:delivery',
    {
      schema: {
        tags,
        summary: 'One delivery with its attempts',
        params: DeliveryParams,
        response: { 200: Envelope(WebhookDeliverySchema), ...ErrorResponses },
      },
    },
    async (request) => ({
      data: presentWebhookDelivery(
        await getWebhookDelivery(ctx, requireActor(request), request.params.delivery),
      ),
    }),
  );

  app.post(
    '/organizations/:org/webhook-deliveries/:delivery/replay',
    {
      schema: {
        tags,
        summary: 'Send a delivery again (a new retry cycle)',
        params: DeliveryParams,
        response: { 200: Envelope(WebhookDeliverySchema), ...ErrorResponses },
      },
    },
    async (request) => ({
      data: presentWebhookDelivery(
        await replayWebhookDelivery(ctx, requireActor(request), request.params.delivery),
      ),
    }),
  );

  app.get(
    '/organizations/:org/outgoing-emails',
    {
      schema: {
        tags: ['E-mail'],
        summary: 'Mail sent, waiting, or kept because no SMTP server is configured',
        params: OrgParams,
        querystring: EmailQuery,
        response: { 200: ListEnvelope(OutgoingEmailSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { status, reason, to } = request.query;
      const page = await listOutgoingEmails(
        ctx,
        requireActor(request),
        { status, reason, to },
        pageRequestFrom(request.query),
      );
      return listBody(request, page, page.items.map(presentOutgoingEmail), ctx.config.publicUrl);
    },
  );
};
