import { createHmac, randomBytes } from 'node:crypto';
import {
  findGuestCodeStates,
  newCodeNonce,
  setGuestCode,
} from '../../db/repositories/guest-codes-repository.js';
import { findGuestByCodeHash } from '../../db/repositories/guests-repository.js';
import { getOrCreateInstallationKey } from '../../db/repositories/installation-keys-repository.js';
import type { Guest } from '../../domain/people.js';
import { can } from '../../domain/policy.js';
import { constantTimeEqual, hashSecret } from '../../domain/tokens.js';
import type { AppContext, MemberActor } from '../context.js';

/**
 * Guest codes: the secret in a guest's forever link. Only a code's SHA-256 is stored; the
 * code itself is derived again when an admin asks for the link, as an HMAC of the guest and
 * a per-guest nonce under the installation's secret key (FLOWLANE_SECRET_KEY, or a key kept
 * in the database when that is unset). Resetting the link changes the nonce, so the old code
 * stops working; so does changing the secret key, for every guest at once.
 */

/** The key codes are derived from; looked up once per open database. */
export function guestCodeKey(ctx: AppContext): Promise<string> {
  if (ctx.config.secretKey) return Promise.resolve(ctx.config.secretKey);
  const keys = ctx.db.caches.installationKeys;
  let key = keys.get('guest-codes');
  if (!key) {
    key = getOrCreateInstallationKey(
      ctx.db.kysely,
      'guest-codes',
      randomBytes(32).toString('base64url'),
      ctx.clock.now().toISOString(),
    );
    key.catch(() => keys.delete('guest-codes'));
    keys.set('guest-codes', key);
  }
  return key;
}

/** 43 URL-safe characters, never containing `@` (which is how paths tell codes from e-mails). */
export function deriveGuestCode(key: string, organizationId: string, guestId: number, nonce: string): string {
  return createHmac('sha256', key)
    .update(`guest-code:v1:${organizationId}:${guestId}:${nonce}`)
    .digest('base64url');
}

/**
 * The current code of each guest. A stored hash that does not match (a guest created
 * without a code yet, or a changed secret key) is brought up to date here.
 */
export async function guestCodesOf(
  ctx: AppContext,
  organizationId: string,
  guests: readonly Pick<Guest, 'id'>[],
): Promise<Map<number, string>> {
  const codes = new Map<number, string>();
  if (guests.length === 0) return codes;
  const key = await guestCodeKey(ctx);
  const states = await findGuestCodeStates(
    ctx.db.kysely,
    organizationId,
    guests.map((g) => g.id),
  );
  for (const [id, state] of states) {
    const code = deriveGuestCode(key, organizationId, id, state.nonce);
    const hash = hashSecret(code);
    if (!constantTimeEqual(hash, state.hash)) {
      await setGuestCode(ctx.db.kysely, organizationId, id, { nonce: state.nonce, hash });
    }
    codes.set(id, code);
  }
  return codes;
}

/** A new code for the guest; the previous one stops working. Returns the new code. */
export async function resetGuestCode(
  ctx: AppContext,
  organizationId: string,
  guestId: number,
): Promise<string> {
  const key = await guestCodeKey(ctx);
  const nonce = newCodeNonce();
  const code = deriveGuestCode(key, organizationId, guestId, nonce);
  await setGuestCode(ctx.db.kysely, organizationId, guestId, { nonce, hash: hashSecret(code) });
  return code;
}

/** The guest a code belongs to in this organization, or undefined. */
export async function findGuestByCode(
  ctx: AppContext,
  organizationId: string,
  code: string,
): Promise<Guest | undefined> {
  if (!code || code.length > 200) return undefined;
  const hash = hashSecret(code);
  const found = await findGuestByCodeHash(ctx.db.kysely, organizationId, hash);
  // The look-up matched on the hash already; comparing again in constant time keeps the
  // final decision free of early-exit timing whatever the database does.
  if (!found || !constantTimeEqual(found.codeHash, hash)) return undefined;
  return found.guest;
}

/** The forever link, Tallyfy's shape: `<base>/guest-all-task/<org>/<code>`. */
export function guestLink(baseUrl: string, organizationId: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/guest-all-task/${organizationId}/${code}`;
}

/** A guest as answered to a member: the forever link only for those who may see it. */
export interface GuestView {
  guest: Guest;
  link: string | null;
}

/** Links for a page of guests, derived in one batch; null for who may not see links. */
export async function viewsOf(
  ctx: AppContext,
  actor: MemberActor,
  guests: readonly Guest[],
  baseUrl: string,
): Promise<GuestView[]> {
  if (!can(actor, 'guest.link')) return guests.map((guest) => ({ guest, link: null }));
  const codes = await guestCodesOf(ctx, actor.organizationId, guests);
  return guests.map((guest) => {
    const code = codes.get(guest.id);
    return { guest, link: code ? guestLink(baseUrl, actor.organizationId, code) : null };
  });
}

export async function viewOf(
  ctx: AppContext,
  actor: MemberActor,
  guest: Guest,
  baseUrl: string,
): Promise<GuestView> {
  const [view] = await viewsOf(ctx, actor, [guest], baseUrl);
  return view ?? { guest, link: null };
}
