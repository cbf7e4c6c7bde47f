import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendQueuedEmails } from '../../src/jobs/email-delivery.js';
import { inTransaction } from '../../src/services/context.js';
import { queueEmail } from '../../src/services/email/queue-email.js';
import { createOrganizationForAccount } from '../../src/services/organizations/create-organization.js';
import { saveOrganizationSmtp } from '../../src/services/organizations/smtp.js';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext, withConfig } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';

let t: TestContext;
let org: TestOrg;

const ENV = {
  ORG_SMTP_ALLOW_PRIVATE: 'true',
  ORGANIZATION_CREATION: 'admins',
  INSTANCE_ADMIN_EMAILS: 'Root@Example.com, other@example.com',
  ORGANIZATION_CREATE_PER_DAY: '2',
};

beforeAll(async () => {
  t = await createTestContext(ENV);
  org = await createOrgWithAdmin(t.ctx, 'Acme');
});
afterAll(() => t.close());

const activitiesOf = (orgId: string, field: string) =>
  t.db.kysely
    .selectFrom('activities')
    .select(['action', 'field', 'old_value', 'new_value', 'actor_id'])
    .where('organization_id', '=', orgId)
    .where('field', '=', field)
    .orderBy('id')
    .execute();
const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

describe('POST /organizations', () => {
  it('lets an instance admin create one and makes them its default admin', async () => {
    const root = await addMember(t.ctx, org.orgId, 'light', { email: 'root@example.com' });
    const res = await apiClient(t.app, root.token).post('/organizations', {
      name: 'Second Co',
      timezone: 'Europe/Paris',
      city: 'Lyon',
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      name: 'Second Co',
      timezone: 'Europe/Paris',
      city: 'Lyon',
      users_count: 1,
    });
    const membership = await t.db.kysely
      .selectFrom('memberships')
      .select(['role', 'status', 'is_default_admin'])
      .where('organization_id', '=', res.body.data.id)
      .execute();
    expect(membership).toEqual([{ role: 'admin', status: 'active', is_default_admin: expect.anything() }]);
    expect(Boolean(membership[0]?.is_default_admin)).toBe(true);
    const own = await apiClient(t.app, root.token).get(`/organizations/${res.body.data.id}`);
    expect(own.status).toBe(200);
  });

  it('answers 403 ORGANIZATION_CREATION_DISABLED to an account that is not an instance admin', async () => {
    const res = await apiClient(t.app, org.admin.token).post('/organizations', { name: 'Mine' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ORGANIZATION_CREATION_DISABLED');
  });

  it('answers 401 without a token', async () => {
    const res = await apiClient(t.app).post('/organizations', { name: 'Anon' });
    expect(res.status).toBe(401);
  });

  it('lets anyone create where the setting is everyone, and nobody where it is nobody', async () => {
    const member = await addMember(t.ctx, org.orgId, 'standard');
    const principal = { userId: member.userId, tokenId: 'x' };
    const everyone = withConfig(t.ctx, (c) => ({
      ...c,
      organizations: { ...c.organizations, creation: 'everyone' },
    }));
    const made = await createOrganizationForAccount(everyone, principal, { name: 'Open Co' });
    expect(made.organization.name).toBe('Open Co');
    const nobody = withConfig(t.ctx, (c) => ({
      ...c,
      organizations: { ...c.organizations, creation: 'nobody', instanceAdminEmails: [member.email] },
    }));
    await expect(
      createOrganizationForAccount(nobody, principal, { name: 'Closed Co' }),
    ).rejects.toMatchObject({
      code: 'ORGANIZATION_CREATION_DISABLED',
    });
  });

  it('answers 422 for a bad name or zone without counting it, and 429 past the daily limit', async () => {
    const other = await addMember(t.ctx, org.orgId, 'standard', { email: 'other@example.com' });
    const api = apiClient(t.app, other.token);
    const bad = await api.post('/organizations', { name: '   ', timezone: 'Mars/Olympus' });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['name', 'timezone']);
    expect((await api.post('/organizations', { name: 'One' })).status).toBe(201);
    expect((await api.post('/organizations', { name: 'Two' })).status).toBe(201);
    const third = await api.post('/organizations', { name: 'Three' });
    expect(third.status).toBe(429);
    expect(third.body.code).toBe('TOO_MANY_ATTEMPTS');
    const names = await t.db.kysely
      .selectFrom('organizations')
      .select('name')
      .where('name', '=', 'Three')
      .execute();
    expect(names).toEqual([]);
  });
});

describe('custom branding', () => {
  // Each test brands an organization of its own: what one saves or resets is not another's start.
  let shared: TestOrg;
  beforeEach(async () => {
    shared = org;
    org = await createOrgWithAdmin(t.ctx, 'Branded');
  });
  afterEach(() => {
    org = shared;
  });

  it('saves colours normalised, keeps the others, answers them publicly, and records old and new values', async () => {
    const api = apiClient(t.app, org.admin.token);
    t.clock.advance(1000);
    const first = await api.post(`/organizations/${org.orgId}/custom-branding`, {
      bg_color: '#FFF',
      text_color: '#112233',
    });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ bg_color: '#ffffff', text_color: '#112233', dark_shade: null });
    const second = await api.post(`/organizations/${org.orgId}/custom-branding`, { text_color: '#000000' });
    expect(second.body.data).toMatchObject({ bg_color: '#ffffff', text_color: '#000000' });
    const pub = await apiClient(t.app).get(`/utils/organizations/${org.orgId}/custom-branding`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({
      bg_color: '#ffffff',
      text_color: '#000000',
      data: { bg_color: '#ffffff' },
    });
    expect(Object.keys(pub.body.data).sort()).toEqual([
      'alternate_color',
      'bg_color',
      'bright_shade',
      'dark_shade',
      'text_color',
      'updated_at',
    ]);
    const rows = await activitiesOf(org.orgId, 'custom_branding');
    expect(rows.map((r) => [json(r.old_value), json(r.new_value)])).toEqual([
      [
        { bg_color: null, text_color: null },
        { bg_color: '#ffffff', text_color: '#112233' },
      ],
      [{ text_color: '#112233' }, { text_color: '#000000' }],
    ]);
  });

  it('answers 422 naming each colour that is not hexadecimal, and changes nothing', async () => {
    const api = apiClient(t.app, org.admin.token);
    const saved = await api.post(`/organizations/${org.orgId}/custom-branding`, { text_color: '#000000' });
    expect(saved.status).toBe(200);
    const res = await api.post(`/organizations/${org.orgId}/custom-branding`, {
      bg_color: 'red',
      dark_shade: '#12345g',
      text_color: '#abcdef',
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors).sort()).toEqual(['bg_color', 'dark_shade']);
    const pub = await apiClient(t.app).get(`/utils/organizations/${org.orgId}/custom-branding`);
    expect(pub.body.data.text_color).toBe('#000000');
  });

  it('resets to the defaults on DELETE', async () => {
    const res = await apiClient(t.app, org.admin.token).delete(`/organizations/${org.orgId}/custom-branding`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      bg_color: null,
      text_color: null,
      alternate_color: null,
      bright_shade: null,
      dark_shade: null,
      updated_at: null,
    });
  });

  it.each(['standard', 'light'] as const)('answers 403 ADMIN_ONLY to a %s member', async (role) => {
    const member = await addMember(t.ctx, org.orgId, role);
    const res = await apiClient(t.app, member.token).post(`/organizations/${org.orgId}/custom-branding`, {
      bg_color: '#000000',
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ADMIN_ONLY');
  });

  it('answers 404 publicly for an organization that does not exist', async () => {
    const res = await apiClient(t.app).get(`/utils/organizations/${'0'.repeat(32)}/custom-branding`);
    expect(res.status).toBe(404);
  });
});

describe("the organization's own SMTP connection", () => {
  let server: SMTPServer;
  let port: number;
  const received: { from: string; to: string[]; user: string | undefined }[] = [];

  beforeAll(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'mailer' && auth.password === 's3cret-pass')
          return callback(null, { user: 'mailer' });
        return callback(new Error('Invalid username or password'));
      },
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            user: session.user as string | undefined,
          });
          callback();
        });
      },
    });
    const listening = server.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => listening.once('listening', () => resolve()));
    port = (listening.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // A database of its own per test: the mail sender takes every organization's queued mail,
  // and the transports are built per context, so no test starts from another's leftovers.
  let shared: { t: TestContext; org: TestOrg };
  beforeEach(async () => {
    shared = { t, org };
    t = await createTestContext(ENV);
    org = await createOrgWithAdmin(t.ctx, 'Acme');
    received.length = 0;
  });
  afterEach(async () => {
    await t.close();
    ({ t, org } = shared);
  });

  /** Saves the working connection to the test server (mailer / s3cret-pass). */
  async function saveConnection() {
    const res = await apiClient(t.app, org.admin.token).post(`/organizations/${org.orgId}/smtp`, {
      host: '127.0.0.1',
      port: String(port),
      username: 'mailer',
      password: 's3cret-pass',
      from_address: 'Desk@Acme.test',
      from_name: 'Acme desk',
      encryption: 'none',
    });
    expect(res.status).toBe(200);
  }
  /** Saves the working connection and turns it on. */
  async function connect() {
    await saveConnection();
    const enabled = await apiClient(t.app, org.admin.token).put(`/organizations/${org.orgId}/enable-smtp`, {
      enable_custom_smtp: true,
    });
    expect(enabled.status).toBe(200);
  }

  it('answers data null before anything is saved', async () => {
    const res = await apiClient(t.app, org.admin.token).get(`/organizations/${org.orgId}/smtp`);
    expect(res.status).toBe(200);
    expect(res.body.data).toBeNull();
  });

  it('saves the connection with the password encrypted, never returning it', async () => {
    const api = apiClient(t.app, org.admin.token);
    const res = await api.post(`/organizations/${org.orgId}/smtp`, {
      host: '127.0.0.1',
      port: String(port),
      username: 'mailer',
      password: 's3cret-pass',
      from_address: 'Desk@Acme.test',
      from_name: 'Acme desk',
      encryption: 'none',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      host: '127.0.0.1',
      port: String(port),
      from_address: 'desk@acme.test',
      enable_custom_smtp: false,
      has_password: true,
    });
    expect(JSON.stringify(res.body)).not.toContain('s3cret-pass');
    const got = await api.get(`/organizations/${org.orgId}/smtp`);
    expect(JSON.stringify(got.body)).not.toContain('s3cret-pass');
    expect(got.body.data.has_password).toBe(true);
    const row = await t.db.kysely
      .selectFrom('organization_smtp')
      .selectAll()
      .where('organization_id', '=', org.orgId)
      .executeTakeFirstOrThrow();
    expect(row.password_secret).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain('s3cret-pass');
    const audit = await activitiesOf(org.orgId, 'smtp');
    expect(JSON.stringify(audit)).not.toContain('s3cret-pass');
    expect(json(audit[0]?.new_value)).toMatchObject({ host: '127.0.0.1', has_password: true });
  });

  it("sends the organization's mail through its server once enabled, and other organizations' elsewhere", async () => {
    await saveConnection();
    const api = apiClient(t.app, org.admin.token);
    const enabled = await api.put(`/organizations/${org.orgId}/enable-smtp`, { enable_custom_smtp: true });
    expect(enabled.status).toBe(200);
    expect(enabled.body.data.enable_custom_smtp).toBe(true);
    const other = await createOrgWithAdmin(t.ctx, 'Other');
    await inTransaction(t.ctx, async (tx) => {
      await queueEmail(tx, {
        organizationId: org.orgId,
        to: 'ann@example.com',
        subject: 'Hi',
        text: 'Body',
        reason: 'test',
      });
      await queueEmail(tx, {
        organizationId: other.orgId,
        to: 'bob@example.com',
        subject: 'Hi',
        text: 'Body',
        reason: 'test',
      });
    });
    expect(await sendQueuedEmails(t.ctx)).toBe(1);
    expect(received).toEqual([{ from: 'desk@acme.test', to: ['ann@example.com'], user: 'mailer' }]);
    const statuses = await t.db.kysely
      .selectFrom('outgoing_emails')
      .select(['organization_id', 'status'])
      .where('organization_id', 'in', [org.orgId, other.orgId])
      .execute();
    expect(statuses).toContainEqual({ organization_id: org.orgId, status: 'sent' });
    // No SMTP_URL here: the other organization's mail is kept.
    expect(statuses).toContainEqual({ organization_id: other.orgId, status: 'stored' });
  });

  it('keeps one transport while the settings hold and builds a new one when they change', async () => {
    await connect();
    const mailers = t.ctx.adapters.organizationMailers;
    const send = async () => {
      await inTransaction(t.ctx, (tx) =>
        queueEmail(tx, {
          organizationId: org.orgId,
          to: 'cy@example.com',
          subject: 'S',
          text: 'T',
          reason: 'test',
        }),
      );
      expect(await sendQueuedEmails(t.ctx)).toBe(1);
    };
    // The first mail builds the organization's transport; the next one reuses it.
    await send();
    const builtBefore = mailers.built;
    await send();
    expect(mailers.built).toBe(builtBefore);
    t.clock.advance(1000);
    // A wrong password: the rebuilt transport uses it, and the server refuses.
    await apiClient(t.app, org.admin.token).post(`/organizations/${org.orgId}/smtp`, {
      host: '127.0.0.1',
      port,
      username: 'mailer',
      password: 'wrong',
      from_address: 'desk@acme.test',
      encryption: 'none',
    });
    const count = received.length;
    await send();
    expect(mailers.built).toBe(builtBefore + 1);
    expect(received.length).toBe(count);
  });

  it('refuses at send time a host that resolves to a private address when the instance stops allowing it', async () => {
    await connect();
    const strict = withConfig(t.ctx, (c) => ({
      ...c,
      organizations: { ...c.organizations, smtpAllowPrivate: false },
    }));
    const id = await inTransaction(t.ctx, (tx) =>
      queueEmail(tx, {
        organizationId: org.orgId,
        to: 'dee@example.com',
        subject: 'S',
        text: 'T',
        reason: 'test',
      }),
    );
    const count = received.length;
    expect(await sendQueuedEmails(strict)).toBe(1);
    expect(received.length).toBe(count);
    const row = await t.db.kysely
      .selectFrom('outgoing_emails')
      .select(['status', 'last_error'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('queued');
    expect(row.last_error).toContain('resolves to 127.0.0.1');
  });

  it('fails the mail with a clear reason when the password no longer opens (another instance secret)', async () => {
    await connect();
    const rekeyed = withConfig(t.ctx, (c) => ({
      ...c,
      secretKey: 'a different instance secret, 32+ characters',
    }));
    const id = await inTransaction(t.ctx, (tx) =>
      queueEmail(tx, {
        organizationId: org.orgId,
        to: 'eve@example.com',
        subject: 'S',
        text: 'T',
        reason: 'test',
      }),
    );
    expect(await sendQueuedEmails(rekeyed)).toBe(1);
    const row = await t.db.kysely
      .selectFrom('outgoing_emails')
      .select(['status', 'last_error'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.last_error).toContain('cannot be decrypted');
  });

  it('refuses to enable a connection that was never saved', async () => {
    const other = await createOrgWithAdmin(t.ctx, 'No smtp');
    const res = await apiClient(t.app, other.admin.token).put(`/organizations/${other.orgId}/enable-smtp`, {
      enable_custom_smtp: true,
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('SMTP_NOT_CONFIGURED');
  });

  it('refuses loopback and private hosts unless the instance allows them', async () => {
    const strict = withConfig(t.ctx, (c) => ({
      ...c,
      organizations: { ...c.organizations, smtpAllowPrivate: false },
    }));
    const actor = {
      kind: 'user' as const,
      userId: org.admin.userId,
      organizationId: org.orgId,
      role: 'admin' as const,
      tokenId: 'x',
    };
    for (const host of ['127.0.0.1', 'localhost', '10.1.2.3', '[::1]', '169.254.169.254']) {
      await expect(
        saveOrganizationSmtp(strict, actor, { host, port: 25, fromAddress: 'a@acme.test' }),
        host,
      ).rejects.toMatchObject({ code: 'SMTP_HOST_NOT_ALLOWED' });
    }
  });

  it('answers 422 for a malformed host, port, sender or encryption', async () => {
    const res = await apiClient(t.app, org.admin.token).post(`/organizations/${org.orgId}/smtp`, {
      host: 'bad host!',
      port: '99999',
      from_address: 'nobody',
      encryption: 'rot13',
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors).sort()).toEqual(['encryption', 'from_address', 'host', 'port']);
  });

  it.each(['standard', 'light'] as const)('answers 403 ADMIN_ONLY to a %s member', async (role) => {
    const member = await addMember(t.ctx, org.orgId, role);
    const res = await apiClient(t.app, member.token).get(`/organizations/${org.orgId}/smtp`);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ADMIN_ONLY');
  });
});

describe('cadence days, domains and SAML', () => {
  it("lets a member set their own digest days and an admin anyone's, recorded with old and new values", async () => {
    const member = await addMember(t.ctx, org.orgId, 'light');
    const own = await apiClient(t.app, member.token).put(
      `/organizations/${org.orgId}/users/${member.userId}/cadence_days`,
      { cadence_days: ['monday', 'Friday', 'Monday'] },
    );
    expect(own.status).toBe(200);
    expect(own.body.data[0]).toMatchObject({ id: member.userId, cadence_days: ['Monday', 'Friday'] });
    const byAdmin = await apiClient(t.app, org.admin.token).put(
      `/organizations/${org.orgId}/users/${member.userId}/cadence_days`,
      { cadence_days: 'Tuesday,Wednesday' },
    );
    expect(byAdmin.body.data[0].cadence_days).toEqual(['Tuesday', 'Wednesday']);
    const rows = (await activitiesOf(org.orgId, 'cadence_days')).filter((r) => r.actor_id !== null);
    expect(rows.map((r) => [json(r.old_value), json(r.new_value)])).toEqual([
      [[], ['Monday', 'Friday']],
      [
        ['Monday', 'Friday'],
        ['Tuesday', 'Wednesday'],
      ],
    ]);
  });

  it("answers 403 to a member setting someone else's days, 422 for a bad day and 404 for a stranger", async () => {
    const a = await addMember(t.ctx, org.orgId, 'standard');
    const url = (id: number) => `/organizations/${org.orgId}/users/${id}/cadence_days`;
    const other = await apiClient(t.app, a.token).put(url(org.admin.userId), { cadence_days: ['Monday'] });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('ADMIN_ONLY');
    const bad = await apiClient(t.app, a.token).put(url(a.userId), { cadence_days: ['Someday'] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.cadence_days).toHaveLength(1);
    const stranger = await createOrgWithAdmin(t.ctx);
    const missing = await apiClient(t.app, org.admin.token).put(url(stranger.admin.userId), {
      cadence_days: ['Monday'],
    });
    expect(missing.status).toBe(404);
  });

  it("lists the active members' e-mail domains, most used first", async () => {
    const fresh = await createOrgWithAdmin(t.ctx, 'Domains');
    await addMember(t.ctx, fresh.orgId, 'standard', { email: 'x@b.test' });
    await addMember(t.ctx, fresh.orgId, 'standard', { email: 'y@B.test' });
    const res = await apiClient(t.app, fresh.admin.token).get(`/organizations/${fresh.orgId}/domains`);
    expect(res.status).toBe(200);
    expect(
      res.body.data.map((d: { name: string; members_count: number }) => [d.name, d.members_count]),
    ).toEqual([
      ['b.test', 2],
      ['example.com', 1],
    ]);
  });

  it('answers the SAML settings as data null', async () => {
    const res = await apiClient(t.app, org.admin.token).get(`/organizations/${org.orgId}/saml/config`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: null });
  });
});

describe('what a self-hosted server does not have', () => {
  it.each([
    ['POST', 'billing-info'],
    ['PUT', 'subscriptions'],
    ['PUT', 'billing-account'],
    ['GET', 'signup-answers'],
    ['POST', 'signup-answers'],
  ] as const)('%s …/%s answers 422 NOT_AVAILABLE_SELF_HOSTED', async (method, path) => {
    const res = await apiClient(t.app, org.admin.token).call(
      method,
      `/organizations/${org.orgId}/${path}`,
      {},
    );
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('NOT_AVAILABLE_SELF_HOSTED');
  });

  it('GET /signup-questions answers 422 NOT_AVAILABLE_SELF_HOSTED', async () => {
    const res = await apiClient(t.app, org.admin.token).get('/signup-questions');
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('NOT_AVAILABLE_SELF_HOSTED');
  });
});

describe('public utilities', () => {
  it("answers the organization's public card: id, name and logo only", async () => {
    const res = await apiClient(t.app).get(`/public/organizations/${org.orgId}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ id: org.orgId, name: 'Acme', org_logo: null });
  });

  it('answers the instance settings a client adapts to', async () => {
    const res = await apiClient(t.app).get('/utils/config');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ self_hosted: true, organization_creation: 'admins' });
  });

  it('checks a URL with the webhook URL checker, without calling it', async () => {
    const api = apiClient(t.app);
    const local = await api.post('/utils/check-url', { url: 'http://127.0.0.1:9/hook' });
    expect(local.status).toBe(200);
    expect(local.body.data).toMatchObject({ valid: false });
    const publicIp = await api.post('/utils/check-url', { url: 'https://93.184.215.14/hook' });
    expect(publicIp.body.data).toEqual({ url: 'https://93.184.215.14/hook', valid: true, message: null });
    const junk = await api.post('/utils/check-url', { url: 'ftp://x' });
    expect(junk.body.data.valid).toBe(false);
  });
});
