import type { Db } from '../database.js';

/**
 * A named key of this installation, created on first use. Concurrent first uses from
 * several nodes agree: the first insert wins and everyone reads it back.
 */
export async function getOrCreateInstallationKey(
  db: Db,
  name: string,
  candidate: string,
  now: string,
): Promise<string> {
  await db
    .insertInto('installation_keys')
    .values({ name, value: candidate, created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('installation_keys')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}
