/**
 * The key organization secrets are sealed with: derived (HKDF) from the instance secret,
 * FLOWLANE_SECRET_KEY, or, when that is unset, from a key made on first use and kept in the
 * database (as guest codes do). Only with FLOWLANE_SECRET_KEY set does a copy of the
 * database alone not reveal the secrets; the README says so.
 */
import { randomBytes } from 'node:crypto';
import { getOrCreateInstallationKey } from '../../db/repositories/installation-keys-repository.js';
import { deriveSecretKey, openSecret, sealSecret } from '../../domain/secret-box.js';
import type { AppContext } from '../context.js';

const INSTALLATION_KEY = 'secret-box';

async function instanceSecret(ctx: AppContext): Promise<string> {
  if (ctx.config.secretKey) return ctx.config.secretKey;
  const keys = ctx.db.caches.installationKeys;
  let key = keys.get(INSTALLATION_KEY);
  if (!key) {
    key = getOrCreateInstallationKey(
      ctx.db.kysely,
      INSTALLATION_KEY,
      randomBytes(32).toString('base64url'),
      ctx.clock.now().toISOString(),
    );
    key.catch(() => keys.delete(INSTALLATION_KEY));
    keys.set(INSTALLATION_KEY, key);
  }
  return key;
}

/** Seals `plaintext` for one organization and purpose (e.g. `smtp-password`). */
export async function sealOrganizationSecret(
  ctx: AppContext,
  organizationId: string,
  purpose: string,
  plaintext: string,
): Promise<string> {
  const key = deriveSecretKey(await instanceSecret(ctx), purpose);
  return sealSecret(key, plaintext, `${purpose}:${organizationId}`);
}

/** The plaintext, or undefined when it cannot be opened (the instance secret changed). */
export async function openOrganizationSecret(
  ctx: AppContext,
  organizationId: string,
  purpose: string,
  sealed: string,
): Promise<string | undefined> {
  const key = deriveSecretKey(await instanceSecret(ctx), purpose);
  return openSecret(key, sealed, `${purpose}:${organizationId}`);
}
