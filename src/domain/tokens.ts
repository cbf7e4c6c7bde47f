import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new bearer secret: 32 random bytes, URL-safe, with a prefix that says what it is. */
export function generateSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Tokens are stored only as their SHA-256; a leaked table cannot be replayed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A personal API token as its owner sees it: never the secret or its hash. */
export interface ApiToken {
  id: string;
  name: string | null;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
}

/** A token just made, with the secret its owner sees this once. */
export interface CreatedApiToken extends ApiToken {
  secret: string;
}
