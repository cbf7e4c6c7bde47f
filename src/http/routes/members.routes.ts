import { Type } from 'typebox';
import { invalidFields } from '../../domain/errors.js';
import type { Member } from '../../domain/people.js';
import type { AppContext, MemberActor } from '../../services/context.js';
import {
  changeMemberRole,
  deleteMemberPermanently,
  disableMember,
  enableMember,
  getOrganizationMember,
  groupsOfMembers,
  listOrganizationMembers,
  statsOfMembers,
} from '../../services/people/members.js';
import { type IncludeLoader, loadIncludes, parseWith, wrap } from '../includes.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireActor } from '../plugins/auth.js';
import { presentStats } from '../presenters/present-stats.js';
import { presentUser, UserSchema } from '../presenters/present-user.js';
import { Envelope, ErrorResponses, ListEnvelope, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { MemberListQuery, MemberParams, RemoveMemberQuery, RoleBody, WithQuery } from './members.schemas.js';

/** Tallyfy's default page size for `GET /users`: every member in one page. */
const MEMBERS_PER_PAGE = 9999;

const one = { 200: Envelope(UserSchema), ...ErrorResponses };

export const memberRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/users',
    {
      schema: {
        tags: ['Member'],
        summary: 'List members (invited and disabled included); q, role, status, with=groups,stats',
        params: OrgParams,
        querystring: MemberListQuery,
        response: { 200: ListEnvelope(UserSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const page = pageRequestFrom(request.query, MEMBERS_PER_PAGE);
      const result = await listOrganizationMembers(ctx, actor, request.query, page);
      const data = await presentMembers(ctx, actor, result.items, request.query.with);
      return listBody(request, result, data, ctx.config.publicUrl);
    },
  );

  app.get(
    '/organizations/:org/users/:user_id',
    {
      schema: {
        tags: ['Member'],
        summary: 'Get a member',
        params: MemberParams,
        querystring: WithQuery,
        response: one,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const member = await getOrganizationMember(ctx, actor, request.params.user_id);
      const [data] = await presentMembers(ctx, actor, [member], request.query.with);
      return { data: data ?? presentUser(member.user, member.membership) };
    },
  );

  app.put(
    '/organizations/:org/users/:user_id/role',
    {
      schema: {
        tags: ['Member'],
        summary: "Change a member's role",
        params: MemberParams,
        body: RoleBody,
        response: one,
      },
    },
    async (request) => {
      const member = await changeMemberRole(
        ctx,
        requireActor(request),
        request.params.user_id,
        request.body.role,
      );
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.delete(
    '/organizations/:org/users/:user_id/disable',
    {
      schema: {
        tags: ['Member'],
        summary: 'Disable a member (their tokens are revoked)',
        params: MemberParams,
        response: one,
      },
    },
    async (request) => {
      const member = await disableMember(ctx, requireActor(request), request.params.user_id);
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.put(
    '/organizations/:org/users/:user_id/enable',
    {
      schema: { tags: ['Member'], summary: 'Enable a disabled member', params: MemberParams, response: one },
    },
    async (request) => {
      const member = await enableMember(ctx, requireActor(request), request.params.user_id);
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.delete(
    '/organizations/:org/users/:user_id',
    {
      schema: {
        tags: ['Member'],
        summary: 'Remove a member from the organization (disables them; the account stays)',
        description:
          'with_reassignment=true&to=<member id> moves their task assignments to that active member.',
        params: MemberParams,
        querystring: RemoveMemberQuery,
        response: one,
      },
    },
    async (request) => {
      const { with_reassignment: reassign, to } = request.query;
      if (reassign && to === undefined)
        throw invalidFields('VALIDATION_FAILED', { to: ['The to field is required for reassignment.'] });
      const options = { reassignTo: reassign ? to : undefined };
      const member = await disableMember(ctx, requireActor(request), request.params.user_id, options);
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.delete(
    '/organizations/:org/users/:user_id/delete',
    {
      schema: {
        tags: ['Member'],
        summary: 'Delete a disabled member for good (membership, groups, task assignments)',
        params: MemberParams,
        response: { 200: Envelope(Type.Null()), ...ErrorResponses },
      },
    },
    async (request) => {
      await deleteMemberPermanently(ctx, requireActor(request), request.params.user_id);
      return { data: null };
    },
  );
};

/** Members as the spec's User, with `groups` ({data: […]}) when asked for. */
async function presentMembers(ctx: AppContext, actor: MemberActor, members: Member[], withParam?: string) {
  const loaders: Record<string, IncludeLoader<Member>> = {
    groups: async (items) => {
      const groups = await groupsOfMembers(
        ctx,
        actor,
        items.map((m) => m.user.id),
      );
      return (m) => ({
        groups: wrap(
          (groups.get(m.user.id) ?? []).map((g) => ({
            id: g.id,
            name: g.name,
            description: g.description,
            logo: g.logo,
          })),
        ),
      });
    },
  };
  loaders.stats = async (items) => {
    const stats = await statsOfMembers(ctx, actor, items);
    return (m) => ({ stats: presentStats(stats.get(m.user.id)) });
  };
  const extras = await loadIncludes(members, parseWith(withParam), loaders);
  return members.map((m, i) => ({ ...presentUser(m.user, m.membership), ...extras[i] }));
}
