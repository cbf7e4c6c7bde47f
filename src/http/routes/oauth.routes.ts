import { Type } from 'typebox';
import { invalidFields } from '../../domain/errors.js';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE } from '../../services/identity/sign-in.js';
import { exchangeOAuthToken, type OAuthTokenInput } from '../../services/identity/tokens.js';
import { cookieHeader, readCookie } from '../cookies.js';
import { ErrorResponses } from '../schemas/common.js';
import { refuseNulInField } from '../schemas/hardening.js';
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
    async (request, reply) => {
      const input = tokenInput(request.isMultipart() ? await multipartFields(request) : request.body);
      const result = await exchangeOAuthToken(ctx, input, {
        address: request.ip,
        deviceCookie: readCookie(request, DEVICE_COOKIE),
      });
      if (result.deviceCookie) {
        const secure = ctx.config.publicUrl?.startsWith('https:') ?? request.protocol === 'https';
        reply.header(
          'set-cookie',
          cookieHeader(DEVICE_COOKIE, result.deviceCookie, { maxAgeSeconds: DEVICE_COOKIE_MAX_AGE, secure }),
        );
      }
      return result.body;
    },
  );
};

const TOKEN_FIELDS = ['grant_type', 'username', 'password', 'refresh_token'] as const;

/**
 * The grant's fields from whichever body the client sent. The schema cannot require an
 * object (multipart bodies are read here), so a field that is not text is refused here.
 */
function tokenInput(body: unknown): OAuthTokenInput {
  const raw =
    body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const input: OAuthTokenInput = {};
  const errors: Record<string, string[]> = {};
  for (const key of TOKEN_FIELDS) {
    const value = raw[key];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') input[key] = value;
    else errors[key] = [`The ${key} field must be a string.`];
  }
  if (Object.keys(errors).length > 0) throw invalidFields('VALIDATION_FAILED', errors);
  return input;
}

async function multipartFields(request: {
  parts(): AsyncIterableIterator<unknown>;
}): Promise<OAuthTokenInput> {
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    const p = part as { type: string; fieldname: string; value?: unknown };
    if (p.type !== 'field') continue;
    refuseNulInField(p.fieldname, String(p.value));
    fields[p.fieldname] = String(p.value);
  }
  return fields;
}
