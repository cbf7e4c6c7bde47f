import { randomBytes } from 'node:crypto';
import type { Db } from '../database.js';

/**
 * The stored side of guest codes: a SHA-256 per guest and the nonce the code is derived
 * from (services/people/guest-codes.ts). The code itself is never stored.
 */

/**
 * A stored code hash that no code can produce: a guest created without a code yet (by
 * `ensureGuests`) gets one, and the real hash is written the first time its link is
 * derived (services/people/guest-codes.ts).
 */
export function pendingCodeHash(): string {
  return `pending:${randomBytes(16).toString('hex')}`;
}

export const newCodeNonce = (): string => randomBytes(16).toString('hex');

export interface GuestCodeState {
  nonce: string;
  hash: string;
}

/** The code nonce and stored hash of guests, for deriving their links. */
export async function findGuestCodeStates(
  db: Db,
  organizationId: string,
  ids: readonly number[],
): Promise<Map<number, GuestCodeState>> {
  const result = new Map<number, GuestCodeState>();
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom('guests')
    .select(['id', 'code_nonce', 'guest_code_hash'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const row of rows) result.set(row.id, { nonce: row.code_nonce, hash: row.guest_code_hash });
  return result;
}

export async function setGuestCode(
  db: Db,
  organizationId: string,
  id: number,
  code: GuestCodeState,
): Promise<void> {
  await db
    .updateTable('guests')
    .set({ code_nonce: code.nonce, guest_code_hash: code.hash })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}
