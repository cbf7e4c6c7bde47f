import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTemplateDefinition } from '../../src/db/repositories/template-versions-repository.js';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import {
  countTemplates,
  createStepViaApi,
  createTemplateViaApi,
  storedCounts,
  templatePaths,
} from '../helpers/template-api.js';

let t: TestContext;
let org: TestOrg;
let other: TestOrg;
let api: Api;
let paths: ReturnType<typeof templatePaths>;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Acme');
  other = await createOrgWithAdmin(t.ctx, 'Other');
  api = apiClient(t.app, org.admin.token);
  paths = templatePaths(org.orgId);
});
afterAll(() => t.close());

/** Every key of the spec's Checklist that the representation must carry. */
const CHECKLIST_KEYS = [
  'id',
  'title',
  'summary',
  'starred',
  'webhook',
  'explanation_video',
  'guidance',
  'icon',
  'alias',
  'prerun',
  'automated_actions',
  'created_by',
  'owner_id',
  'started_processes',
  'kickoff_title',
  'kickoff_description',
  'created_at',
  'last_updated',
  'archived_at',
  'is_public',
  'is_featured',
  'users',
  'groups',
  'public_cover',
  'industry_tags',
  'topic_tags',
  'type',
  'default_process_name_format',
  'is_public_kickoff',
  'dual_version_enabled',
  'is_published_state',
  'auto_naming',
  'last_updated_by',
  'folderize_process',
  'tag_process',
  'allow_launcher_change_name',
  'is_pinned',
  'ko_form_blueprint_id',
  'default_folder',
  'folder_changeable_by_launcher',
  'kickoff_sharing_user_id',
  'steps_count',
  'folder_id',
  'status',
  'can_add_oot',
];

describe('POST /organizations/:org/checklists', () => {
  it('creates a template with kick-off fields as version 1 and answers every Checklist key', async () => {
    const now = t.clock.now().toISOString();
    const res = await api.post(paths.base, {
      title: 'Client onboarding',
      type: 'procedure',
      summary: 'Bring a client on board',
      webhook: 'https://hooks.example.com/onboarding',
      kickoff_title: 'Tell us about the client',
      auto_naming: true,
      default_process_name_format: '{{template_title}} - {{date}}',
      starred: true,
      icon: 'rocket',
      users: [org.admin.userId],
      prerun: [
        { label: 'Client name', field_type: 'text', required: true },
        { name: 'Plan', field_type: 'dropdown', options: [{ text: 'Basic' }, { text: 'Pro' }] },
      ],
    });
    expect(res.status).toBe(201);
    const data = res.body.data;
    for (const key of CHECKLIST_KEYS) expect(data, key).toHaveProperty(key);
    expect(data).toMatchObject({
      title: 'Client onboarding',
      alias: 'client-onboarding',
      type: 'procedure',
      starred: true,
      icon: 'rocket',
      auto_naming: true,
      users: [org.admin.userId],
      owner_id: org.admin.userId,
      created_by: org.admin.userId,
      steps_count: 0,
      started_processes: 0,
      version: 1,
      automated_actions: [],
      archived_at: null,
      created_at: now,
    });
    expect(data.steps).toBeUndefined();
    expect(data.prerun).toHaveLength(2);
    expect(data.prerun[0]).toMatchObject({
      label: 'Client name',
      alias: 'client-name',
      required: true,
      position: 1,
    });
    expect(data.prerun[1]).toMatchObject({
      label: 'Plan',
      options: [
        { id: 1, text: 'Basic' },
        { id: 2, text: 'Pro' },
      ],
      position: 2,
    });
    expect(data.prerun[0].id).toMatch(/^[0-9a-f]{32}$/);

    const stored = await findTemplateDefinition(t.db.kysely, org.orgId, data.id);
    expect(stored?.version).toBe(1);
    expect(stored?.definition).toMatchObject({
      id: data.id,
      title: 'Client onboarding',
      autoNaming: true,
      kickoffFields: [{ id: data.prerun[0].id, label: 'Client name' }, { id: data.prerun[1].id }],
      steps: [],
      rules: [],
      settings: { starred: true, icon: 'rocket' },
    });
  });

  it('lets a standard member create templates', async () => {
    const standard = await addMember(t.ctx, org.orgId, 'standard');
    const res = await apiClient(t.app, standard.token).post(paths.base, { title: 'Mine' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ type: 'procedure', owner_id: standard.userId });
  });

  it('answers 403 ROLE_NOT_PERMITTED to a light member and stores nothing', async () => {
    const light = await addMember(t.ctx, org.orgId, 'light');
    const before = await countTemplates(t, org.orgId);
    const res = await apiClient(t.app, light.token).post(paths.base, { title: 'Not allowed' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_NOT_PERMITTED');
    expect(await countTemplates(t, org.orgId)).toBe(before);
  });

  it.each([
    ['a missing title', { type: 'procedure' }, 'title'],
    ['an over-long title', { title: 'x'.repeat(251) }, 'title'],
    ['an unknown type', { title: 'T', type: 'checklist' }, 'type'],
    [
      'an unknown kick-off field type',
      { title: 'T', prerun: [{ label: 'A', field_type: 'slider' }] },
      'prerun.0.field_type',
    ],
    [
      'a radio kick-off field with one option',
      { title: 'T', prerun: [{ label: 'A', field_type: 'radio', options: ['x'] }] },
      'prerun.0.options',
    ],
    [
      'duplicated options',
      { title: 'T', prerun: [{ label: 'A', field_type: 'dropdown', options: ['x', 'X'] }] },
      'prerun.0.options.1.text',
    ],
    ['a webhook that is not a URL', { title: 'T', webhook: 'not a url' }, 'webhook'],
    ['a launcher from another organization', { title: 'T', users: [999_999] }, 'users.0'],
  ])('answers 422 with the field path for %s, and stores nothing', async (_what, body, path) => {
    const before = await countTemplates(t, org.orgId);
    const res = await api.post(paths.base, body);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.errors)).toContain(path);
    expect(await countTemplates(t, org.orgId)).toBe(before);
  });

  it('refuses a member of another organization as launcher', async () => {
    const res = await api.post(paths.base, { title: 'T', users: [other.admin.userId] });
    expect(res.status).toBe(422);
    expect(res.body.errors['users.0']).toBeDefined();
  });
});

