/**
 * The light pickers clients fill dropdowns from: ids and names only, every row in one answer.
 * They answer what the caller's full lists would (a light member's runs-list holds only the
 * processes they launched or have a task in).
 */
import { Type } from 'typebox';
import { listOrganizationGroups } from '../../services/people/groups.js';
import { listOrganizationGuests } from '../../services/people/guests.js';
import { listOrganizationMembers } from '../../services/people/members.js';
import { listProcesses } from '../../services/processes/list-processes.js';
import { baseUrlOf } from '../base-url.js';
import { requireActor } from '../plugins/auth.js';
import { Envelope, ErrorResponses, Nullable, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';

const everything = { page: 1, perPage: 100, all: true };
const Q = Type.Optional(Type.String({ maxLength: 200, description: 'Part of the name' }));

const ShortRun = Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: false });
const ShortUser = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    first_name: Type.String(),
    last_name: Type.String(),
    full_name: Type.String(),
    status: Type.String(),
  },
  { additionalProperties: false },
);
const ShortGuest = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    first_name: Nullable(Type.String()),
    last_name: Nullable(Type.String()),
    full_name: Type.String(),
  },
  { additionalProperties: false },
);
const ShortGroup = Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: false });

const fullName = (first: string | null, last: string | null, fallback: string) =>
  [first, last].filter((x) => x?.trim()).join(' ') || fallback;

export const pickerRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/runs-list',
    {
      schema: {
        tags: ['Process Instances'],
        summary: 'Ids and names of the processes the caller can see (q: part of the name; type)',
        params: OrgParams,
        querystring: Type.Object({ q: Q, type: Type.Optional(Type.String({ maxLength: 32 })) }),
        response: { 200: Envelope(Type.Array(ShortRun)), ...ErrorResponses },
      },
    },
    async (request) => {
      const { q, type } = request.query;
      const page = await listProcesses(ctx, requireActor(request), { q, type, sort: 'name' }, everything);
      return { data: page.items.map((p) => ({ id: p.id, name: p.name })) };
    },
  );

  app.get(
    '/organizations/:org/users-list',
    {
      schema: {
        tags: ['Member'],
        summary: 'Ids and names of every member',
        params: OrgParams,
        querystring: Type.Object({ q: Q }),
        response: { 200: Envelope(Type.Array(ShortUser)), ...ErrorResponses },
      },
    },
    async (request) => {
      const page = await listOrganizationMembers(
        ctx,
        requireActor(request),
        { q: request.query.q },
        everything,
      );
      return {
        data: page.items.map(({ user, membership }) => ({
          id: user.id,
          email: user.email,
          first_name: user.firstName,
          last_name: user.lastName,
          full_name: fullName(user.firstName, user.lastName, user.email),
          status: membership.status,
        })),
      };
    },
  );

  app.get(
    '/organizations/:org/guests-list',
    {
      schema: {
        tags: ['Guest'],
        summary: 'Ids, e-mails and names of every guest',
        params: OrgParams,
        querystring: Type.Object({ q: Q }),
        response: { 200: Envelope(Type.Array(ShortGuest)), ...ErrorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const base = baseUrlOf(request, ctx.config.publicUrl);
      const page = await listOrganizationGuests(ctx, actor, { q: request.query.q }, everything, base);
      return {
        data: page.items.map(({ guest }) => ({
          id: guest.id,
          email: guest.email,
          first_name: guest.firstName,
          last_name: guest.lastName,
          full_name: fullName(guest.firstName, guest.lastName, guest.email),
        })),
      };
    },
  );

  app.get(
    '/organizations/:org/groups-list',
    {
      schema: {
        tags: ['Group'],
        summary: 'Ids and names of every group',
        params: OrgParams,
        querystring: Type.Object({ q: Q }),
        response: { 200: Envelope(Type.Array(ShortGroup)), ...ErrorResponses },
      },
    },
    async (request) => {
      const page = await listOrganizationGroups(
        ctx,
        requireActor(request),
        { q: request.query.q, sort: 'name' },
        everything,
      );
      return { data: page.items.map((g) => ({ id: g.id, name: g.name })) };
    },
  );
};
