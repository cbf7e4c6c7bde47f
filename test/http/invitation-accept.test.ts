/**
 * `POST /invitations/accept` is no password oracle: an existing account accepts only with
 * its own bearer token, new accounts set their password, and unknown tokens are limited per
 * address atomically.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { invitationTokenFor } from '../helpers/people.js';

let t: TestContext;
let inviter: TestOrg;

beforeAll(async () => {
  t = await createTestContext({ TRUST_PROXY: 'true' });
  inviter = await createOrgWithAdmin(t.ctx);
});
afterAll(() => t.close());

const accept = (body: Record<string, unknown>, address: string, token?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/invitations/accept',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': address,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    payload: JSON.stringify(body),
  });

async function statusOf(userId: number, orgId: string) {
  const row = await t.db.kysely
    .selectFrom('memberships')
    .select('status')
    .where('user_id', '=', userId)
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  return row?.status;
}

async function invite(email: string): Promise<string> {
  const res = await apiClient(t.app, inviter.admin.token).post(
    `/organizations/${inviter.orgId}/users/invite`,
    {
      email,
      role: 'light',
    },
  );
  expect(res.status).toBe(200);
  return invitationTokenFor(t.db, email);
}

describe('POST /invitations/accept', () => {
  it("answers 401 SIGN_IN_REQUIRED to 50 password guesses at an existing account's invitation, the right one included", async () => {
    const victimOrg = await createOrgWithAdmin(t.ctx);
    const victim = await addMember(t.ctx, victimOrg.orgId, 'standard', { password: 'the real password' });
    const token = await invite(victim.email);
    const guesses = Array.from({ length: 49 }, (_, i) => `guess number ${i}`).concat('the real password');
    // One after the other: a valid token's attempt is given back once answered, so none of
    // these meets the limit (simultaneous ones would, while in flight).
    const answers = [];
    for (const password of guesses) answers.push(await accept({ token, password }, '203.0.113.20'));
    expect(answers.map((a) => a.statusCode)).toEqual(guesses.map(() => 401));
    expect(new Set(answers.map((a) => JSON.parse(a.body).code))).toEqual(new Set(['SIGN_IN_REQUIRED']));
    expect(await statusOf(victim.userId, inviter.orgId)).toBe('invited');
  });

  it('lets the invited account accept with its own bearer token, and no one else', async () => {
    const home = await createOrgWithAdmin(t.ctx);
    const person = await addMember(t.ctx, home.orgId, 'standard', { password: 'person password' });
    const other = await addMember(t.ctx, home.orgId, 'standard');
    const token = await invite(person.email);
    const wrongAccount = await accept({ token }, '203.0.113.21', other.token);
    expect(wrongAccount.statusCode).toBe(403);
    expect(JSON.parse(wrongAccount.body).code).toBe('INVITATION_FOR_ANOTHER_ACCOUNT');
    const badToken = await accept({ token }, '203.0.113.21', 'fla_not-a-token');
    expect(badToken.statusCode).toBe(401);
    const own = await accept({ token }, '203.0.113.21', person.token);
    expect(own.statusCode).toBe(200);
    expect(await statusOf(person.userId, inviter.orgId)).toBe('active');
  });

  it('lets a new account set its password, then sign in with it', async () => {
    const token = await invite('brand-new@example.com');
    const missing = await accept({ token }, '203.0.113.22');
    expect(missing.statusCode).toBe(422);
    expect(Object.keys(JSON.parse(missing.body).errors)).toEqual(['password']);
    const tooLong = await accept({ token, password: '€'.repeat(342) }, '203.0.113.22');
    expect(tooLong.statusCode).toBe(422);
    expect(JSON.parse(tooLong.body).code).toBe('PASSWORD_TOO_LONG');
    const accepted = await accept({ token, password: 'a fresh password' }, '203.0.113.22');
    expect(accepted.statusCode).toBe(200);
    const signIn = await apiClient(t.app).post('/oauth/token', {
      grant_type: 'password',
      username: 'brand-new@example.com',
      password: 'a fresh password',
    });
    expect(signIn.status).toBe(200);
  });

  it('answers 10 of 50 simultaneous unknown tokens from one address with 404 and the other 40 with 429', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        accept({ token: `fli_guess${i}`, password: 'password1' }, '203.0.113.23'),
      ),
    );
    const counts: Record<number, number> = {};
    for (const a of answers) counts[a.statusCode] = (counts[a.statusCode] ?? 0) + 1;
    expect(counts).toEqual({ 404: 10, 429: 40 });
    const refused = answers.find((a) => a.statusCode === 429);
    expect(JSON.parse(refused?.body ?? '{}').code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not held back by this one.
    const token = await invite('another-new@example.com');
    expect((await accept({ token, password: 'password two' }, '203.0.113.24')).statusCode).toBe(200);
  });
});
