import { acceptInvitation } from '../../services/people/accept-invitation.js';
import { inviteMember, resendInvitation, withdrawInvitation } from '../../services/people/invitations.js';
import { baseUrlOf } from '../base-url.js';
import { requireActor } from '../plugins/auth.js';
import { presentUser, UserSchema } from '../presenters/present-user.js';
import { Envelope, ErrorResponses, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { AcceptInvitationBody, InviteBody, MemberParams } from './members.schemas.js';

const one = { 200: Envelope(UserSchema), ...ErrorResponses };

export const invitationRoutes: RouteModule = (app, ctx) => {
  app.post(
    '/organizations/:org/users/invite',
    {
      schema: {
        tags: ['Member'],
        summary: 'Invite a person: an invited membership and an e-mailed one-time token',
        params: OrgParams,
        body: InviteBody,
        response: one,
      },
    },
    async (request) => {
      const b = request.body;
      const member = await inviteMember(
        ctx,
        requireActor(request),
        { email: b.email, firstName: b.first_name, lastName: b.last_name, role: b.role, message: b.message },
        baseUrlOf(request, ctx.config.publicUrl),
      );
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.post(
    '/organizations/:org/users/:user_id/resend-invite',
    {
      schema: {
        tags: ['Member'],
        summary: 'Send a new invitation token (the previous one stops working)',
        params: MemberParams,
        response: one,
      },
    },
    async (request) => {
      const base = baseUrlOf(request, ctx.config.publicUrl);
      const member = await resendInvitation(ctx, requireActor(request), request.params.user_id, base);
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.delete(
    '/organizations/:org/users/:user_id/withdraw-invite',
    {
      schema: {
        tags: ['Member'],
        summary: 'Withdraw an invitation (the invited membership is removed)',
        params: MemberParams,
        response: one,
      },
    },
    async (request) => {
      const member = await withdrawInvitation(ctx, requireActor(request), request.params.user_id);
      return { data: presentUser(member.user) };
    },
  );

  app.post(
    '/invitations/accept',
    {
      config: { public: true, optionalAuth: true },
      schema: {
        tags: ['Member'],
        summary:
          'Accept an invitation with its token: a new account sets its password, an existing one signs in',
        description:
          'A new account sends the token and the password it chooses (no bearer token needed). An account that already exists accepts with its own bearer token and no password; without one it answers 401 SIGN_IN_REQUIRED. Unknown tokens are limited per address (429 + Retry-After).',
        security: [{}, { bearerAuth: [] }],
        body: AcceptInvitationBody,
        response: one,
      },
    },
    async (request) => {
      const b = request.body;
      const member = await acceptInvitation(
        ctx,
        { token: b.token, password: b.password, firstName: b.first_name, lastName: b.last_name },
        request.ip,
        request.principal,
      );
      return { data: presentUser(member.user, member.membership) };
    },
  );
};
