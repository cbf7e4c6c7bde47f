/** Branding, the SMTP connection, domains and the public card of an organization. */
import { Type } from 'typebox';
import type { Organization } from '../../domain/identity.js';
import type { Branding, OrganizationSmtp } from '../../domain/organization-settings.js';
import { Nullable, NullableDate } from '../schemas/common.js';

const Color = Nullable(Type.String({ description: '#rrggbb, or null for the default' }));

export const BrandingSchema = Type.Object({
  bg_color: Color,
  text_color: Color,
  alternate_color: Color,
  bright_shade: Color,
  dark_shade: Color,
  updated_at: NullableDate,
});

export function presentBranding(b: Branding) {
  return {
    bg_color: b.bg_color,
    text_color: b.text_color,
    alternate_color: b.alternate_color,
    bright_shade: b.bright_shade,
    dark_shade: b.dark_shade,
    updated_at: b.updatedAt,
  };
}

export const SmtpSchema = Type.Object({
  host: Type.String(),
  port: Type.String({ description: 'As the spec has it: a string' }),
  username: Nullable(Type.String()),
  from_address: Type.String(),
  from_name: Nullable(Type.String()),
  encryption: Type.String({ description: 'tls | ssl | none' }),
  enable_custom_smtp: Type.Boolean(),
  has_password: Type.Boolean({ description: 'A password is stored; it is never sent back' }),
  updated_at: Type.String(),
});

/** The connection without its password: `has_password` says whether one is stored. */
export function presentSmtp(s: OrganizationSmtp) {
  return {
    host: s.host,
    port: String(s.port),
    username: s.username,
    from_address: s.fromAddress,
    from_name: s.fromName,
    encryption: s.encryption,
    enable_custom_smtp: s.enabled,
    has_password: s.passwordSecret !== null,
    updated_at: s.updatedAt,
  };
}

export const DomainSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  organization_id: Type.String(),
  added_by: Type.Integer(),
  members_count: Type.Integer(),
  created_at: Type.String(),
  updated_at: Type.String(),
  attached_organizations: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
});

export interface DomainRow {
  domain: string;
  firstUserId: number;
  since: string;
  members: number;
}

/**
 * Domains are the ones the organization's members' addresses use (there is no claiming on a
 * self-hosted server); other organizations are never named.
 */
export function presentDomains(organizationId: string, rows: readonly DomainRow[]) {
  return rows.map((r, i) => ({
    id: i + 1,
    name: r.domain,
    organization_id: organizationId,
    added_by: r.firstUserId,
    members_count: r.members,
    created_at: r.since,
    updated_at: r.since,
    attached_organizations: [],
  }));
}

export const PublicOrganizationSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  org_logo: Nullable(Type.String()),
});

/** Only what the spec's public card has: id, name and logo. */
export function presentPublicOrganization(org: Organization) {
  const logo = org.settings.org_logo;
  return { id: org.id, name: org.name, org_logo: typeof logo === 'string' ? logo : null };
}
