import argon2 from 'argon2';
import { invalidFields } from '../../domain/errors.js';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 8;

/**
 * The longest password accepted, in UTF-8 bytes. Hashing cost grows with the input, so a
 * request carrying megabytes of "password" must be refused before it reaches argon2.
 */
export const MAX_PASSWORD_BYTES = 1024;

/** Throws 422 PASSWORD_TOO_LONG for a password over MAX_PASSWORD_BYTES. */
export function assertPasswordLength(password: string, field = 'password'): void {
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    throw invalidFields('PASSWORD_TOO_LONG', {
      [field]: [`The ${field} may not be longer than ${MAX_PASSWORD_BYTES} bytes.`],
    });
  }
}

/** A hash to verify against when the account does not exist, so timing does not tell. */
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  assertPasswordLength(password);
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  assertPasswordLength(password);
  if (!dummyHash) dummyHash = hashPassword('flowlane-dummy-password');
  const target = hash ?? (await dummyHash);
  try {
    const ok = await argon2.verify(target, password);
    return ok && hash !== null;
  } catch {
    return false;
  }
}
