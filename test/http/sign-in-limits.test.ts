/**
 * The login limit: attempts are reserved in the database before a password is checked, per
 * account and address (with growing back-off), per address, and per account for clients
 * that never signed in before. Client addresses come from X-Forwarded-For (TRUST_PROXY=true).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';

let t: TestContext;
let org: TestOrg;
const password = 'the owner knows this';

beforeAll(async () => {
  t = await createTestContext({ TRUST_PROXY: 'true' });
  org = await createOrgWithAdmin(t.ctx);
});
afterAll(() => t.close());

function signIn(app: TestContext['app'], email: string, pass: string, address: string, cookie?: string) {
  return app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': address,
      ...(cookie ? { cookie: `flowlane_device=${cookie}` } : {}),
    },
    payload: JSON.stringify({ grant_type: 'password', username: email, password: pass }),
  });
}

const statuses = (responses: { statusCode: number }[]) => {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.statusCode] = (counts[r.statusCode] ?? 0) + 1;
  return counts;
};

const deviceCookieOf = (res: { headers: Record<string, unknown> }) =>
  /flowlane_device=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];

async function eventsOf(userId: number) {
  return t.db.kysely
    .selectFrom('security_events')
    .select(['event', 'outcome', 'client_address'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}

describe('the login limit, per account and address', () => {
  it('checks 5 of 50 simultaneous wrong passwords from one address, refuses 45 with 429, and lets the owner in from another', async () => {
    const owner = await addMember(t.ctx, org.orgId, 'standard', { password });
    const attempts = await Promise.all(
      Array.from({ length: 50 }, () => signIn(t.app, owner.email, 'a wrong guess', '203.0.113.7')),
    );
    expect(statuses(attempts)).toEqual({ 400: 5, 429: 45 });
    const refused = attempts.find((r) => r.statusCode === 429);
    expect(JSON.parse(refused?.body ?? '{}').code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    const events = await eventsOf(owner.userId);
    expect(events.filter((e) => e.event === 'sign_in' && e.outcome === 'failed')).toHaveLength(5);
    expect(events.filter((e) => e.event === 'lockout')).toEqual([
      { event: 'lockout', outcome: 'locked', client_address: '203.0.113.7' },
    ]);

    // The attacker's address stays locked, even for the right password…
    expect((await signIn(t.app, owner.email, password, '203.0.113.7')).statusCode).toBe(429);
    // …while the owner, elsewhere, signs in and gets a device cookie.
    const owners = await signIn(t.app, owner.email, password, '198.51.100.2');
    expect(owners.statusCode).toBe(200);
    expect(deviceCookieOf(owners)).toMatch(/^fld_/);
    expect(String(owners.headers['set-cookie'])).toContain('HttpOnly');
  });

  it('locks an address twice as long each time it fills the limit again', async () => {
    const owner = await addMember(t.ctx, org.orgId, 'light', { password });
    const fail = () => signIn(t.app, owner.email, 'wrong again', '203.0.113.8');
    for (let i = 0; i < 5; i++) expect((await fail()).statusCode).toBe(400);
    const first = await fail();
    expect(first.statusCode).toBe(429);
    expect(Number(first.headers['retry-after'])).toBe(900);
    t.clock.advance(901_000);
    for (let i = 0; i < 5; i++) expect((await fail()).statusCode).toBe(400);
    const second = await fail();
    expect(second.statusCode).toBe(429);
    expect(Number(second.headers['retry-after'])).toBe(1800);
    t.clock.advance(1_801_000);
    expect((await signIn(t.app, owner.email, password, '203.0.113.8')).statusCode).toBe(200);
  });

  it('holds back only unknown clients once an account has 20 failures from many addresses', async () => {
    const owner = await addMember(t.ctx, org.orgId, 'standard', { password });
    const known = await signIn(t.app, owner.email, password, '198.51.100.20');
    expect(known.statusCode).toBe(200);
    const cookie = deviceCookieOf(known);
    const spread = await Promise.all(
      Array.from({ length: 50 }, (_, i) => signIn(t.app, owner.email, 'spray', `192.0.2.${i + 1}`)),
    );
    expect(statuses(spread)).toEqual({ 400: 20, 429: 30 });
    // A new address without a device cookie is held back, even with the right password…
    expect((await signIn(t.app, owner.email, password, '192.0.2.200')).statusCode).toBe(429);
    // …the address the owner signed in from before is not…
    expect((await signIn(t.app, owner.email, password, '198.51.100.20')).statusCode).toBe(200);
    // …and neither is the owner's browser at a new address.
    expect((await signIn(t.app, owner.email, password, '192.0.2.201', cookie)).statusCode).toBe(200);
  });

  it('counts in the database: two nodes on one database let 5 of 50 attempts through between them', async () => {
    const name = `signin${Date.now().toString(36)}`;
    const one = await createTestContext({ TRUST_PROXY: 'true' }, { databaseName: name, keepDatabase: true });
    const two = await createTestContext({ TRUST_PROXY: 'true' }, { databaseName: name });
    try {
      const shared = await createOrgWithAdmin(one.ctx);
      const owner = await addMember(one.ctx, shared.orgId, 'standard', { password });
      const attempts = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          signIn(i % 2 === 0 ? one.app : two.app, owner.email, 'wrong', '203.0.113.9'),
        ),
      );
      expect(statuses(attempts)).toEqual({ 400: 5, 429: 45 });
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('answers 422 PASSWORD_TOO_LONG for a password over 1,024 bytes, before any attempt is counted', async () => {
    const owner = await addMember(t.ctx, org.orgId, 'standard', { password });
    const long = await signIn(t.app, owner.email, '€'.repeat(342), '203.0.113.10'); // 1,026 bytes
    expect(long.statusCode).toBe(422);
    expect(JSON.parse(long.body).code).toBe('PASSWORD_TOO_LONG');
    const atLimit = await signIn(t.app, owner.email, 'x'.repeat(1024), '203.0.113.10');
    expect(atLimit.statusCode).toBe(400);
    expect(JSON.parse(atLimit.body).code).toBe('INVALID_GRANT');
    const huge = await signIn(t.app, owner.email, 'x'.repeat(4 * 1024 * 1024), '203.0.113.10');
    expect(huge.statusCode).toBe(422);
    expect((await eventsOf(owner.userId)).filter((e) => e.outcome === 'failed')).toHaveLength(1);
  });

  it('answers an unknown account exactly like a wrong password, within the same limit', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, () => signIn(t.app, 'nobody-here@example.com', 'whatever', '203.0.113.11')),
    );
    expect(statuses(attempts)).toEqual({ 400: 5, 429: 3 });
    const failed = attempts.find((r) => r.statusCode === 400);
    expect(JSON.parse(failed?.body ?? '{}')).toEqual({
      error: true,
      code: 'INVALID_GRANT',
      message: 'The user credentials were incorrect.',
    });
  });
});
