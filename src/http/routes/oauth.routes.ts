import { Type } from 'typebox';
import { exchangeOAuthToken, type OAuthTokenInput } from '../../services/identity/tokens.js';
import { ErrorResponses } from '../schemas/common.js';
import type { RouteModule } from '../types.js';

const TokenBody = Type.Object(
  {
    grant_type: Type.Optional(Type.String()),
    username: Type.Optional(Type.String()),
    password: Type.Optional(Type.String()),
    refresh_token: Type.Optional(Type.String()),
    client_id: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
    client_secret: Type.Optional(Type.String()),
    scope: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

export const oauthRoutes: RouteModule = (app, ctx) => {
  app.post(
    '/oauth/token',
    {
      config: { public: true },
      schema: {
        tags: ['Authentication'],
        summary: 'Exchange credentials or a refresh token for an access token',
        description:
          'grant_type=password (username, password) or grant_type=refresh_token (refresh_token); JSON, form-encoded or multipart. client_id and client_secret are accepted and not checked.',
        // Multipart bodies are read in the handler, so the schema here documents the fields
        // without requiring a JSON object.
        body: Type.Union([TokenBody, Type.Unknown()]),
        response: {
          200: Type.Object({
            token_type: Type.Literal('Bearer'),
            access_token: Type.String(),
            refresh_token: Type.String(),
            expires_in: Type.Integer(),
          }),
          ...ErrorResponses,
        },
      },
    },
    async (request) => {
      const input = request.isMultipart()
        ? await multipartFields(request)
        : ((request.body ?? {}) as OAuthTokenInput);
      return exchangeOAuthToken(ctx, input, request.ip);
    },
  );
};

async function multipartFields(request: {
  parts(): AsyncIterableIterator<unknown>;
}): Promise<OAuthTokenInput> {
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    const p = part as { type: string; fieldname: string; value?: unknown };
    if (p.type === 'field') fields[p.fieldname] = String(p.value);
  }
  return fields;
}
