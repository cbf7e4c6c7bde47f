import type { EnvReader } from './env.js';

/** Tokens and the instance secret. */
export interface IdentityConfig {
  /** Lifetime of access tokens issued by /oauth/token, in seconds. */
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /**
   * FLOWLANE_SECRET_KEY (at least 32 characters): the key guest codes are derived from, kept
   * out of the database so a copy of it cannot be used to act as a guest. Unset, a key made
   * on first use and stored in the database is used instead.
   */
  secretKey: string | undefined;
}

export function readIdentityConfig(read: EnvReader): IdentityConfig {
  const year = 365 * 86_400;
  return {
    accessTokenTtlSeconds: read.int('ACCESS_TOKEN_TTL_SECONDS', 180 * 86_400, 60, 10 * year),
    refreshTokenTtlSeconds: read.int('REFRESH_TOKEN_TTL_SECONDS', year, 60, 10 * year),
    secretKey: readSecretKey(read),
  };
}

function readSecretKey(read: EnvReader): string | undefined {
  const value = read.str('FLOWLANE_SECRET_KEY');
  if (!value) return undefined;
  if (value.length < 32) read.problems.push('FLOWLANE_SECRET_KEY must be at least 32 characters long');
  return value;
}
