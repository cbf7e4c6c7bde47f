import { Type } from 'typebox';
import type { AppContext, MemberActor } from '../../services/context.js';
import { convertGuestToMember, convertMemberToGuest } from '../../services/people/conversions.js';
import {
  createGuest,
  type GuestView,
  getGuest,
  getGuestForeverLink,
  listOrganizationGuests,
  removeGuest,
  resetGuestLink,
  setGuestEnabled,
  statsOfGuests,
  updateGuestProfile,
} from '../../services/people/guests.js';
import { baseUrlOf } from '../base-url.js';
import { type IncludeLoader, loadIncludes, parseWith } from '../includes.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireActor } from '../plugins/auth.js';
import { GuestSchema, presentGuest } from '../presenters/present-guest.js';
import { presentStats } from '../presenters/present-stats.js';
import { presentUser, UserSchema } from '../presenters/present-user.js';
import { Envelope, ErrorResponses, ListEnvelope, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import {
  CreateGuestBody,
  GuestLinkQuery,
  GuestListQuery,
  GuestParams,
  guestInputFrom,
  ToMemberBody,
  UpdateGuestBody,
} from './guests.schemas.js';
import { MemberParams, WithQuery } from './members.schemas.js';

/** Tallyfy's default page size for `GET /guests`. */
const GUESTS_PER_PAGE = 999;

const one = { 200: Envelope(GuestSchema), ...ErrorResponses };
const present = (view: GuestView) => ({ data: presentGuest(view.guest, view.link) });

/** Guests with `stats` ({data: {…}}) when `with=stats` asks for it (two queries per page). */
async function presentGuests(ctx: AppContext, actor: MemberActor, views: GuestView[], withParam?: string) {
  const loaders: Record<string, IncludeLoader<GuestView>> = {
    stats: async (items) => {
      const stats = await statsOfGuests(
        ctx,
        actor,
        items.map((v) => v.guest),
      );
      return (v) => ({ stats: presentStats(stats.get(v.guest.id)) });
    },
  };
  const extras = await loadIncludes(views, parseWith(withParam), loaders);
  return views.map((v, i) => ({ ...presentGuest(v.guest, v.link), ...extras[i] }));
}

export const guestRoutes: RouteModule = (app, ctx) => {
  const base = (request: Parameters<typeof baseUrlOf>[0]) => baseUrlOf(request, ctx.config.publicUrl);

  app.get(
    '/organizations/:org/guests',
    {
      schema: {
        tags: ['Guest'],
        summary: 'List guests (q on e-mail and name; sort created_at by default)',
        params: OrgParams,
        querystring: GuestListQuery,
        response: { 200: ListEnvelope(GuestSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const page = pageRequestFrom(q, GUESTS_PER_PAGE);
      const sort = q.sort ?? q.sort_by;
      const actor = requireActor(request);
      const result = await listOrganizationGuests(ctx, actor, { q: q.q, sort }, page, base(request));
      const data = await presentGuests(ctx, actor, result.items, q.with);
      return listBody(request, result, data, ctx.config.publicUrl);
    },
  );

  app.post(
    '/organizations/:org/guests',
    {
      schema: {
        tags: ['Guest'],
        summary: 'Add a guest (an e-mail that is not a member)',
        params: OrgParams,
        body: CreateGuestBody,
        response: { 201: Envelope(GuestSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const view = await createGuest(ctx, requireActor(request), guestInputFrom(request.body), base(request));
      reply.status(201);
      return present(view);
    },
  );

  app.get(
    '/organizations/:org/guests-link',
    {
      schema: {
        tags: ['Guest'],
        summary: "A guest's forever link",
        params: OrgParams,
        querystring: GuestLinkQuery,
        response: {
          200: Envelope(Type.Object({ email: Type.String(), link: Type.String() })),
          ...ErrorResponses,
        },
      },
    },
    async (request) => ({
      data: await getGuestForeverLink(ctx, requireActor(request), request.query.email, base(request)),
    }),
  );

  app.get(
    '/organizations/:org/guests/:guest_email',
    {
      schema: {
        tags: ['Guest'],
        summary: 'Get a guest (with=stats)',
        params: GuestParams,
        querystring: WithQuery,
        response: one,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const view = await getGuest(ctx, actor, request.params.guest_email, base(request));
      const [data] = await presentGuests(ctx, actor, [view], request.query.with);
      return { data: data ?? presentGuest(view.guest, view.link) };
    },
  );

  app.put(
    '/organizations/:org/guests/:guest_email',
    {
      schema: {
        tags: ['Guest'],
        summary: 'Update a guest (profile fields given; associated_members replaces)',
        params: GuestParams,
        body: UpdateGuestBody,
        response: one,
      },
    },
    async (request) => {
      const input = guestInputFrom(request.body);
      const actor = requireActor(request);
      return present(await updateGuestProfile(ctx, actor, request.params.guest_email, input, base(request)));
    },
  );

  app.delete(
    '/organizations/:org/guests/:guest_email',
    {
      schema: {
        tags: ['Guest'],
        summary: 'Remove a guest from the organization, its groups and tasks',
        params: GuestParams,
        response: one,
      },
    },
    async (request) => {
      const guest = await removeGuest(ctx, requireActor(request), request.params.guest_email);
      return { data: presentGuest(guest, null) };
    },
  );

  app.delete(
    '/organizations/:org/guests/:guest_email/disable',
    {
      schema: {
        tags: ['Guest'],
        summary: 'Disable a guest (their link answers 403)',
        params: GuestParams,
        response: one,
      },
    },
    async (request) =>
      present(
        await setGuestEnabled(ctx, requireActor(request), request.params.guest_email, false, base(request)),
      ),
  );

  app.put(
    '/organizations/:org/guests/:guest_email/enable',
    { schema: { tags: ['Guest'], summary: 'Enable a disabled guest', params: GuestParams, response: one } },
    async (request) =>
      present(
        await setGuestEnabled(ctx, requireActor(request), request.params.guest_email, true, base(request)),
      ),
  );

  app.put(
    '/organizations/:org/guests/:guest_email/reset-link',
    {
      schema: {
        tags: ['Guest'],
        summary: 'Give a guest a new link; the old one stops working',
        params: GuestParams,
        response: one,
      },
    },
    async (request) =>
      present(await resetGuestLink(ctx, requireActor(request), request.params.guest_email, base(request))),
  );

  app.post(
    '/organizations/:org/guests/:guest_email/to/member',
    {
      schema: {
        tags: ['Guest'],
        summary: 'Convert a guest to an invited member (role defaults to light)',
        params: GuestParams,
        body: ToMemberBody,
        response: { 201: Envelope(UserSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const member = await convertGuestToMember(
        ctx,
        actor,
        request.params.guest_email,
        request.body.role,
        base(request),
      );
      reply.status(201);
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.put(
    '/organizations/:org/users/:user_id/to/guest',
    {
      schema: {
        tags: ['Member'],
        summary: 'Convert a member to a guest (keeps their groups)',
        params: MemberParams,
        response: { 201: Envelope(GuestSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const view = await convertMemberToGuest(
        ctx,
        requireActor(request),
        request.params.user_id,
        base(request),
      );
      reply.status(201);
      return present(view);
    },
  );
};
