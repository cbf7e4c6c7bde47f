/**
 * An organization's own settings: creating one, custom branding, its SMTP connection,
 * members' digest days, its e-mail domains and the SAML settings.
 */
import { Type } from 'typebox';
import { getPublicBranding, resetBranding, saveBranding } from '../../services/organizations/branding.js';
import { createOrganizationForAccount } from '../../services/organizations/create-organization.js';
import { getSamlConfig } from '../../services/organizations/instance.js';
import {
  listOrganizationDomains,
  setMemberCadenceDays,
} from '../../services/organizations/member-settings.js';
import {
  getOrganizationSmtp,
  saveOrganizationSmtp,
  setOrganizationSmtpEnabled,
} from '../../services/organizations/smtp.js';
import { requireActor, requirePrincipal } from '../plugins/auth.js';
import { OrganizationSchema, presentOrganization } from '../presenters/present-organization.js';
import {
  BrandingSchema,
  DomainSchema,
  presentBranding,
  presentDomains,
  presentSmtp,
  SmtpSchema,
} from '../presenters/present-organization-settings.js';
import { presentUser, UserSchema } from '../presenters/present-user.js';
import { Envelope, ErrorResponses, Nullable, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { MemberParams } from './members.schemas.js';
import {
  toBrandingInput,
  toCreateOrganizationInput,
  toSaveSmtpInput,
} from './organization-settings.inputs.js';

const Text = (max: number) => Type.String({ maxLength: max });

const CreateOrganizationBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 250 }),
    timezone: Type.Optional(Text(64)),
    description: Type.Optional(Nullable(Text(5000))),
    working_days: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true },
);

const ColorInput = Type.Optional(Nullable(Type.String({ maxLength: 32 })));
const BrandingBody = Type.Object(
  {
    bg_color: ColorInput,
    text_color: ColorInput,
    alternate_color: ColorInput,
    bright_shade: ColorInput,
    dark_shade: ColorInput,
  },
  { additionalProperties: true },
);

const SmtpBody = Type.Object(
  {
    host: Type.String({ minLength: 1, maxLength: 253 }),
    port: Type.Union([Type.Integer({ minimum: 1, maximum: 65_535 }), Type.String({ maxLength: 5 })]),
    username: Type.Optional(Nullable(Text(320))),
    password: Type.Optional(Nullable(Text(1000))),
    from_address: Type.String({ minLength: 3, maxLength: 320 }),
    from_name: Type.Optional(Nullable(Text(250))),
    encryption: Type.Optional(Text(8)),
  },
  { additionalProperties: true },
);

const EnableSmtpBody = Type.Object({ enable_custom_smtp: Type.Boolean() }, { additionalProperties: true });

const CadenceBody = Type.Object(
  {
    cadence_days: Type.Union([
      Type.Array(Type.String({ maxLength: 16 }), { maxItems: 7 }),
      Type.String({ maxLength: 100 }),
    ]),
  },
  { additionalProperties: true },
);

const MemberWithCadence = Type.Intersect([
  UserSchema,
  Type.Object({ cadence_days: Type.Array(Type.String()) }),
]);

const SamlSchema = Nullable(Type.Object({ provider: Type.String(), updated_at: Type.String() }));

