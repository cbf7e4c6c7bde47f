/**
 * Tenant isolation, proved by walking the route table: every registered route is called by
 * organization A's admin against organization B's objects, and nothing of B may come back
 * or change. Routes added later are walked automatically; a route whose path parameter has
 * no fixture fails loudly (see test/helpers/isolation-fixtures.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../../src/http/route-table.js';
import { issuePersonalToken } from '../../src/services/identity/tokens.js';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import {
  MARKER,
  PATH_FIXTURES,
  PROPERTY_FIXTURES,
  seedVictim,
  snapshotOrg,
  type Victim,
} from '../helpers/isolation-fixtures.js';
import { guestCodeOf } from '../helpers/people.js';

let t: TestContext;
let a: TestOrg;
let aGuestCode: string;
let b: Victim;

beforeAll(async () => {
  // Uploaded files of B go to a scratch directory, not the repository's ./data.
  t = await createTestContext({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'flowlane-isolation-')) });
  a = await createOrgWithAdmin(t.ctx, 'Alpha attacker');
  await apiClient(t.app, a.admin.token).post(`/organizations/${a.orgId}/guests`, {
    email: 'a-guest@example.com',
  });
  aGuestCode = await guestCodeOf(apiClient(t.app, a.admin.token), a.orgId, 'a-guest@example.com');
  b = await seedVictim(t);
}, 60_000);
afterAll(() => t.close());

const paramsOf = (url: string) => [...url.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*');

/** The fixture for a path parameter; a missing one is a test failure, never a skip. */
function fixtureFor(url: string, param: string): string {
  const segments = url.split('/');
  const at = segments.findIndex((s) => s === (param === '*' ? '*' : `:${param}`));
  const key = PATH_FIXTURES[`${segments[at - 1]}/:${param}`] ?? PATH_FIXTURES[`:${param}`];
  const value = key === undefined ? undefined : b.values.get(key);
  if (value === undefined) throw new Error(`no fixture for param ${param} (route ${url})`);
  return encodeURIComponent(String(value));
}

function fill(url: string, org: string, overrides: Record<string, string> = {}): string {
  return url.replace(/:(\w+)|\*/g, (_, name: string | undefined) => {
    const param = name ?? '*';
    if (param === 'org') return org;
    return overrides[param] ?? fixtureFor(url, param);
  });
}

/** A value of the schema's shape; properties named in PROPERTY_FIXTURES get B's objects. */
function sample(schema: any, name?: string): unknown {
  if (name && PROPERTY_FIXTURES[name]) return PROPERTY_FIXTURES[name](b);
  if (!schema || typeof schema !== 'object') return undefined;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.anyOf ?? schema.oneOf)) return sample((schema.anyOf ?? schema.oneOf)[0], name);
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries<any>(schema.properties ?? {})) {
        if ((schema.required ?? []).includes(key) || PROPERTY_FIXTURES[key]) out[key] = sample(prop, key);
      }
      return out;
    }
    case 'array':
      return [sample(schema.items, name)];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default:
      return undefined;
  }
}

function queryOf(route: RouteEntry): string {
  const q = sample(route.schema?.querystring) as Record<string, unknown> | undefined;
  if (!q || Object.keys(q).length === 0) return '';
  return `?${new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
}

/** Nothing of B in a response: no marker, no id of B that the request did not carry itself. */
function assertNoLeak(label: string, sent: string, body: string) {
  expect(body.toLowerCase(), `${label} leaked a name of B`).not.toContain(MARKER);
  for (const id of b.hexIds) {
    if (!sent.includes(id)) expect(body, `${label} leaked B's id ${id}`).not.toContain(id);
  }
}

