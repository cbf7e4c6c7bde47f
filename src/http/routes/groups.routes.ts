import { Type } from 'typebox';
import type { GroupWithMembers } from '../../domain/people.js';
import type { AppContext, MemberActor } from '../../services/context.js';
import {
  createGroup,
  deleteGroup,
  getGroup,
  guestsOfGroups,
  listOrganizationGroups,
  updateGroup,
} from '../../services/people/groups.js';
import { membersByIds } from '../../services/people/members.js';
import { type IncludeLoader, loadIncludes, parseWith, wrap } from '../includes.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireActor } from '../plugins/auth.js';
import { GroupSchema, presentGroup } from '../presenters/present-group.js';
import { presentGuestSummary } from '../presenters/present-guest.js';
import { presentUser } from '../presenters/present-user.js';
import {
  Envelope,
  ErrorResponses,
  ListEnvelope,
  ListQueryProperties,
  Nullable,
  OrgParams,
} from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { groupInputOf } from './groups.inputs.js';

const GroupParams = Type.Object({
  org: Type.String({ description: 'Organization id' }),
  group_id: Type.String({ description: 'Group id (32 hex)' }),
});
export const GroupBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    members: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 5000 })),
    guests: Type.Optional(Type.Array(Type.String({ maxLength: 254 }), { maxItems: 5000 })),
  },
  { additionalProperties: true },
);
const CreateGroupBody = Type.Object(
  { ...GroupBody.properties, name: Type.String({ maxLength: 200 }) },
  { additionalProperties: true },
);
const WithQuery = Type.Object({ with: Type.Optional(Type.String()) });
const one = { 200: Envelope(GroupSchema), ...ErrorResponses };

export const groupRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/groups',
    {
      schema: {
        tags: ['Group'],
        summary: 'List groups (q; sort_by name, created_at, updated_at; with=users,guests)',
        params: OrgParams,
        querystring: Type.Object(ListQueryProperties),
        response: { 200: ListEnvelope(GroupSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const actor = requireActor(request);
      const result = await listOrganizationGroups(
        ctx,
        actor,
        { q: q.q, sort: q.sort ?? q.sort_by },
        pageRequestFrom(q),
      );
      return listBody(
        request,
        result,
        await presentGroups(ctx, actor, result.items, q.with),
        ctx.config.publicUrl,
      );
    },
  );

  app.post(
    '/organizations/:org/groups',
    {
      schema: {
        tags: ['Group'],
        summary: 'Create a group of members and guests',
        params: OrgParams,
        body: CreateGroupBody,
        response: { 201: Envelope(GroupSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const group = await createGroup(ctx, actor, groupInputOf(request.body));
      reply.status(201);
      return { data: await presentOne(ctx, actor, group) };
    },
  );

  app.get(
    '/organizations/:org/groups/:group_id',
    {
      schema: {
        tags: ['Group'],
        summary: 'Get a group',
        params: GroupParams,
        querystring: WithQuery,
        response: one,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const group = await getGroup(ctx, actor, request.params.group_id);
      return { data: await presentOne(ctx, actor, group, request.query.with) };
    },
  );

  app.put(
    '/organizations/:org/groups/:group_id',
    {
      schema: {
        tags: ['Group'],
        summary: 'Update a group; members and guests given replace the current ones',
        params: GroupParams,
        body: GroupBody,
        response: one,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const group = await updateGroup(ctx, actor, request.params.group_id, groupInputOf(request.body));
      return { data: await presentOne(ctx, actor, group) };
    },
  );

  app.delete(
    '/organizations/:org/groups/:group_id',
    { schema: { tags: ['Group'], summary: 'Delete a group', params: GroupParams, response: one } },
    async (request) => {
      const actor = requireActor(request);
      const group = await deleteGroup(ctx, actor, request.params.group_id);
      return { data: await presentOne(ctx, actor, group) };
    },
  );
};

async function presentOne(ctx: AppContext, actor: MemberActor, group: GroupWithMembers, withParam?: string) {
  const [data] = await presentGroups(ctx, actor, [group], withParam);
  return data ?? presentGroup(group, new Map());
}

/** Groups with guest e-mails; `users` and `guests` records when asked for (one query each). */
async function presentGroups(
  ctx: AppContext,
  actor: MemberActor,
  groups: GroupWithMembers[],
  withParam?: string,
) {
  const guests = await guestsOfGroups(ctx, actor.organizationId, groups);
  const loaders: Record<string, IncludeLoader<GroupWithMembers>> = {
    users: async (items) => {
      const members = await membersByIds(
        ctx,
        actor,
        items.flatMap((g) => g.memberIds),
      );
      return (g) => ({
        users: wrap(
          g.memberIds.flatMap((id) => {
            const m = members.get(id);
            return m ? [presentUser(m.user, m.membership)] : [];
          }),
        ),
      });
    },
    guests: async () => (g) => ({
      guests: wrap(
        g.guestIds.flatMap((id) => {
          const guest = guests.get(id);
          return guest ? [presentGuestSummary(guest)] : [];
        }),
      ),
    }),
  };
  const extras = await loadIncludes(groups, parseWith(withParam), loaders);
  return groups.map((g, i) => ({ ...presentGroup(g, guests), ...extras[i] }));
}
