import { Type } from 'typebox';
import { AppError } from '../../domain/errors.js';
import {
  browserSessionUser,
  csrfTokenFor,
  signInBrowser,
  signOutBrowser,
} from '../../services/identity/browser-sessions.js';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE } from '../../services/identity/sign-in.js';
import { cookieHeader } from '../cookies.js';
import { requirePrincipal } from '../plugins/auth.js';
import {
  clearSessionCookie,
  readCookie,
  SESSION_COOKIE,
  setSessionCookie,
} from '../plugins/session-cookie.js';
import { Envelope, ErrorResponses, Nullable } from '../schemas/common.js';
import type { RouteModule } from '../types.js';

const SessionSchema = Type.Object({
  csrf_token: Type.String({ description: 'Send it as X-CSRF-Token on every unsafe request' }),
});
const CurrentSessionSchema = Type.Object({
  user_id: Nullable(Type.Integer()),
  csrf_token: Nullable(Type.String({ description: 'Send it as X-CSRF-Token on every unsafe request' })),
});

/**
 * The web app's sign-in: a session cookie instead of a token the page would have to keep.
 * Every other route accepts that cookie as it accepts a bearer token.
 */
export const sessionRoutes: RouteModule = (app, ctx) => {
  app.post(
    '/session',
    {
      config: { public: true },
      schema: {
        tags: ['Authentication'],
        summary: 'Sign in from a browser: sets an httpOnly session cookie',
        description:
          'The password grant of /oauth/token (same credential check and login throttle), answered with a session cookie and the CSRF token that unsafe cookie-authenticated requests carry in X-CSRF-Token. JSON only, so a cross-site form cannot sign a browser in.',
        body: Type.Object({ email: Type.String(), password: Type.String() }),
        response: { 200: Envelope(SessionSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      if (!request.headers['content-type']?.toLowerCase().startsWith('application/json')) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Sign in with a JSON body.');
      }
      const session = await signInBrowser(ctx, request.body.email, request.body.password, {
        address: request.ip,
        deviceCookie: readCookie(request, DEVICE_COOKIE),
      });
      // The sign-in service's device cookie, set as /oauth/token sets it.
      const secure = ctx.config.publicUrl?.startsWith('https:') ?? request.protocol === 'https';
      const device = session.deviceCookie
        ? [
            cookieHeader(DEVICE_COOKIE, session.deviceCookie, {
              maxAgeSeconds: DEVICE_COOKIE_MAX_AGE,
              secure,
            }),
          ]
        : [];
      setSessionCookie(ctx, request, reply, session.secret, session.expiresInSeconds, device);
      return { data: { csrf_token: session.csrfToken } };
    },
  );

  app.get(
    '/session',
    {
      config: { public: true },
      schema: {
        tags: ['Authentication'],
        summary: 'The browser session: who is signed in and its CSRF token (nulls when signed out)',
        description:
          'Answers 200 either way, so a page can ask whether it is signed in without an error. Only the session cookie counts; a bearer token is not a browser session.',
        response: { 200: Envelope(CurrentSessionSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const secret = readCookie(request, SESSION_COOKIE);
      const userId = secret === undefined ? null : await browserSessionUser(ctx, secret);
      if (secret === undefined || userId === null) return { data: { user_id: null, csrf_token: null } };
      return { data: { user_id: userId, csrf_token: csrfTokenFor(secret) } };
    },
  );

  app.delete(
    '/session',
    {
      schema: {
        tags: ['Authentication'],
        summary: 'Sign out: revokes the session and clears its cookie',
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await signOutBrowser(ctx, requirePrincipal(request));
      clearSessionCookie(ctx, request, reply);
      return reply.status(204).send(null);
    },
  );
};