describe('GET /organizations/:org/checklists', () => {
  let listOrg: TestOrg;
  let listApi: Api;
  let listPaths: ReturnType<typeof templatePaths>;

  beforeAll(async () => {
    listOrg = await createOrgWithAdmin(t.ctx, 'Lists');
    listApi = apiClient(t.app, listOrg.admin.token);
    listPaths = templatePaths(listOrg.orgId);
    for (const [title, type] of [
      ['Alpha hiring', 'procedure'],
      ['Beta expenses', 'form'],
      ['Gamma contract', 'document'],
      ['Delta hiring', 'procedure'],
    ]) {
      t.clock.advance(1000);
      const tpl = await createTemplateViaApi(listApi, listOrg.orgId, {
        title,
        type,
        prerun: [{ label: 'Who', field_type: 'text' }],
      });
      await createStepViaApi(listApi, listOrg.orgId, tpl.id, { title: `${title} step 1` });
      await createStepViaApi(listApi, listOrg.orgId, tpl.id, { title: `${title} step 2` });
    }
  });

  it('lists the newest first with pagination, prerun and automated_actions inline', async () => {
    const res = await listApi.get(`${listPaths.base}?per_page=3`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((x: { title: string }) => x.title)).toEqual([
      'Delta hiring',
      'Gamma contract',
      'Beta expenses',
    ]);
    expect(res.body.meta.pagination).toMatchObject({
      total: 4,
      count: 3,
      per_page: 3,
      total_pages: 2,
      has_more_pages: true,
    });
    expect(res.body.data[0].prerun[0]).toMatchObject({ label: 'Who' });
    expect(res.body.data[0].automated_actions).toEqual([]);
    expect(res.body.data[0].steps_count).toBe(2);
    expect(res.body.data[0].steps).toBeUndefined();
  });

  it('filters by q, type and sorts by title', async () => {
    const byQ = await listApi.get(`${listPaths.base}?q=HIRING&sort=title`);
    expect(byQ.body.data.map((x: { title: string }) => x.title)).toEqual(['Alpha hiring', 'Delta hiring']);
    const byType = await listApi.get(`${listPaths.base}?type=form`);
    expect(byType.body.data.map((x: { title: string }) => x.title)).toEqual(['Beta expenses']);
    const desc = await listApi.get(`${listPaths.base}?sort_by=-title&per_page=1`);
    expect(desc.body.data[0].title).toBe('Gamma contract');
  });

  it('answers 422 for an unknown sort field', async () => {
    const res = await listApi.get(`${listPaths.base}?sort=nonsense`);
    expect(res.status).toBe(422);
    expect(res.body.errors.sort).toBeDefined();
  });

  it('wraps steps with their captures under with=steps, loading them in batch queries', async () => {
    const one = await listApi.get(`${listPaths.base}?with=steps,tags,folder&per_page=1`);
    const before = t.db.stats.queries;
    const res = await listApi.get(`${listPaths.base}?with=steps,tags,folder&per_page=4`);
    const manyQueries = t.db.stats.queries - before;
    const before1 = t.db.stats.queries;
    await listApi.get(`${listPaths.base}?with=steps,tags,folder&per_page=1`);
    const oneQueries = t.db.stats.queries - before1;
    expect(manyQueries).toBe(oneQueries);
    expect(one.body.data[0].steps.data).toHaveLength(2);
    const first = res.body.data[0];
    expect(first.steps.data.map((s: { position: number }) => s.position)).toEqual([1, 2]);
    expect(first.steps.data[0].captures).toEqual([]);
    expect(first.tags).toEqual({ data: [] });
    expect(first.folder).toEqual({ data: null });
  });

  it('hides archived templates unless archived=true or only', async () => {
    const victim = await createTemplateViaApi(listApi, listOrg.orgId, { title: 'Old process' });
    await listApi.delete(listPaths.template(victim.id));
    const plain = await listApi.get(`${listPaths.base}?per_page=100`);
    expect(plain.body.data.map((x: { id: string }) => x.id)).not.toContain(victim.id);
    const all = await listApi.get(`${listPaths.base}?archived=true&per_page=100`);
    expect(all.body.meta.pagination.total).toBe(5);
    const only = await listApi.get(`${listPaths.base}?archived=only`);
    expect(only.body.data.map((x: { id: string }) => x.id)).toEqual([victim.id]);
  });

  it('lists ids and names in checklists-list, archived ones left out', async () => {
    const res = await listApi.get(`/organizations/${listOrg.orgId}/checklists-list?q=hiring`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { id: expect.any(String), title: 'Alpha hiring', name: 'Alpha hiring' },
      { id: expect.any(String), title: 'Delta hiring', name: 'Delta hiring' },
    ]);
    const all = await listApi.get(`/organizations/${listOrg.orgId}/checklists-list`);
    expect(all.body.data.map((x: { title: string }) => x.title)).not.toContain('Old process');
  });

  it("never lists another organization's templates", async () => {
    // An organization of its own: other tests create templates in the shared ones.
    const stranger = await createOrgWithAdmin(t.ctx, 'Stranger');
    expect((await listApi.get(listPaths.base)).body.data.length).toBeGreaterThan(0);
    const res = await apiClient(t.app, stranger.admin.token).get(
      `/organizations/${stranger.orgId}/checklists`,
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });
});

