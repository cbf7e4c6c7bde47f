/**
 * Secrets an organization saves (its SMTP password) are kept encrypted with AES-256-GCM.
 * The key is derived with HKDF-SHA256 from the instance secret and a purpose label, so one
 * instance secret yields independent keys per use, and the organization's id is bound in
 * as additional data: a ciphertext copied to another organization's row does not decrypt.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/** A 32-byte key for `purpose`, derived from the instance secret. */
export function deriveSecretKey(instanceSecret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', instanceSecret, 'flowlane-secret-box', purpose, 32));
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url parts; a fresh 96-bit IV every time. */
export function sealSecret(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** The plaintext, or undefined when the box was made with another key or context, or altered. */
export function openSecret(key: Buffer, sealed: string, context: string): string | undefined {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || data === undefined) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}
