import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import {
  approveMember,
  getReassignmentInformation,
  rejectMember,
  requestMemberEmailChange,
  setNewDefaultAdmin,
  unsuspendMember,
  updateMemberAccount,
} from '../../services/people/member-admin.js';
import { exportMembersCsv } from '../../services/people/member-export.js';
import { requireActor } from '../plugins/auth.js';
import {
  presentReassignmentInformation,
  ReassignmentInformationSchema,
} from '../presenters/present-reassignment.js';
import { presentUser, UserSchema } from '../presenters/present-user.js';
import { Envelope, ErrorResponses, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { memberEditInputFrom } from './account.inputs.js';
import { EmailBody, MemberAccountBody, SetNewAdminBody } from './account.schemas.js';
import { MemberParams } from './members.schemas.js';

const one = { 200: Envelope(UserSchema), ...ErrorResponses };

/** What administrators do to other members' accounts (see services/people/member-admin.ts). */
export const memberAdminRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/users/export',
    {
      schema: {
        tags: ['Member'],
        summary: 'Every member as CSV (administrators)',
        description:
          'text/csv, streamed. Cells that a spreadsheet would run as a formula (starting with = + - @) are prefixed with an apostrophe.',
        params: OrgParams,
        produces: ['text/csv'],
        response: { 200: Type.String({ format: 'binary', description: 'CSV' }), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      return sendCsv(reply, await exportMembersCsv(ctx, requireActor(request)));
    },
  );

  app.put(
    '/organizations/:org/users/:user_id',
    {
      schema: {
        tags: ['Member'],
        summary: "Edit a member's profile and role (administrators)",
        description: 'The last active administrator cannot be demoted (422 LAST_ADMIN).',
        params: MemberParams,
        body: MemberAccountBody,
        response: one,
      },
    },
    async (request) => {
      const input = memberEditInputFrom(request.body);
      const member = await updateMemberAccount(ctx, requireActor(request), request.params.user_id, input);
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.put(
    '/organizations/:org/users/:user_id/update-email',
    {
      schema: {
        tags: ['Member'],
        summary: "Change a member's e-mail address: a confirmation link goes to the new address",
        description:
          "password is the administrator's own. The address changes when the link is followed; then the member's tokens are revoked.",
        params: MemberParams,
        body: EmailBody,
        response: one,
      },
    },
    async (request) => {
      const input = { email: request.body.email, password: request.body.password };
      const actor = requireActor(request);
      const member = await requestMemberEmailChange(ctx, actor, request.params.user_id, input, request.ip);
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.put(
    '/organizations/:org/users/:user_id/approve',
    {
      schema: {
        tags: ['Member'],
        summary: 'Approve a member waiting to join (status pending → active)',
        params: MemberParams,
        response: one,
      },
    },
    async (request) => {
      const member = await approveMember(ctx, requireActor(request), request.params.user_id);
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.delete(
    '/organizations/:org/users/:user_id/reject',
    {
      schema: {
        tags: ['Member'],
        summary: 'Reject a member waiting to join (their request is removed; the account stays)',
        params: MemberParams,
        response: one,
      },
    },
    async (request) => {
      const member = await rejectMember(ctx, requireActor(request), request.params.user_id);
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.put(
    '/organizations/:org/users/:user_id/unsuspend',
    {
      schema: {
        tags: ['Member'],
        summary: "Lift the sign-in lockout failed passwords put on a member's account",
        params: MemberParams,
        response: one,
      },
    },
    async (request) => {
      const member = await unsuspendMember(ctx, requireActor(request), request.params.user_id, request.ip);
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.put(
    '/organizations/:org/users/:user_id/set-new-admin',
    {
      schema: {
        tags: ['Member'],
        summary: 'Make a member the default admin (new_admin_id, else the path member)',
        description:
          'There is exactly one default admin; the previous one keeps the admin role. A member who is not an admin yet is promoted.',
        params: MemberParams,
        body: SetNewAdminBody,
        response: one,
      },
    },
    async (request) => {
      const target = request.body.new_admin_id ?? request.params.user_id;
      const member = await setNewDefaultAdmin(ctx, requireActor(request), target);
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.get(
    '/organizations/:org/users/:user_id/reassignment-information',
    {
      schema: {
        tags: ['Member'],
        summary: 'What a member owns before being disabled: open tasks, templates, processes, steps, groups',
        description:
          'Remove the member with DELETE …/users/{id}?with_reassignment=true&to={member} to move their tasks, templates and processes.',
        params: MemberParams,
        response: { 200: Envelope(ReassignmentInformationSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const info = await getReassignmentInformation(ctx, requireActor(request), request.params.user_id);
      return { data: presentReassignmentInformation(info) };
    },
  );
};

/** Streams CSV lines as a download; the serializer never sees the stream. */
function sendCsv(reply: FastifyReply, lines: AsyncIterable<string>) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', 'attachment; filename="members.csv"')
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(Readable.from(lines));
}
