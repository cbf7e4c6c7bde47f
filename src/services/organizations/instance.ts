/**
 * What this server says about itself and what a self-hosted server does not have: Tallyfy's
 * billing, subscriptions and sign-up questionnaire belong to its hosted service, and answer
 * one stable code here (422 NOT_AVAILABLE_SELF_HOSTED) so clients can tell "not here" from
 * a failure. Single sign-on is not built in: the SAML settings are null.
 */

import { assertWebhookUrlDeliverable } from '../../adapters/webhooks/destination.js';
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { AppError, notFound, rejected } from '../../domain/errors.js';
import type { Organization } from '../../domain/identity.js';
import { assertCan } from '../../domain/policy.js';
import type { AppContext, MemberActor } from '../context.js';

/** The hosted-only features, by the name the error reports. */
export const SELF_HOSTED_EXCEPTIONS = ['billing', 'subscriptions', 'signup_questionnaire'] as const;
export type SelfHostedException = (typeof SELF_HOSTED_EXCEPTIONS)[number];

export function notAvailableSelfHosted(feature: SelfHostedException): AppError {
  return rejected(
    'NOT_AVAILABLE_SELF_HOSTED',
    `This is not available on a self-hosted Flowlane server (${feature}).`,
    {
      feature,
    },
  );
}

/** The instance's SAML settings for the organization; Flowlane signs in with passwords only. */
export function getSamlConfig(_ctx: AppContext, actor: MemberActor): null {
  assertCan(actor, 'organization.read');
  return null;
}

/** Any organization's name and logo, for pages shown before sign-in (guest and kick-off pages). */
export async function getPublicOrganization(ctx: AppContext, organizationId: string): Promise<Organization> {
  const org = await findOrganizationById(ctx.db.kysely, organizationId);
  if (!org) throw notFound('ORGANIZATION_NOT_FOUND', 'Organization');
  return org;
}

export interface InstanceConfigView {
  selfHosted: true;
  organizationCreation: 'everyone' | 'admins' | 'nobody';
  publicUrl: string | null;
  maxUploadBytes: number;
}

/** The settings a client may adapt to; nothing secret, nothing about any organization. */
export function getInstanceConfig(ctx: AppContext): InstanceConfigView {
  return {
    selfHosted: true,
    organizationCreation: ctx.config.organizations.creation,
    publicUrl: ctx.config.publicUrl ?? null,
    maxUploadBytes: ctx.config.files.maxUploadBytes,
  };
}

export interface UrlCheck {
  url: string;
  valid: boolean;
  message: string | null;
}

/**
 * Whether the server would send to this URL (as a webhook): the save-time rules, then the
 * host resolved and every address checked. No request is made to the URL.
 */
export async function checkUrl(ctx: AppContext, url: string): Promise<UrlCheck> {
  try {
    await assertWebhookUrlDeliverable(url, ctx.config, 'url');
    return { url, valid: true, message: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { url, valid: false, message: error.fieldErrors?.url?.[0] ?? error.message };
  }
}