async function call(route: RouteEntry, url: string) {
  const token = (await issuePersonalToken(t.ctx, a.admin.userId, 'walk')).accessToken;
  const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method) || route.schema?.body !== undefined;
  const body = hasBody ? (sample(route.schema?.body) ?? {}) : undefined;
  const res = await apiClient(t.app, token).call(route.method as 'GET', url, body);
  const label = `${route.method} ${url}`;
  expect(res.status, `${label} answered ${res.status}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
  assertNoLeak(label, `${url} ${JSON.stringify(body ?? '')}`, JSON.stringify(res.body ?? ''));
  return res;
}

/**
 * Public by design: anyone holding an organization's id may read these, as Tallyfy serves
 * them to sign-in, guest and kick-off pages. They answer B's card to A as to anybody, so
 * the walk checks instead that nothing but the listed keys comes back.
 */
const PUBLIC_BY_ORGANIZATION_ID: Record<string, string[]> = {
  '/public/organizations/:org': ['id', 'name', 'org_logo'],
  '/utils/organizations/:org/custom-branding': [
    'bg_color',
    'text_color',
    'alternate_color',
    'bright_shade',
    'dark_shade',
    'updated_at',
  ],
};

async function walkPublicCard(route: RouteEntry, allowed: string[]) {
  const url = fill(route.url, b.org.orgId);
  const res = await apiClient(t.app).call(route.method as 'GET', url);
  expect(res.status, `${route.method} ${url}`).toBe(200);
  expect(
    Object.keys(res.body)
      .filter((k) => k !== 'data')
      .every((k) => allowed.includes(k)),
  ).toBe(true);
  expect(
    Object.keys(res.body.data).every((k) => allowed.includes(k)),
    JSON.stringify(res.body),
  ).toBe(true);
  // The card's logo is published with it (its address names the logo's id); nothing else of B.
  const logo = JSON.stringify(res.body.data.org_logo ?? null);
  for (const id of b.hexIds) {
    if (id !== b.org.orgId && !logo.includes(id)) expect(JSON.stringify(res.body)).not.toContain(id);
  }
}

/** One route, both ways of reaching into B. */
async function walk(route: RouteEntry) {
  const publicCard = PUBLIC_BY_ORGANIZATION_ID[route.url];
  if (publicCard) return walkPublicCard(route, publicCard);
  const params = paramsOf(route.url);
  if (!params.includes('org')) {
    await call(route, fill(route.url, a.orgId) + queryOf(route));
    return;
  }
  // A's admin names B's organization: 404, whatever the rest of the path.
  const intoB = await call(route, fill(route.url, b.org.orgId, { guest_code: aGuestCode }) + queryOf(route));
  expect(intoB.status, 'into B').toBe(404);
  // In A's own organization, with B's ids everywhere else.
  const res = await call(route, fill(route.url, a.orgId) + queryOf(route));
  if (params.some((p) => p !== 'org')) {
    expect(
      [401, 403, 404, 422],
      `with B's ids answered ${res.status}: ${JSON.stringify(res.body)}`,
    ).toContain(res.status);
  }
}

describe('tenant isolation: every route, organization A against organization B', () => {
  it('walks a route table that includes the people routes', () => {
    const urls = t.app.routeTable.map((r) => r.url);
    expect(urls).toContain('/organizations/:org/guests/:guest_email');
    expect(urls).toContain('/organizations/:org/groups/:group_id');
    expect(t.app.routeTable.length).toBeGreaterThan(40);
  });

  it('never answers A with B, and B is unchanged afterwards', async () => {
    const before = await snapshotOrg(t, b.org.orgId);
    for (const table of [
      'guests',
      'groups',
      'group_members',
      'memberships',
      'invitations',
      'templates',
      'tasks',
      'organization_branding',
      'organization_smtp',
      'member_cadence_days',
      'saved_views',
      'member_preferences',
    ]) {
      expect(before[table]?.length, `B has ${table}`).toBeGreaterThan(0);
    }
    const problems: string[] = [];
    for (const route of t.app.routeTable) {
      try {
        await walk(route);
      } catch (error) {
        problems.push(`${route.method} ${route.url}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await snapshotOrg(t, b.org.orgId)).toEqual(before);
  }, 120_000);

  it("lists none of B's members' security events to A's admin", async () => {
    const bUsers = [b.org.admin.userId, b.values.get('user')];
    const bEvents = await t.db.kysely
      .selectFrom('security_events')
      .select('id')
      .where('user_id', 'in', bUsers as number[])
      .execute();
    expect(bEvents.length).toBeGreaterThan(0);
    // A fresh token: the walk called A's delete-active-tokens, which signed A's others out.
    const token = (await issuePersonalToken(t.ctx, a.admin.userId, 'events')).accessToken;
    const res = await apiClient(t.app, token).get(
      `/organizations/${a.orgId}/security-events?without_pagination=true`,
    );
    expect(res.status).toBe(200);
    const ids = new Set(res.body.data.map((e: { id: number }) => e.id));
    for (const { id } of bEvents) expect(ids.has(id)).toBe(false);
  });

  it('seeded a real object of B for every fixture but webhook deliveries (made only by the dispatcher)', () => {
    expect(b.synthetic.filter((name) => name !== 'delivery')).toEqual([]);
  });
});
