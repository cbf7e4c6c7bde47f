/** An organization's custom branding colours: admins save and reset them; anyone may read them. */
import {
  deleteBranding,
  findBranding,
  upsertBranding,
} from '../../db/repositories/organization-branding-repository.js';
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { notFound } from '../../domain/errors.js';
import {
  BRANDING_KEYS,
  type Branding,
  type BrandingColors,
  type BrandingKey,
  parseBrandingChange,
} from '../../domain/organization-settings.js';
import { assertCan } from '../../domain/policy.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { actorRef, recordActivities } from '../events/record.js';

/**
 * The colours of any organization, for its sign-in and guest pages (no token needed):
 * colours and when they changed, nothing else about the organization.
 */
export async function getPublicBranding(ctx: AppContext, organizationId: string): Promise<Branding> {
  const org = await findOrganizationById(ctx.db.kysely, organizationId);
  if (!org) throw notFound('ORGANIZATION_NOT_FOUND', 'Organization');
  return findBranding(ctx.db.kysely, organizationId);
}

/** Saves the given colours (hexadecimal; null clears one); the others keep their value. */
export async function saveBranding(
  ctx: AppContext,
  actor: MemberActor,
  input: Partial<Record<BrandingKey, string | null>>,
): Promise<Branding> {
  assertCan(actor, 'organization.manage_branding');
  const change = parseBrandingChange(input);
  return inTransaction(ctx, async (tx) => {
    const before = await findBranding(tx.db.kysely, actor.organizationId);
    const colors = { ...colorsOf(before), ...change };
    await upsertBranding(tx.db.kysely, actor.organizationId, colors, nowIso(tx));
    await recordBrandingChange(tx, actor, colorsOf(before), colors);
    return findBranding(tx.db.kysely, actor.organizationId);
  });
}

/** Back to the defaults. */
export async function resetBranding(ctx: AppContext, actor: MemberActor): Promise<Branding> {
  assertCan(actor, 'organization.manage_branding');
  return inTransaction(ctx, async (tx) => {
    const before = await findBranding(tx.db.kysely, actor.organizationId);
    if (await deleteBranding(tx.db.kysely, actor.organizationId)) {
      const cleared = Object.fromEntries(BRANDING_KEYS.map((k) => [k, null])) as BrandingColors;
      await recordBrandingChange(tx, actor, colorsOf(before), cleared);
    }
    return findBranding(tx.db.kysely, actor.organizationId);
  });
}

function colorsOf(branding: Branding): BrandingColors {
  const { updatedAt: _at, ...colors } = branding;
  return colors;
}

async function recordBrandingChange(
  tx: AppContext,
  actor: MemberActor,
  before: BrandingColors,
  after: BrandingColors,
): Promise<void> {
  const changed = BRANDING_KEYS.filter((k) => before[k] !== after[k]);
  if (changed.length === 0) return;
  await recordActivities(tx, actor.organizationId, actorRef(actor), [
    {
      action: 'updated',
      objectType: 'organization',
      objectId: actor.organizationId,
      field: 'custom_branding',
      oldValue: Object.fromEntries(changed.map((k) => [k, before[k]])),
      newValue: Object.fromEntries(changed.map((k) => [k, after[k]])),
    },
  ]);
}
