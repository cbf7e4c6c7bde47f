import type { EnvReader } from './env.js';

/** Who may create a new organization on this instance through `POST /organizations`. */
export type OrganizationCreation = 'everyone' | 'admins' | 'nobody';
export const ORGANIZATION_CREATION_VALUES: readonly OrganizationCreation[] = ['everyone', 'admins', 'nobody'];

/** Organizations made through the API, and what each organization may configure for itself. */
export interface OrganizationsConfig {
  /**
   * ORGANIZATION_CREATION: `everyone` (any signed-in account), `admins` (only the instance
   * admins of INSTANCE_ADMIN_EMAILS) or `nobody` (only the `flowlane org create` command).
   * Default `admins`: a self-hosted server usually belongs to one company, and an account
   * made by an invitation must not be able to open new tenants on its operator's machine.
   */
  creation: OrganizationCreation;
  /** INSTANCE_ADMIN_EMAILS: comma-separated e-mail addresses of the instance's administrators. */
  instanceAdminEmails: readonly string[];
  /** ORGANIZATION_CREATE_PER_DAY: organizations one account may create per 24 hours. */
  createPerDay: number;
  /**
   * ORG_SMTP_ALLOW_PRIVATE=true lets an organization's own SMTP server be a loopback,
   * private or link-local address (closed networks, tests). Off by default, for the same
   * reason as WEBHOOK_ALLOW_PRIVATE: an admin must not make the server connect into its own
   * network.
   */
  smtpAllowPrivate: boolean;
  /** ORG_SMTP_TIMEOUT_MS: bounds connecting to an organization's SMTP server and every wait. */
  smtpTimeoutMs: number;
}

export function readOrganizationsConfig(read: EnvReader): OrganizationsConfig {
  return {
    creation: readCreation(read),
    instanceAdminEmails: (read.str('INSTANCE_ADMIN_EMAILS') ?? '')
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter((e) => e.length > 0),
    createPerDay: read.int('ORGANIZATION_CREATE_PER_DAY', 3, 1, 1000),
    smtpAllowPrivate: read.bool('ORG_SMTP_ALLOW_PRIVATE', false),
    smtpTimeoutMs: read.int('ORG_SMTP_TIMEOUT_MS', 30_000, 100, 120_000),
  };
}

function readCreation(read: EnvReader): OrganizationCreation {
  const raw = read.str('ORGANIZATION_CREATION')?.toLowerCase();
  if (raw === undefined) return 'admins';
  const value = ORGANIZATION_CREATION_VALUES.find((v) => v === raw);
  if (value) return value;
  read.problems.push(
    `ORGANIZATION_CREATION must be one of ${ORGANIZATION_CREATION_VALUES.join(', ')} (got "${raw}")`,
  );
  return 'admins';
}
