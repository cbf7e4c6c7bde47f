/**
 * Snippets (text templates): CRUD, the existence check, members' marks, shares with guests,
 * the public library read, `{{snippet:ID}}` expanded in task and step summaries, search
 * (`on=snippet`) and `GET /utils/countries`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { guestCodeOf } from '../helpers/people.js';
import { launchTemplate } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let other: TestOrg;
let admin: Api;
let ann: TestMember;
let annApi: Api;
let light: TestMember;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Snippets Co');
  other = await createOrgWithAdmin(t.ctx, 'Other Co');
  admin = apiClient(t.app, org.admin.token);
  ann = await addMember(t.ctx, org.orgId, 'standard');
  annApi = apiClient(t.app, ann.token);
  light = await addMember(t.ctx, org.orgId, 'light');
});
afterAll(() => t.close());

const base = () => `/organizations/${org.orgId}`;
const snippets = (suffix = '') => `${base()}/text-templates${suffix}`;

async function newSnippet(title: string, template: string, extra: Record<string, unknown> = {}) {
  const res = await admin.post(snippets(), { title, template, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as { id: number; title: string; template: string };
}

describe('snippet CRUD', () => {
  it('creates, reads, changes and deletes a snippet, with activity rows (old and new values) and events', async () => {
    const created = await admin.post(snippets(), {
      title: '  Legal notice ',
      template: 'All rights reserved.',
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id as number;
    expect(created.body.data).toEqual({
      id,
      organization_id: org.orgId,
      title: 'Legal notice',
      template: 'All rights reserved.',
      is_public: false,
      created_by: org.admin.userId,
      created_at: '2025-01-06T09:00:00.000Z',
      updated_at: '2025-01-06T09:00:00.000Z',
    });
    const read = await apiClient(t.app, light.token).get(snippets(`/${id}`));
    expect(read.status).toBe(200);
    expect(read.body.data.template).toBe('All rights reserved.');
    t.clock.advance(60_000);
    const changed = await admin.put(snippets(`/${id}`), { template: 'Some rights reserved.' });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({
      title: 'Legal notice',
      template: 'Some rights reserved.',
      updated_at: '2025-01-06T09:01:00.000Z',
    });
    t.clock.advance(60_000);
    const removed = await admin.delete(snippets(`/${id}`));
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ message: 'Text template deleted.' });
    const gone = await admin.get(snippets(`/${id}`));
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('SNIPPET_NOT_FOUND');

    const activity = await t.db.kysely
      .selectFrom('activities')
      .select(['action', 'old_value', 'new_value'])
      .where('organization_id', '=', org.orgId)
      .where('object_type', '=', 'text_template')
      .where('object_id', '=', String(id))
      .orderBy('id')
      .execute();
    const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    expect(activity.map((a) => [a.action, json(a.old_value), json(a.new_value)])).toEqual([
      ['created', null, { title: 'Legal notice', template: 'All rights reserved.', is_public: false }],
      [
        'updated',
        { title: 'Legal notice', template: 'All rights reserved.', is_public: false },
        { title: 'Legal notice', template: 'Some rights reserved.', is_public: false },
      ],
      ['deleted', { title: 'Legal notice', template: 'Some rights reserved.', is_public: false }, null],
    ]);
    const feed = await admin.get(`${base()}/activity-feeds?type=TextTemplate&sort=created_at`);
    expect(feed.status).toBe(200);
    const rows = feed.body.data.filter((r: { auditable_id: string }) => r.auditable_id === String(id));
    expect(rows.map((r: { verb: string; type: string }) => [r.verb, r.type])).toEqual([
      ['created', 'TextTemplate'],
      ['updated', 'TextTemplate'],
      ['deleted', 'TextTemplate'],
    ]);
    const events = await t.db.kysely
      .selectFrom('outbox_events')
      .select('name')
      .where('organization_id', '=', org.orgId)
      .where('name', 'like', 'text_template.%')
      .orderBy('created_at')
      .execute();
    expect(events.map((e) => e.name)).toEqual([
      'text_template.created',
      'text_template.updated',
      'text_template.deleted',
    ]);
  });

  it('answers 403 ADMIN_ONLY when a standard or light member creates, changes or deletes a snippet', async () => {
    const { id } = await newSnippet('Admins only', 'text');
    for (const token of [ann.token, light.token]) {
      const api = apiClient(t.app, token);
      for (const res of [
        await api.post(snippets(), { title: 'Mine', template: 'x' }),
        await api.put(snippets(`/${id}`), { title: 'Renamed' }),
        await api.delete(snippets(`/${id}`)),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('ADMIN_ONLY');
      }
    }
    expect((await admin.get(snippets(`/${id}`))).body.data.title).toBe('Admins only');
  });

  it('lists snippets by title, searches titles with q and pages them', async () => {
    const own = await createOrgWithAdmin(t.ctx, 'Listing Co');
    const api = apiClient(t.app, own.admin.token);
    const url = `/organizations/${own.orgId}/text-templates`;
    for (const title of ['Charlie note', 'Alpha note', 'Bravo', 'Delta NOTE']) {
      expect((await api.post(url, { title, template: title })).status).toBe(201);
      t.clock.advance(1000);
    }
    const all = await api.get(url);
    expect(all.status).toBe(200);
    expect(all.body.data.map((s: { title: string }) => s.title)).toEqual([
      'Alpha note',
      'Bravo',
      'Charlie note',
      'Delta NOTE',
    ]);
    const first = await api.get(`${url}?q=note&per_page=2&sort=-created_at`);
    expect(first.body.data.map((s: { title: string }) => s.title)).toEqual(['Delta NOTE', 'Alpha note']);
    expect(first.body.meta.pagination).toMatchObject({ total: 3, count: 2, per_page: 2, current_page: 1 });
    const second = await api.get(`${url}?q=note&per_page=2&page=2&sort=-created_at`);
    expect(second.body.data.map((s: { title: string }) => s.title)).toEqual(['Charlie note']);
    expect(second.body.meta.pagination).toMatchObject({
      total: 3,
      count: 1,
      current_page: 2,
      has_more_pages: false,
    });
    const bad = await api.get(`${url}?sort=color`);
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('answers 422 VALIDATION_FAILED for a missing or too long title, too long content and bad ids', async () => {
    const missing = await admin.post(snippets(), { template: 'no title' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual({ title: ['The title field is required.'] });
    const long = await admin.post(snippets(), { title: 'x'.repeat(256) });
    expect(long.status).toBe(422);
    expect(Object.keys(long.body.errors)).toEqual(['title']);
    const huge = await admin.post(snippets(), { title: 'Huge', template: 'x'.repeat(100_001) });
    expect(huge.status).toBe(422);
    expect(huge.body.code).toBe('VALIDATION_FAILED');
    for (const id of ['0', '2147483648', 'abc']) {
      const res = await admin.get(snippets(`/${id}`));
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const nul = await admin.post(snippets(), { title: 'bad\u0000title' });
    expect(nul.status).toBe(422);
  });

  it("never shows or changes another organization's snippet (404 SNIPPET_NOT_FOUND)", async () => {
    const theirs = await apiClient(t.app, other.admin.token).post(
      `/organizations/${other.orgId}/text-templates`,
      {
        title: 'Theirs',
        template: 'secret',
      },
    );
    const id = theirs.body.data.id as number;
    for (const res of [
      await admin.get(snippets(`/${id}`)),
      await admin.put(snippets(`/${id}`), { title: 'Mine now' }),
      await admin.delete(snippets(`/${id}`)),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('SNIPPET_NOT_FOUND');
    }
    const check = await admin.post(`${base()}/check-text-templates-existence`, { ids: [id] });
    expect(check.body.data).toEqual({ [id]: false });
  });

  it('answers which ids are snippets of the organization', async () => {
    const { id } = await newSnippet('Exists', 'yes');
    const res = await annApi.post(`${base()}/check-text-templates-existence`, { ids: [id, 999_999] });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ [id]: true, 999999: false });
  });
});

describe("members' marks and guests' shares", () => {
  it('lets a member mark a snippet for themselves, once per type, and remove the mark', async () => {
    const { id } = await newSnippet('Markable', 'text');
    const url = `${base()}/users/${ann.userId}/text-templates/${id}`;
    const marked = await annApi.put(url, { type: 'favorite' });
    expect(marked.status).toBe(201);
    expect(marked.body).toMatchObject({
      organization_id: org.orgId,
      text_template_id: id,
      user_id: ann.userId,
      type: 'favorite',
      deleted_at: null,
    });
    const again = await annApi.put(url, { type: 'favorite' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(marked.body.id);
    const byAdmin = await admin.put(`${base()}/users/${org.admin.userId}/text-templates/${id}`, {
      type: 'favorite',
    });
    expect(byAdmin.status).toBe(201);

    const annView = await annApi.get(snippets(`/${id}?with=textTemplateUser,textTemplateGuests`));
    expect(annView.body.data.textTemplateUser.data.map((l: { user_id: number }) => l.user_id)).toEqual([
      ann.userId,
    ]);
    expect(annView.body.data.textTemplateGuests).toEqual({ data: [] });
    const adminView = await admin.get(snippets(`/${id}?with=textTemplateUser`));
    expect(adminView.body.data.textTemplateUser.data.map((l: { user_id: number }) => l.user_id)).toEqual([
      ann.userId,
      org.admin.userId,
    ]);

    const removed = await annApi.delete(`${url}/type?type=favorite`);
    expect(removed.status).toBe(200);
    const twice = await annApi.delete(`${url}/type?type=favorite`);
    expect(twice.status).toBe(404);
    expect(twice.body.code).toBe('SNIPPET_LINK_NOT_FOUND');
    const actions = await t.db.kysely
      .selectFrom('activities')
      .select('action')
      .where('object_type', '=', 'text_template')
      .where('object_id', '=', String(id))
      .where('actor_id', '=', ann.userId)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['marked', 'unmarked']);
  });

  it("refuses a member's mark for someone else (403 ADMIN_ONLY), unknown members (404) and bad types (422)", async () => {
    const { id } = await newSnippet('Not yours', 'text');
    const forBob = await annApi.put(`${base()}/users/${light.userId}/text-templates/${id}`, {
      type: 'favorite',
    });
    expect(forBob.status).toBe(403);
    expect(forBob.body.code).toBe('ADMIN_ONLY');
    const stranger = await admin.put(`${base()}/users/${other.admin.userId}/text-templates/${id}`, {
      type: 'favorite',
    });
    expect(stranger.status).toBe(404);
    expect(stranger.body.code).toBe('MEMBER_NOT_FOUND');
    const badType = await annApi.put(`${base()}/users/${ann.userId}/text-templates/${id}`, { type: 'a b' });
    expect(badType.status).toBe(422);
    expect(Object.keys(badType.body.errors)).toEqual(['type']);
    const noType = await annApi.delete(`${base()}/users/${ann.userId}/text-templates/${id}/type`);
    expect(noType.status).toBe(422);
    expect(noType.body.code).toBe('VALIDATION_FAILED');
  });

  it('lets a guest read through their code only the snippets an administrator shared with them', async () => {
    const guest = await admin.post(`${base()}/guests`, { email: 'reader@example.com' });
    expect(guest.status).toBe(201);
    const guestId = guest.body.data.id as number;
    const code = await guestCodeOf(admin, org.orgId, 'reader@example.com');
    const shared = await newSnippet('For the guest', 'Welcome, guest.');
    const unshared = await newSnippet('Internal', 'Members only.');
    const guestUrl = (id: number) => `${base()}/guests/${code}/text-templates/${id}`;
    const before = await apiClient(t.app).get(guestUrl(shared.id));
    expect(before.status).toBe(404);
    expect(before.body.code).toBe('SNIPPET_NOT_FOUND');

    const byMember = await annApi.put(`${base()}/guests/${guestId}/text-templates/${shared.id}`);
    expect(byMember.status).toBe(403);
    expect(byMember.body.code).toBe('ADMIN_ONLY');
    const share = await admin.put(`${base()}/guests/${guestId}/text-templates/${shared.id}`);
    expect(share.status).toBe(201);
    expect(share.body).toMatchObject({ guest_id: guestId, text_template_id: shared.id });

    const read = await apiClient(t.app).get(guestUrl(shared.id));
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ id: shared.id, template: 'Welcome, guest.' });
    expect((await apiClient(t.app).get(guestUrl(unshared.id))).status).toBe(404);
    const adminView = await admin.get(snippets(`/${shared.id}?with=textTemplateGuests`));
    expect(adminView.body.data.textTemplateGuests.data.map((l: { guest_id: number }) => l.guest_id)).toEqual([
      guestId,
    ]);

    const unshare = await admin.delete(`${base()}/guests/${guestId}/text-templates/${shared.id}`);
    expect(unshare.status).toBe(200);
    expect((await apiClient(t.app).get(guestUrl(shared.id))).status).toBe(404);
    const unknownGuest = await admin.put(`${base()}/guests/999999/text-templates/${shared.id}`);
    expect(unknownGuest.status).toBe(404);
    expect(unknownGuest.body.code).toBe('GUEST_NOT_FOUND');
  });

  it('serves a snippet without a token from the public library only when it is public', async () => {
    const hidden = await newSnippet('Private', 'internal');
    const open = await newSnippet('Public', 'for everyone', { is_public: true });
    const url = (id: number) => `/public/library/organizations/${org.orgId}/text-templates/${id}`;
    const refused = await apiClient(t.app).get(url(hidden.id));
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('SNIPPET_NOT_FOUND');
    const served = await apiClient(t.app).get(url(open.id));
    expect(served.status).toBe(200);
    expect(served.body.data).toMatchObject({ id: open.id, template: 'for everyone', is_public: true });
    await admin.put(snippets(`/${open.id}`), { is_public: false });
    expect((await apiClient(t.app).get(url(open.id))).status).toBe(404);
  });
});

describe('{{snippet:ID}} in summaries', () => {
  it("shows the snippet's current content in task and step summaries and task webhook payloads; unknown references stay as written", async () => {
    const { id } = await newSnippet('Signature', 'Call 555-0100.');
    const written = `Before you start: {{snippet:${id}}} Then {{ snippet : 999999 }}.`;
    const launched = await launchTemplate(admin, org.orgId, {
      steps: [{ title: 'Prepare', summary: written }],
    });
    const taskId = launched.tasks.Prepare as string;
    const task = await admin.get(`${base()}/runs/${launched.runId}/tasks/${taskId}?with=step`);
    expect(task.status).toBe(200);
    expect(task.body.data.summary).toBe('Before you start: Call 555-0100. Then {{ snippet : 999999 }}.');
    expect(task.body.data.original_summary).toBe(written);
    expect(task.body.data.step.data.summary).toBe(
      'Before you start: Call 555-0100. Then {{ snippet : 999999 }}.',
    );

    await admin.put(snippets(`/${id}`), { template: 'Call 555-0199.' });
    const list = await admin.get(`${base()}/runs/${launched.runId}/tasks?with=summary`);
    expect(list.body.data.map((x: { summary: string }) => x.summary)).toEqual([
      'Before you start: Call 555-0199. Then {{ snippet : 999999 }}.',
    ]);

    const completed = await admin.post(`${base()}/runs/${launched.runId}/completed-tasks`, {
      task_id: taskId,
    });
    expect(completed.status, JSON.stringify(completed.body)).toBeLessThan(300);
    const event = await t.db.kysely
      .selectFrom('outbox_events')
      .select('payload')
      .where('organization_id', '=', org.orgId)
      .where('name', '=', 'task.completed')
      .where('task_id', '=', taskId)
      .executeTakeFirstOrThrow();
    const payload = typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload;
    expect(payload.this_task.summary).toBe('Before you start: Call 555-0199. Then {{ snippet : 999999 }}.');
    expect(payload.this_task.original_summary).toBe(written);

    await admin.delete(snippets(`/${id}`));
    const after = await admin.get(`${base()}/runs/${launched.runId}/tasks/${taskId}`);
    expect(after.body.data.summary).toBe(written);
  });

  it("expands a one-off task's summary, and never another organization's snippet", async () => {
    const mine = await newSnippet('Mine', 'our text');
    const theirs = await apiClient(t.app, other.admin.token).post(
      `/organizations/${other.orgId}/text-templates`,
      {
        title: 'Theirs',
        template: 'their secret',
      },
    );
    const summary = `{{snippet:${mine.id}}} / {{snippet:${theirs.body.data.id}}}`;
    const created = await admin.post(`${base()}/tasks`, {
      title: 'One-off',
      task_type: 'task',
      owners: { users: [org.admin.userId], guests: [], groups: [] },
      deadline: '2025-01-10 17:00:00',
      summary,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const read = await admin.get(`${base()}/tasks/${created.body.data.id}`);
    expect(read.body.data.summary).toBe(`our text / {{snippet:${theirs.body.data.id}}}`);
  });
});

describe('search on=snippet', () => {
  it('finds snippets by title and content words (prefixes), kept current as they change', async () => {
    const own = await createOrgWithAdmin(t.ctx, 'Search Co');
    const api = apiClient(t.app, own.admin.token);
    const url = `/organizations/${own.orgId}/text-templates`;
    const created = await api.post(url, { title: 'Warranty clause', template: 'Two years for parts' });
    const id = created.body.data.id as number;
    await api.post(url, { title: 'Unrelated', template: 'nothing here' });
    const search = (text: string) =>
      api.get(`/organizations/${own.orgId}/search?search=${encodeURIComponent(text)}&on=snippet`);

    const byTitle = await search('warr');
    expect(byTitle.status).toBe(200);
    expect(byTitle.body.snippet.data.map((s: { id: number }) => s.id)).toEqual([id]);
    expect(byTitle.body.snippet.data[0]).toMatchObject({
      title: 'Warranty clause',
      template: 'Two years for parts',
    });
    expect(byTitle.body.snippet.meta.pagination.total).toBe(1);
    expect((await search('years parts')).body.snippet.data.map((s: { id: number }) => s.id)).toEqual([id]);

    await api.put(`${url}/${id}`, { template: 'Three months' });
    expect((await search('years')).body.snippet.data).toEqual([]);
    expect((await search('months')).body.snippet.data.map((s: { id: number }) => s.id)).toEqual([id]);
    const lightMember = await addMember(t.ctx, own.orgId, 'light');
    const lightSearch = await apiClient(t.app, lightMember.token).get(
      `/organizations/${own.orgId}/search?search=months&on=snippet`,
    );
    expect(lightSearch.body.snippet.data.map((s: { id: number }) => s.id)).toEqual([id]);
    const outsider = await admin.get(`${base()}/search?search=months&on=snippet`);
    expect(outsider.body.snippet.data).toEqual([]);

    await api.delete(`${url}/${id}`);
    expect((await search('months')).body.snippet.data).toEqual([]);
  });
});

describe('GET /utils/countries', () => {
  it('lists every ISO 3166-1 country by name without a token, in the spec shape', async () => {
    const res = await apiClient(t.app).get('/utils/countries');
    expect(res.status).toBe(200);
    const data = res.body.data as Array<{ id: string; name: string; phone_code: string; iso2: string }>;
    expect(data).toHaveLength(249);
    expect(new Set(data.map((c) => c.iso2)).size).toBe(249);
    expect(data.find((c) => c.iso2 === 'bz')).toEqual({
      id: '084',
      name: 'Belize',
      phone_code: '+501',
      iso2: 'bz',
    });
    expect(data.find((c) => c.iso2 === 'us')).toEqual({
      id: '840',
      name: 'United States',
      phone_code: '+1',
      iso2: 'us',
    });
    const names = data.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    for (const c of data) expect(c.phone_code).toMatch(/^\+[1-9][0-9]{0,3}$/);
  });
});
