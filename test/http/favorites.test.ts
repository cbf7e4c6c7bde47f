/** Favorites: each member stars templates and processes; the starred filters list them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { type LaunchedProcess, launchTemplate, plainSteps } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let bob: TestMember;
let light: TestMember;
let starredRun: LaunchedProcess;
let otherRun: LaunchedProcess;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Favorites Co');
  api = apiClient(t.app, org.admin.token);
  bob = await addMember(t.ctx, org.orgId, 'standard');
  light = await addMember(t.ctx, org.orgId, 'light');
  starredRun = await launchTemplate(
    api,
    org.orgId,
    { title: 'Starred tpl', steps: plainSteps(1) },
    { name: 'Run A' },
  );
  otherRun = await launchTemplate(
    api,
    org.orgId,
    { title: 'Other tpl', steps: plainSteps(1) },
    { name: 'Run B' },
  );
});
afterAll(() => t.close());

const base = () => `/organizations/${org.orgId}`;
const titles = async (client: Api, q: string) =>
  (await client.get(`${base()}/checklists?${q}`)).body.data.map((x: { title: string }) => x.title).sort();
const names = async (client: Api, q: string) =>
  (await client.get(`${base()}/runs?${q}`)).body.data.map((x: { name: string }) => x.name).sort();

describe('favorites', () => {
  it('stars a template and a process for the caller only; starred filters answer them', async () => {
    const star = await api.post(`${base()}/favorite`, {
      subject_id: starredRun.template.id,
      subject_type: 'Checklist',
    });
    expect(star.status).toBe(200);
    expect(star.body.data).toMatchObject({
      subject_id: starredRun.template.id,
      subject_type: 'Checklist',
      user_id: org.admin.userId,
    });
    const again = await api.post(`${base()}/favorite`, {
      subject_id: starredRun.template.id,
      subject_type: 'checklist',
    });
    expect(again.body.data.id).toBe(star.body.data.id);
    expect(
      (await api.post(`${base()}/favorite`, { subject_id: starredRun.runId, subject_type: 'Run' })).status,
    ).toBe(200);
    expect(await titles(api, 'starred=true')).toEqual(['Starred tpl']);
    expect(await titles(api, 'starred=false')).toEqual(['Other tpl']);
    expect(await names(api, 'starred=true')).toEqual(['Run A']);
    expect(await names(api, 'status=starred')).toEqual(['Run A']);
    const bobApi = apiClient(t.app, bob.token);
    expect(await titles(bobApi, 'starred=true')).toEqual([]);
    expect(await names(bobApi, 'starred=true')).toEqual([]);
  });

  it('unstars with DELETE (204), then 404 FAVORITE_NOT_FOUND', async () => {
    const body = { subject_id: starredRun.runId, subject_type: 'Run' };
    const del = await api.delete(`${base()}/favorite`, body);
    expect(del.status).toBe(204);
    expect(await names(api, 'starred=true')).toEqual([]);
    const again = await api.delete(`${base()}/favorite`, body);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('FAVORITE_NOT_FOUND');
  });

  it('stars for several members at once (administrators only)', async () => {
    const bulk = await api.post(`${base()}/favorite/bulk`, {
      subject_id: otherRun.template.id,
      subject_type: 'Checklist',
      users: [bob.userId, light.userId],
    });
    expect(bulk.status).toBe(200);
    expect(
      bulk.body.data.map((f: { user_id: number }) => f.user_id).sort((a: number, b: number) => a - b),
    ).toEqual([bob.userId, light.userId].sort((a, b) => a - b));
    expect(await titles(apiClient(t.app, bob.token), 'starred=true')).toEqual(['Other tpl']);
    const byStandard = await apiClient(t.app, bob.token).post(`${base()}/favorite/bulk`, {
      subject_id: otherRun.template.id,
      subject_type: 'Checklist',
      users: [bob.userId],
    });
    expect(byStandard.status).toBe(403);
    expect(byStandard.body.code).toBe('ADMIN_ONLY');
    const stranger = await api.post(`${base()}/favorite/bulk`, {
      subject_id: otherRun.template.id,
      subject_type: 'Checklist',
      users: [999999],
    });
    expect(stranger.status).toBe(422);
    expect(stranger.body.code).toBe('UNKNOWN_MEMBERS');
  });

  it.each([
    [{ subject_type: 'Task', subject_id: 'a'.repeat(32) }, 422, 'VALIDATION_FAILED'],
    [{ subject_type: 'Run', subject_id: 'a'.repeat(32) }, 404, 'FAVORITE_SUBJECT_NOT_FOUND'],
    [{ subject_type: 'Checklist', subject_id: 'a'.repeat(32) }, 404, 'FAVORITE_SUBJECT_NOT_FOUND'],
  ])('answers %j with %i %s', async (body, status, code) => {
    const res = await api.post(`${base()}/favorite`, body);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
  });

  it('does not let a light member star a process they cannot see', async () => {
    const res = await apiClient(t.app, light.token).post(`${base()}/favorite`, {
      subject_id: otherRun.runId,
      subject_type: 'Run',
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('FAVORITE_SUBJECT_NOT_FOUND');
  });
});
