import { Type } from 'typebox';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/identity/api-tokens.js';
import { requireActor } from '../plugins/auth.js';
import {
  ApiTokenSchema,
  CreatedApiTokenSchema,
  presentApiToken,
  presentCreatedApiToken,
} from '../presenters/present-api-token.js';
import { Envelope, ErrorResponses, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';

const TAGS = ['Member'];
const EXTENSION =
  'A Flowlane extension (Tallyfy shows a personal token in its web app only). A token belongs to your account: it works in every organization where you are an active member.';

export const CreateApiTokenBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, description: 'What the token is for' }),
});

const TokenParams = Type.Object({ org: Type.String(), token_id: Type.String({ maxLength: 64 }) });

/** The signed-in member's personal API tokens (`/organizations/{org}/me/api-tokens`). */
export const apiTokenRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/me/api-tokens',
    {
      schema: {
        tags: TAGS,
        summary: 'Your personal API tokens that still work, newest first (never their secrets)',
        description: EXTENSION,
        params: OrgParams,
        response: { 200: Type.Object({ data: Type.Array(ApiTokenSchema) }), ...ErrorResponses },
      },
    },
    async (request) => ({ data: (await listApiTokens(ctx, requireActor(request))).map(presentApiToken) }),
  );

  app.post(
    '/organizations/:org/me/api-tokens',
    {
      schema: {
        tags: TAGS,
        summary: 'Create a personal API token; its secret is in this answer only',
        description: `${EXTENSION} Send it as Authorization: Bearer <access_token>. Only its SHA-256 is stored.`,
        params: OrgParams,
        body: CreateApiTokenBody,
        response: { 201: Envelope(CreatedApiTokenSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const token = await createApiToken(ctx, requireActor(request), { name: request.body.name }, request.ip);
      reply.status(201);
      return { data: presentCreatedApiToken(token) };
    },
  );

  app.delete(
    '/organizations/:org/me/api-tokens/:token_id',
    {
      schema: {
        tags: TAGS,
        summary: 'Revoke one of your personal API tokens; it stops working at once',
        description: EXTENSION,
        params: TokenParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await revokeApiToken(ctx, requireActor(request), request.params.token_id, request.ip);
      return reply.status(204).send(null);
    },
  );
};
