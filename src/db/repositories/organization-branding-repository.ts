import type { Branding, BrandingColors } from '../../domain/organization-settings.js';
import type { Db } from '../database.js';

const NO_BRANDING: BrandingColors = {
  bg_color: null,
  text_color: null,
  alternate_color: null,
  bright_shade: null,
  dark_shade: null,
};

/** The organization's colours; every colour null (the defaults) when none were saved. */
export async function findBranding(db: Db, organizationId: string): Promise<Branding> {
  const row = await db
    .selectFrom('organization_branding')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!row) return { ...NO_BRANDING, updatedAt: null };
  const { organization_id: _org, updated_at, ...colors } = row;
  return { ...colors, updatedAt: updated_at };
}

/** Writes all five colours at once (the caller merged the change into the current ones). */
export async function upsertBranding(
  db: Db,
  organizationId: string,
  colors: BrandingColors,
  now: string,
): Promise<void> {
  await db
    .insertInto('organization_branding')
    .values({ organization_id: organizationId, ...colors, updated_at: now })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ ...colors, updated_at: now }))
    .execute();
}

/** Back to the defaults: the row goes. True when there was one. */
export async function deleteBranding(db: Db, organizationId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('organization_branding')
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
