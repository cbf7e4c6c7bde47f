import { Type } from 'typebox';
import {
  deleteOtherActiveTokens,
  getCurrentUserById,
  getOwnMembership,
  listCurrentUserOrganizations,
  requestOwnEmailChange,
  updateOwnAccount,
  updateOwnPassword,
} from '../../services/identity/account.js';
import { refreshBrowserSession } from '../../services/identity/browser-sessions.js';
import { confirmEmailChange } from '../../services/identity/email-change.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireActor, requirePrincipal } from '../plugins/auth.js';
import { setSessionCookie } from '../plugins/session-cookie.js';
import { OrganizationSchema, presentOrganization } from '../presenters/present-organization.js';
import { presentUser, UserSchema } from '../presenters/present-user.js';
import { Envelope, ErrorResponses, ListEnvelope, ListQueryProperties, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { passwordInputFrom, profileInputFrom } from './account.inputs.js';
import {
  AccountBody,
  ConfirmEmailParams,
  CurrentUserParams,
  EmailBody,
  PasswordBody,
} from './account.schemas.js';

const one = { 200: Envelope(UserSchema), ...ErrorResponses };

/** The signed-in member's own account (`/organizations/{org}/me…`, `/current-user/{id}`). */
export const accountRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/me',
    {
      schema: {
        tags: ['Member'],
        summary: 'Your profile with your role and status in this organization',
        params: OrgParams,
        response: one,
      },
    },
    async (request) => {
      const member = await getOwnMembership(ctx, requireActor(request));
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.put(
    '/organizations/:org/me',
    {
      schema: {
        tags: ['Member'],
        summary: 'Update your own profile (names, phone, job title, team, time zone, date format)',
        description: 'A role in the body is ignored: nobody changes their own role here.',
        params: OrgParams,
        body: AccountBody,
        response: one,
      },
    },
    async (request) => {
      const member = await updateOwnAccount(ctx, requireActor(request), profileInputFrom(request.body));
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.put(
    '/organizations/:org/me/update-password',
    {
      schema: {
        tags: ['Member'],
        summary: 'Change your password (the current one is required); your other sessions end',
        description:
          'The new password needs at least 8 characters and may not be a common password (422 PASSWORD_TOO_WEAK); a wrong old_password answers 422 CURRENT_PASSWORD_INCORRECT, and repeated wrong ones 429.',
        params: OrgParams,
        body: PasswordBody,
        response: one,
      },
    },
    async (request) => {
      const member = await updateOwnPassword(
        ctx,
        requireActor(request),
        passwordInputFrom(request.body),
        request.ip,
      );
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.put(
    '/organizations/:org/me/update-email',
    {
      schema: {
        tags: ['Member'],
        summary: 'Change your e-mail address: a confirmation link goes to the new address',
        description:
          'The address changes only when the link (GET /confirm-email/{token}, valid 24 hours) is followed; then your other sessions end. Needs your current password.',
        params: OrgParams,
        body: EmailBody,
        response: one,
      },
    },
    async (request) => {
      const input = { email: request.body.email, password: request.body.password };
      const member = await requestOwnEmailChange(ctx, requireActor(request), input, request.ip);
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.delete(
    '/organizations/:org/me/delete-active-tokens',
    {
      schema: {
        tags: ['Member'],
        summary: 'Sign out everywhere else: revokes every token of yours but the one making this call',
        params: OrgParams,
        response: { 200: Envelope(Type.Object({ revoked: Type.Integer() })), ...ErrorResponses },
      },
    },
    async (request) => {
      const revoked = await deleteOtherActiveTokens(ctx, requireActor(request), request.ip);
      return { data: { revoked } };
    },
  );

  app.get(
    '/current-user/:user_id',
    {
      schema: {
        tags: ['Member'],
        summary: 'Your global profile, by your own id (any other id answers 404)',
        params: CurrentUserParams,
        response: one,
      },
    },
    async (request) => {
      const user = await getCurrentUserById(ctx, requirePrincipal(request), request.params.user_id);
      return { data: presentUser(user) };
    },
  );

  app.get(
    '/current-user/:user_id/organizations',
    {
      schema: {
        tags: ['Member'],
        summary: 'Your organizations, by your own id (any other id answers 404)',
        params: CurrentUserParams,
        querystring: Type.Object({
          ...ListQueryProperties,
          admin: Type.Optional(Type.String()),
          include_disabled: Type.Optional(Type.String()),
        }),
        response: { 200: ListEnvelope(OrganizationSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const page = pageRequestFrom(request.query);
      const result = await listCurrentUserOrganizations(
        ctx,
        requirePrincipal(request),
        request.params.user_id,
        page,
        request.query.q,
      );
      return listBody(request, result, result.items.map(presentOrganization), ctx.config.publicUrl);
    },
  );

  app.get(
    '/confirm-email/:token',
    {
      config: { public: true },
      schema: {
        tags: ['Member'],
        summary: 'Confirm an e-mail change: the link sent to the new address',
        description:
          'Works once, for 24 hours; an unknown, used or expired link answers 404 EMAIL_CHANGE_NOT_FOUND.',
        params: ConfirmEmailParams,
        response: one,
      },
    },
    async (request) => {
      const user = await confirmEmailChange(ctx, request.params.token, request.ip);
      return { data: presentUser(user) };
    },
  );

  app.post(
    '/oauth/token/refresh',
    {
      schema: {
        tags: ['Authentication'],
        summary: 'A fresh session token cookie for the signed-in member',
        description:
          'Renews a session (the browser cookie, or a password grant’s access token): the presented token is revoked and a new one set as the httpOnly session cookie. Personal tokens are refused (422 SESSION_TOKEN_REQUIRED); refresh tokens never authenticate here.',
        response: {
          200: Envelope(Type.Object({ csrf_token: Type.String(), expires_in: Type.Integer() })),
          ...ErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const session = await refreshBrowserSession(ctx, requirePrincipal(request), request.ip);
      setSessionCookie(ctx, request, reply, session.secret, session.expiresInSeconds);
      return { data: { csrf_token: session.csrfToken, expires_in: session.expiresInSeconds } };
    },
  );
};
