import { Type } from 'typebox';
import { fullName } from '../../domain/identity.js';
import {
  getGuestOrganization,
  getGuestSelf,
  setGuestCadenceDays,
} from '../../services/people/guest-portal.js';
import { requireGuest } from '../plugins/auth.js';
import { GuestSchema, presentGuest } from '../presenters/present-guest.js';
import { Envelope, ErrorResponses, Nullable } from '../schemas/common.js';
import type { RouteModule } from '../types.js';

/** Every guest-code route: the organization and the code, nothing else identifies the caller. */
const GuestCodeParams = Type.Object({
  org: Type.String({ description: 'Organization id' }),
  guest_code: Type.String({ description: "The guest's secret code (from their forever link)" }),
});

const GuestOrganizationData = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    logo: Nullable(Type.String()),
    users: Type.Array(
      Type.Object({ id: Type.Integer(), full_name: Type.String(), profile_pic: Nullable(Type.String()) }),
    ),
    guest_onboarding_snippet: Nullable(Type.String()),
    meta: Type.Object({
      guest_email: Type.String(),
      guest_organizations: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
    }),
  },
  { additionalProperties: true },
);

const CadenceBody = Type.Object(
  { cadence_days: Type.Union([Type.Array(Type.String()), Type.String()]) },
  { additionalProperties: true },
);

const guestOnly = { security: [] };

export const guestPortalRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/guests/:guest_code/organization',
    {
      schema: {
        ...guestOnly,
        tags: ['Guest'],
        summary: 'The organization as its guest sees it (guest code, no token)',
        params: GuestCodeParams,
        response: { 200: Envelope(GuestOrganizationData), ...ErrorResponses },
      },
    },
    async (request) => {
      const { organization, guest, contacts } = await getGuestOrganization(ctx, requireGuest(request));
      const logo = organization.settings.org_logo;
      return {
        data: {
          id: organization.id,
          name: organization.name,
          logo: typeof logo === 'string' ? logo : null,
          users: contacts.map((m) => ({
            id: m.user.id,
            full_name: fullName(m.user),
            profile_pic: m.user.profilePic,
          })),
          guest_onboarding_snippet: null,
          meta: {
            guest_email: guest.email,
            guest_organizations: [{ id: organization.id, name: organization.name }],
          },
        },
      };
    },
  );

  app.get(
    '/public/organizations/:org/guests/:guest_code/get_cadence_days',
    {
      schema: {
        ...guestOnly,
        tags: ['Guest'],
        summary: "The guest's digest days (in details.cadence_days)",
        params: GuestCodeParams,
        response: { 200: Envelope(Type.Array(GuestSchema)), ...ErrorResponses },
      },
    },
    async (request) => ({ data: [presentGuest(await getGuestSelf(ctx, requireGuest(request)), null)] }),
  );

  app.put(
    '/public/organizations/:org/guests/:guest_code/cadence_days',
    {
      schema: {
        ...guestOnly,
        tags: ['Guest'],
        summary: "Set the guest's digest days",
        params: GuestCodeParams,
        body: CadenceBody,
        response: { 200: Envelope(Type.Array(GuestSchema)), ...ErrorResponses },
      },
    },
    async (request) => {
      const guest = await setGuestCadenceDays(ctx, requireGuest(request), request.body.cadence_days);
      return { data: [presentGuest(guest, null)] };
    },
  );
};