export const organizationSettingsRoutes: RouteModule = (app, ctx) => {
  app.post(
    '/organizations',
    {
      schema: {
        tags: ['Organization'],
        summary: 'Create an organization; the caller becomes its admin',
        description:
          'Allowed by the ORGANIZATION_CREATION setting (everyone, admins — the instance admins of INSTANCE_ADMIN_EMAILS — or nobody; 403 ORGANIZATION_CREATION_DISABLED otherwise). At most ORGANIZATION_CREATE_PER_DAY per account per day (429).',
        body: CreateOrganizationBody,
        response: { 201: Envelope(OrganizationSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const view = await createOrganizationForAccount(
        ctx,
        requirePrincipal(request),
        toCreateOrganizationInput(request.body),
      );
      reply.status(201);
      return { data: presentOrganization(view) };
    },
  );

  app.post(
    '/organizations/:org/custom-branding',
    {
      schema: {
        tags: ['Organization'],
        summary: 'Save custom branding colours (administrators only)',
        description:
          'Hexadecimal colours (#rgb or #rrggbb); null or empty resets one; keys left out are kept.',
        params: OrgParams,
        body: BrandingBody,
        response: { 200: Envelope(BrandingSchema), ...ErrorResponses },
      },
    },
    async (request) => ({
      data: presentBranding(await saveBranding(ctx, requireActor(request), toBrandingInput(request.body))),
    }),
  );

  app.delete(
    '/organizations/:org/custom-branding',
    {
      schema: {
        tags: ['Organization'],
        summary: 'Reset custom branding to the defaults (administrators only)',
        params: OrgParams,
        response: { 200: Envelope(BrandingSchema), ...ErrorResponses },
      },
    },
    async (request) => ({ data: presentBranding(await resetBranding(ctx, requireActor(request))) }),
  );

  app.get(
    '/utils/organizations/:org/custom-branding',
    {
      config: { public: true },
      schema: {
        tags: ['Public'],
        summary: "Any organization's branding colours (no token needed; colours only)",
        security: [],
        params: OrgParams,
        response: { 200: Type.Intersect([BrandingSchema, Envelope(BrandingSchema)]), ...ErrorResponses },
      },
    },
    async (request) => {
      const branding = presentBranding(await getPublicBranding(ctx, request.params.org));
      // The spec shows the colours at the top level; the envelope is Flowlane's usual shape.
      return { ...branding, data: branding };
    },
  );

  app.get(
    '/organizations/:org/smtp',
    {
      schema: {
        tags: ['Organization'],
        summary: "The organization's own SMTP connection, without its password (administrators only)",
        params: OrgParams,
        response: { 200: Envelope(Nullable(SmtpSchema)), ...ErrorResponses },
      },
    },
    async (request) => {
      const smtp = await getOrganizationSmtp(ctx, requireActor(request));
      return { data: smtp ? presentSmtp(smtp) : null };
    },
  );

  app.post(
    '/organizations/:org/smtp',
    {
      schema: {
        tags: ['Organization'],
        summary: "Save the organization's own SMTP connection (administrators only)",
        description:
          'encryption: tls (STARTTLS required, the default), ssl or none. The password is kept encrypted and never returned; leave it out to keep the stored one, send "" to remove it. Loopback and private hosts are refused (422 SMTP_HOST_NOT_ALLOWED) unless ORG_SMTP_ALLOW_PRIVATE is set. Saving does not switch it on: see enable-smtp.',
        params: OrgParams,
        body: SmtpBody,
        response: { 200: Envelope(SmtpSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const smtp = await saveOrganizationSmtp(ctx, requireActor(request), toSaveSmtpInput(request.body));
      return { data: presentSmtp(smtp) };
    },
  );

  app.put(
    '/organizations/:org/enable-smtp',
    {
      schema: {
        tags: ['Organization'],
        summary:
          "Send the organization's mail through its own SMTP connection, or stop (administrators only)",
        params: OrgParams,
        body: EnableSmtpBody,
        response: {
          200: Type.Object({ message: Type.String(), data: SmtpSchema }),
          ...ErrorResponses,
        },
      },
    },
    async (request) => {
      const on = request.body.enable_custom_smtp;
      const smtp = await setOrganizationSmtpEnabled(ctx, requireActor(request), on);
      return { message: on ? 'Custom SMTP enabled.' : 'Custom SMTP disabled.', data: presentSmtp(smtp) };
    },
  );

  app.put(
    '/organizations/:org/users/:user_id/cadence_days',
    {
      schema: {
        tags: ['Organization'],
        summary: "Set a member's digest days (their own, or anyone's for administrators)",
        params: MemberParams,
        body: CadenceBody,
        response: { 200: Envelope(Type.Array(MemberWithCadence)), ...ErrorResponses },
      },
    },
    async (request) => {
      const { member, cadenceDays } = await setMemberCadenceDays(
        ctx,
        requireActor(request),
        request.params.user_id,
        request.body.cadence_days,
      );
      return { data: [{ ...presentUser(member.user, member.membership), cadence_days: cadenceDays }] };
    },
  );

  app.get(
    '/organizations/:org/domains',
    {
      schema: {
        tags: ['Organization'],
        summary: "The e-mail domains of the organization's active members, most used first",
        params: OrgParams,
        response: { 200: Envelope(Type.Array(DomainSchema)), ...ErrorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { data: presentDomains(actor.organizationId, await listOrganizationDomains(ctx, actor)) };
    },
  );

  app.get(
    '/organizations/:org/saml/config',
    {
      schema: {
        tags: ['Organization'],
        summary: 'The single sign-on (SAML) settings: null, Flowlane signs in with passwords',
        params: OrgParams,
        response: { 200: Envelope(SamlSchema), ...ErrorResponses },
      },
    },
    async (request) => ({ data: getSamlConfig(ctx, requireActor(request)) }),
  );
};
