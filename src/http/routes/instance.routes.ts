/**
 * The server about itself (public `utils/…` and the public organization card) and the
 * hosted-only features, which answer 422 NOT_AVAILABLE_SELF_HOSTED.
 */
import { Type } from 'typebox';
import {
  checkUrl,
  getInstanceConfig,
  getPublicOrganization,
  notAvailableSelfHosted,
  type SelfHostedException,
} from '../../services/organizations/instance.js';
import { requireActor, requirePrincipal } from '../plugins/auth.js';
import {
  PublicOrganizationSchema,
  presentPublicOrganization,
} from '../presenters/present-organization-settings.js';
import { Envelope, ErrorResponses, Nullable, OrgParams } from '../schemas/common.js';
import type { App, RouteModule } from '../types.js';

const NOT_HERE =
  'Not available on a self-hosted server: always 422 NOT_AVAILABLE_SELF_HOSTED (after authentication).';

const ConfigSchema = Type.Object({
  self_hosted: Type.Boolean(),
  organization_creation: Type.String({ description: 'everyone | admins | nobody' }),
  public_url: Nullable(Type.String()),
  max_upload_bytes: Type.Integer(),
});

const CheckUrlSchema = Type.Object({
  url: Type.String(),
  valid: Type.Boolean(),
  message: Nullable(Type.String()),
});

export const instanceRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/utils/config',
    {
      config: { public: true },
      schema: {
        tags: ['Public'],
        summary: "This server's settings a client may adapt to (nothing secret)",
        security: [],
        response: { 200: Envelope(ConfigSchema), ...ErrorResponses },
      },
    },
    async () => {
      const c = getInstanceConfig(ctx);
      return {
        data: {
          self_hosted: c.selfHosted,
          organization_creation: c.organizationCreation,
          public_url: c.publicUrl,
          max_upload_bytes: c.maxUploadBytes,
        },
      };
    },
  );

  app.post(
    '/utils/check-url',
    {
      config: { public: true },
      schema: {
        tags: ['Public'],
        summary: 'Whether this server would send a webhook to the URL (the URL checker; no request is made)',
        security: [],
        body: Type.Object(
          { url: Type.String({ minLength: 1, maxLength: 4000 }) },
          { additionalProperties: true },
        ),
        response: { 200: Envelope(CheckUrlSchema), ...ErrorResponses },
      },
    },
    async (request) => ({ data: await checkUrl(ctx, request.body.url) }),
  );

  app.get(
    '/public/organizations/:org',
    {
      config: { public: true },
      schema: {
        tags: ['Public'],
        summary: "Any organization's name and logo (no token needed; nothing else)",
        security: [],
        params: OrgParams,
        response: {
          200: Type.Intersect([PublicOrganizationSchema, Envelope(PublicOrganizationSchema)]),
          ...ErrorResponses,
        },
      },
    },
    async (request) => {
      const card = presentPublicOrganization(await getPublicOrganization(ctx, request.params.org));
      return { ...card, data: card };
    },
  );

  notHere(app, 'POST', '/organizations/:org/billing-info', 'billing', 'Billing information');
  notHere(app, 'PUT', '/organizations/:org/subscriptions', 'subscriptions', 'Change the subscription plan');
  notHere(app, 'PUT', '/organizations/:org/billing-account', 'billing', 'The billing account');
  notHere(app, 'GET', '/organizations/:org/signup-answers', 'signup_questionnaire', 'Sign-up answers');
  notHere(app, 'POST', '/organizations/:org/signup-answers', 'signup_questionnaire', 'Store sign-up answers');
  app.get(
    '/signup-questions',
    {
      schema: {
        tags: ['Organization'],
        summary: 'Sign-up questions',
        description: NOT_HERE,
        response: ErrorResponses,
      },
    },
    async (request) => {
      requirePrincipal(request);
      throw notAvailableSelfHosted('signup_questionnaire');
    },
  );
};

/** A hosted-only route: members of the organization get the stable refusal. */
function notHere(
  app: App,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  feature: SelfHostedException,
  what: string,
) {
  app.route({
    method,
    url,
    schema: {
      tags: ['Organization'],
      summary: `${what} (hosted Tallyfy only)`,
      description: NOT_HERE,
      params: OrgParams,
      response: ErrorResponses,
    },
    handler: async (request) => {
      requireActor(request);
      throw notAvailableSelfHosted(feature);
    },
  });
}
