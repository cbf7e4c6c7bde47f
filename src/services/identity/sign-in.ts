/**
 * Signing in with an e-mail and a password: the one service both the OAuth password grant
 * and the browser sign-in call. It owns the login limits, the known-client list and the
 * security events; callers turn the result into tokens or a session.
 */
import { hasActiveMembership } from '../../db/repositories/membership-status-repository.js';
import {
  isKnownSignInClient,
  rememberSignInClient,
} from '../../db/repositories/sign-in-clients-repository.js';
import { findPasswordHash, findUserByEmail, recordLogin } from '../../db/repositories/users-repository.js';
import { AppError, FieldErrorCollector } from '../../domain/errors.js';
import { normalizeEmail } from '../../domain/identity.js';
import { generateSecret, hashSecret } from '../../domain/tokens.js';
import { type AppContext, nowIso } from '../context.js';
import { assertPasswordLength, verifyPassword } from './passwords.js';
import { recordSecurityEvents } from './security-events.js';
import {
  type HeldAttempts,
  reserveAttempts,
  settleFailure,
  settleSuccess,
  type ThrottleRule,
} from './throttle.js';

/** The cookie that marks a browser a user has signed in with before (OWASP "device cookies"). */
export const DEVICE_COOKIE = 'flowlane_device';
/** How long a device cookie is remembered, in seconds. */
export const DEVICE_COOKIE_MAX_AGE = 365 * 86_400;

/**
 * The login limits, all counted in the database before the password is checked:
 * - one account from one address: 5 attempts per 15 minutes, each further lock twice as long;
 * - one address over all accounts: 20 per 15 minutes (password spraying);
 * - one account from addresses and browsers it never signed in from: 20 per 15 minutes, so
 *   an attacker spread over many addresses is held back while the owner, at an address or
 *   with a device cookie from an earlier sign-in, still gets in.
 * A successful sign-in gives its attempts back.
 */
const WINDOW_SECONDS = 900;
const PAIR_MAX = 5;
const ADDRESS_MAX = 20;
const UNKNOWN_CLIENT_MAX = 20;

export interface SignInInput {
  email: string;
  password: string;
  /** The client's address as the HTTP layer sees it (X-Forwarded-For with TRUST_PROXY=true). */
  clientAddress: string;
  /** The device cookie's value, when the browser sent one. */
  deviceCookie?: string | undefined;
}

export interface SignInResult {
  userId: number;
  /** The device cookie to set (the one sent, when it was known, or a new one). */
  deviceCookie: string;
}

const invalidGrant = () => new AppError('INVALID_GRANT', 'The user credentials were incorrect.');

/**
 * Checks the credentials within the limits. Throws 422 for missing or oversized input,
 * 429 TOO_MANY_ATTEMPTS (with Retry-After) when a limit is full, 400 INVALID_GRANT for
 * wrong credentials (the same answer whether or not the account exists) and 400
 * NO_ACTIVE_MEMBERSHIP for a right password on an account no organization lets in.
 */
export async function signIn(ctx: AppContext, input: SignInInput): Promise<SignInResult> {
  const email = normalizeEmail(input.email);
  validate(email, input.password);
  const user = await findUserByEmail(ctx.db.kysely, email);
  const addressHash = hashSecret(`address:${input.clientAddress}`);
  const deviceHash = input.deviceCookie ? hashSecret(`device:${input.deviceCookie}`) : undefined;
  // Asked for unknown accounts too (as user 0), so the answer takes the same time.
  const known = await isKnownSignInClient(ctx.db.kysely, user?.id ?? 0, { addressHash, deviceHash });
  const pairKey = `login:pair:${email}:${input.clientAddress}`;
  const rules: ThrottleRule[] = [
    { key: pairKey, max: PAIR_MAX, windowSeconds: WINDOW_SECONDS },
    { key: `login:address:${input.clientAddress}`, max: ADDRESS_MAX, windowSeconds: WINDOW_SECONDS },
    ...(known
      ? []
      : [{ key: `login:unknown-client:${email}`, max: UNKNOWN_CLIENT_MAX, windowSeconds: WINDOW_SECONDS }]),
  ];
  const held = await reserveAttempts(ctx, rules);
  const hash = user ? await findPasswordHash(ctx.db.kysely, user.id) : null;
  if (!user || !(await verifyPassword(hash, input.password))) {
    await failed(ctx, held, user?.id ?? null, input.clientAddress);
    throw invalidGrant();
  }
  await settleSuccess(ctx, held, [pairKey]);
  if (!(await hasActiveMembership(ctx.db.kysely, user.id))) {
    await recordSecurityEvents(ctx, [
      {
        userId: user.id,
        event: 'sign_in',
        outcome: 'no_active_membership',
        clientAddress: input.clientAddress,
      },
    ]);
    throw new AppError('NO_ACTIVE_MEMBERSHIP', 'This account is not an active member of any organization.');
  }
  const deviceCookie = known && input.deviceCookie ? input.deviceCookie : generateSecret('fld');
  const now = nowIso(ctx);
  await rememberSignInClient(ctx.db.kysely, {
    userId: user.id,
    kind: 'address',
    valueHash: addressHash,
    now,
  });
  await rememberSignInClient(ctx.db.kysely, {
    userId: user.id,
    kind: 'device',
    valueHash: hashSecret(`device:${deviceCookie}`),
    now,
  });
  await recordLogin(ctx.db.kysely, user.id, now);
  await recordSecurityEvents(ctx, [
    { userId: user.id, event: 'sign_in', outcome: 'succeeded', clientAddress: input.clientAddress },
  ]);
  return { userId: user.id, deviceCookie };
}

function validate(email: string, password: string): void {
  const errors = new FieldErrorCollector();
  if (!email) errors.add('username', 'The username field is required.');
  if (!password) errors.add('password', 'The password field is required.');
  errors.throwIfAny();
  assertPasswordLength(password);
}

async function failed(ctx: AppContext, held: HeldAttempts, userId: number | null, clientAddress: string) {
  const locked = await settleFailure(ctx, held);
  await recordSecurityEvents(ctx, [
    { userId, event: 'sign_in', outcome: 'failed', clientAddress },
    ...(locked.length > 0
      ? [{ userId, event: 'lockout' as const, outcome: 'locked' as const, clientAddress }]
      : []),
  ]);
}