describe('GET /organizations/:org/checklists/:id', () => {
  it('lets a light member read a template', async () => {
    const tpl = await createTemplateViaApi(api, org.orgId, { title: 'Readable' });
    const light = await addMember(t.ctx, org.orgId, 'light');
    const res = await apiClient(t.app, light.token).get(`/api${paths.template(tpl.id)}`);
    expect(res.status).toBe(200);
    expect(res.body.data.id).toBe(tpl.id);
  });

  it('answers 404 TEMPLATE_NOT_FOUND for an unknown id and for an id of another organization', async () => {
    const theirs = await createTemplateViaApi(apiClient(t.app, other.admin.token), other.orgId, {
      title: 'Theirs',
    });
    for (const id of ['0'.repeat(32), theirs.id]) {
      const res = await api.get(paths.template(id));
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('TEMPLATE_NOT_FOUND');
    }
    const put = await api.put(paths.template(theirs.id), { title: 'Hijack' });
    expect(put.status).toBe(404);
    const del = await api.delete(paths.template(theirs.id));
    expect(del.status).toBe(404);
    const steps = await api.get(paths.steps(theirs.id));
    expect(steps.status).toBe(404);
    const mine = await apiClient(t.app, other.admin.token).get(
      templatePaths(other.orgId).template(theirs.id),
    );
    expect(mine.body.data.title).toBe('Theirs');
  });

  it('answers 404 TEMPLATE_VERSION_NOT_FOUND for a version that does not exist', async () => {
    const tpl = await createTemplateViaApi(api, org.orgId, { title: 'Versioned' });
    const res = await api.get(`${paths.template(tpl.id)}?version=7`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('TEMPLATE_VERSION_NOT_FOUND');
  });
});

describe('PUT /organizations/:org/checklists/:id', () => {
  it('changes what is sent, keeps what is not, and adds a version each time', async () => {
    const tpl = await createTemplateViaApi(api, org.orgId, {
      title: 'Purchase',
      summary: 'Buy things',
      users: [org.admin.userId],
      prerun: [{ label: 'Amount', field_type: 'number' }],
    });
    t.clock.advance(60_000);
    const res = await api.put(paths.template(tpl.id), { title: 'Purchasing', guidance: 'Ask first' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      title: 'Purchasing',
      alias: 'purchase',
      summary: 'Buy things',
      guidance: 'Ask first',
      users: [org.admin.userId],
      version: 2,
      last_updated: t.clock.now().toISOString(),
    });
    expect(res.body.data.prerun).toHaveLength(1);
    expect((await storedCounts(t, tpl.id)).versions).toBe(2);

    const old = await api.get(`${paths.template(tpl.id)}?version=1`);
    expect(old.body.data).toMatchObject({ title: 'Purchase', guidance: null, version: 1 });
  });

  it('replaces users and groups when they are sent', async () => {
    const tpl = await createTemplateViaApi(api, org.orgId, { title: 'Access', users: [org.admin.userId] });
    const res = await api.put(paths.template(tpl.id), { title: 'Access', users: [] });
    expect(res.body.data.users).toEqual([]);
  });

  it('creates, updates and removes kick-off fields from the prerun array', async () => {
    const tpl = await createTemplateViaApi(api, org.orgId, {
      title: 'Kickoff',
      prerun: [
        { label: 'Keep me', field_type: 'text' },
        { label: 'Drop me', field_type: 'text' },
      ],
    });
    const [keep] = tpl.prerun;
    const res = await api.put(paths.template(tpl.id), {
      title: 'Kickoff',
      prerun: [
        { label: 'Brand new', field_type: 'date', required: true },
        { id: keep.id, label: 'Kept and renamed' },
      ],
    });
    expect(res.status).toBe(200);
    const prerun = res.body.data.prerun;
    expect(prerun.map((f: { label: string }) => f.label)).toEqual(['Brand new', 'Kept and renamed']);
    expect(prerun[1]).toMatchObject({ id: keep.id, alias: 'keep-me', field_type: 'text', position: 2 });
    expect(prerun[0]).toMatchObject({ alias: 'brand-new', field_type: 'date', required: true, position: 1 });
    expect(prerun[0].id).toMatch(/^[0-9a-f]{32}$/);
    expect((await storedCounts(t, tpl.id)).fields).toBe(2);
  });

  it('answers 422 when the title is missing and stores nothing', async () => {
    const tpl = await createTemplateViaApi(api, org.orgId, { title: 'Needs a title' });
    const res = await api.put(paths.template(tpl.id), { summary: 'no title' });
    expect(res.status).toBe(422);
    expect(res.body.errors.title).toBeDefined();
    expect((await storedCounts(t, tpl.id)).versions).toBe(1);
  });

  it('answers 422 for a bad kick-off field and keeps the old form', async () => {
    const tpl = await createTemplateViaApi(api, org.orgId, {
      title: 'Form',
      prerun: [{ label: 'A', field_type: 'text' }],
    });
    const res = await api.put(paths.template(tpl.id), {
      title: 'Form',
      prerun: [{ label: 'Table', field_type: 'table' }],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors['prerun.0.columns']).toBeDefined();
    const now = await api.get(paths.template(tpl.id));
    expect(now.body.data.prerun.map((f: { label: string }) => f.label)).toEqual(['A']);
  });

  it('answers 403 to a light member', async () => {
    const tpl = await createTemplateViaApi(api, org.orgId, { title: 'Locked' });
    const light = await addMember(t.ctx, org.orgId, 'light');
    const res = await apiClient(t.app, light.token).put(paths.template(tpl.id), { title: 'Mine now' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_NOT_PERMITTED');
  });
});

describe('activities and events', () => {
  it('records an activity and a template.<action> outbox event for each change, and none for a refusal', async () => {
    // The clock moves between changes so the events sort by time.
    const tpl = await createTemplateViaApi(api, org.orgId, { title: 'Audited' });
    t.clock.advance(1000);
    await api.put(paths.template(tpl.id), { title: 'Audited twice' });
    t.clock.advance(1000);
    await api.put(paths.template(tpl.id), { summary: 'no title' });
    t.clock.advance(1000);
    await api.delete(paths.template(tpl.id));
    const activities = await t.db.kysely
      .selectFrom('activities')
      .select(['action', 'actor_id'])
      .where('object_id', '=', tpl.id)
      .orderBy('id')
      .execute();
    expect(activities).toEqual([
      { action: 'created', actor_id: org.admin.userId },
      { action: 'updated', actor_id: org.admin.userId },
      { action: 'archived', actor_id: org.admin.userId },
    ]);
    const events = await t.db.kysely
      .selectFrom('outbox_events')
      .select(['name', 'payload'])
      .where('organization_id', '=', org.orgId)
      .where('name', 'like', 'template.%')
      .orderBy('created_at')
      .execute();
    const mine = events
      .map((e) => ({
        name: e.name,
        payload: typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload,
      }))
      .filter((e) => e.payload.template.id === tpl.id);
    expect(mine.map((e) => [e.name, e.payload.template.version])).toEqual([
      ['template.created', 1],
      ['template.updated', 2],
      ['template.archived', 2],
    ]);
  });
});

describe('archive, restore, permanent delete and publish', () => {
  it('archives with DELETE, then answers 404 unless archived=true, and restores', async () => {
    const tpl = await createTemplateViaApi(api, org.orgId, { title: 'Seasonal' });
    t.clock.advance(1000);
    const del = await api.delete(paths.template(tpl.id));
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ message: expect.any(String), deleted_references: {} });
    expect(del.body.data.archived_at).toBe(t.clock.now().toISOString());
    expect((await api.get(paths.template(tpl.id))).status).toBe(404);
    const seen = await api.get(`${paths.template(tpl.id)}?archived=true`);
    expect(seen.status).toBe(200);
    expect(seen.body.data.archived_at).not.toBeNull();
    expect((await api.put(paths.template(tpl.id), { title: 'x' })).status).toBe(404);

    const restored = await api.put(`${paths.template(tpl.id)}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.data.archived_at).toBeNull();
    expect((await api.get(paths.template(tpl.id))).status).toBe(200);
  });

  it('deletes an archived template permanently for an admin, keeping its versions', async () => {
    const tpl = await createTemplateViaApi(api, org.orgId, {
      title: 'Doomed',
      prerun: [{ label: 'K', field_type: 'text' }],
    });
    await createStepViaApi(api, org.orgId, tpl.id, {
      title: 'S1',
      captures: [{ label: 'F', field_type: 'text' }],
    });

    const early = await api.delete(`${paths.template(tpl.id)}/delete`);
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('TEMPLATE_NOT_ARCHIVED');

    await api.delete(paths.template(tpl.id));
    const standard = await addMember(t.ctx, org.orgId, 'standard');
    const refused = await apiClient(t.app, standard.token).delete(`${paths.template(tpl.id)}/delete`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('ADMIN_ONLY');

    const res = await api.delete(`${paths.template(tpl.id)}/delete`);
    expect(res.status).toBe(200);
    expect(res.body.deleted_references).toEqual({
      steps: 1,
      form_fields: 1,
      kickoff_fields: 1,
      automated_actions: 0,
    });
    expect(await storedCounts(t, tpl.id)).toMatchObject({ templates: 0, steps: 0, fields: 0, versions: 2 });
    expect((await api.get(`${paths.template(tpl.id)}?archived=true`)).status).toBe(404);
    expect((await findTemplateDefinition(t.db.kysely, org.orgId, tpl.id))?.definition.title).toBe('Doomed');
  });

  it('publishes the current version until the template changes again', async () => {
    const tpl = await createTemplateViaApi(api, org.orgId, { title: 'Policy' });
    const res = await api.put(`${paths.template(tpl.id)}/publish`);
    expect(res.status).toBe(200);
    expect(res.body.data.is_published_state).toBe(true);
    const edited = await api.put(paths.template(tpl.id), { title: 'Policy v2' });
    expect(edited.body.data.is_published_state).toBe(false);
    const v1 = await api.get(`${paths.template(tpl.id)}?version=1`);
    expect(v1.body.data.is_published_state).toBe(true);
  });
});
