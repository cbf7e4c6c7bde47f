import { touchGuest } from '../../db/repositories/guests-repository.js';
import { AppError } from '../../domain/errors.js';
import type { AppContext, GuestActor } from '../context.js';
import { findGuestByCode } from './guest-codes.js';

/** last_accessed_at is written at most this often per guest, so reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Resolves a guest code in an organization to the guest acting. Unknown (or reset) codes
 * answer 404, as a link that does not exist; a disabled guest's code answers 403.
 */
export async function authenticateGuestCode(
  ctx: AppContext,
  organizationId: string,
  code: string,
  ip: string | null,
): Promise<GuestActor> {
  const guest = await findGuestByCode(ctx, organizationId, code);
  if (!guest) throw new AppError('GUEST_CODE_NOT_FOUND', 'Guest link not found.');
  if (guest.status !== 'active') {
    throw new AppError('GUEST_DISABLED', 'This guest has been disabled by the organization.');
  }
  const now = ctx.clock.now();
  if (!guest.lastAccessedAt || now.getTime() - new Date(guest.lastAccessedAt).getTime() > TOUCH_INTERVAL_MS) {
    await touchGuest(ctx.db.kysely, organizationId, guest.id, now.toISOString(), ip);
  }
  return { kind: 'guest', guestId: guest.id, organizationId, email: guest.email };
}
