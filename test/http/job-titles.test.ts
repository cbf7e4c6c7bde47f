/** Job titles (organization roles): CRUD, members holding them, and permission lists naming them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { createTemplate, plainSteps } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let admin: Api;
let ann: TestMember;
let bob: TestMember;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Job Titles Co');
  admin = apiClient(t.app, org.admin.token);
  ann = await addMember(t.ctx, org.orgId, 'standard');
  bob = await addMember(t.ctx, org.orgId, 'standard');
});
afterAll(() => t.close());

const base = () => `/organizations/${org.orgId}`;
const roles = (suffix = '') => `${base()}/organization-roles${suffix}`;

async function newJobTitle(title: string): Promise<string> {
  const res = await admin.post(roles(), { title });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id;
}

describe('job titles', () => {
  it('creates, renames, lists and deletes a job title, with activity rows and events', async () => {
    const id = await newJobTitle('  Accountant ');
    const renamed = await admin.put(roles(`/${id}`), { title: 'Senior accountant' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data).toMatchObject({ id, title: 'Senior accountant', deleted_at: null });
    const list = await apiClient(t.app, ann.token).get(roles());
    expect(list.status).toBe(200);
    expect(list.body.data.map((r: { title: string }) => r.title)).toContain('Senior accountant');
    const removed = await admin.delete(roles(`/${id}`));
    expect(removed.status).toBe(204);
    expect((await admin.get(roles())).body.data.map((r: { id: string }) => r.id)).not.toContain(id);
    const events = await t.db.kysely
      .selectFrom('outbox_events')
      .select('name')
      .where('organization_id', '=', org.orgId)
      .where('name', 'like', 'organization_role.%')
      .execute();
    expect(events.map((e) => e.name).sort()).toEqual([
      'organization_role.created',
      'organization_role.deleted',
      'organization_role.updated',
    ]);
    const activity = await t.db.kysely
      .selectFrom('activities')
      .select('action')
      .where('object_id', '=', id)
      .execute();
    expect(activity.map((a) => a.action).sort()).toEqual(['created', 'deleted', 'updated']);
  });

  it('answers 422 JOB_TITLE_TAKEN for a title already used in any case', async () => {
    await newJobTitle('Auditor');
    const res = await admin.post(roles(), { title: 'AUDITOR' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('JOB_TITLE_TAKEN');
  });

  it('answers 422 VALIDATION_FAILED for an empty title', async () => {
    const res = await admin.post(roles(), { title: '   ' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('answers 403 ADMIN_ONLY when a standard member creates one', async () => {
    const res = await apiClient(t.app, ann.token).post(roles(), { title: 'Boss' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ADMIN_ONLY');
  });

  it('answers 404 JOB_TITLE_NOT_FOUND for an unknown job title', async () => {
    const res = await admin.put(roles('/0123456789abcdef0123456789abcdef'), { title: 'X' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('JOB_TITLE_NOT_FOUND');
  });
});

describe('members holding job titles', () => {
  it('gives a member a job title once, lists them as holder, and takes it off by role object id', async () => {
    const id = await newJobTitle('Reviewer');
    const body = { org_role_id: id, subject_type: 'User', subject_id: String(ann.userId) };
    const first = await admin.post(roles('/add-object'), body);
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({
      org_role_id: id,
      subject_type: 'User',
      subject_id: String(ann.userId),
    });
    const again = await admin.post(roles('/add-object'), body);
    expect(again.body.data.id).toBe(first.body.data.id);
    const list = await admin.get(roles('?with=assignees'));
    expect(list.body.data.find((r: { id: string }) => r.id === id).assignees).toEqual([ann.userId]);
    const removed = await admin.delete(`${base()}/roles-object/${first.body.data.id}`);
    expect(removed.status).toBe(204);
    const after = await admin.get(roles('?with=assignees'));
    expect(after.body.data.find((r: { id: string }) => r.id === id).assignees).toEqual([]);
  });

  it('sets exactly the job titles of each member in bulk', async () => {
    const a = await newJobTitle('Bulk A');
    const b = await newJobTitle('Bulk B');
    await admin.post(roles('/add-object'), { org_role_id: a, subject_type: 'User', subject_id: bob.userId });
    const res = await admin.post(roles('/add-object/bulk'), {
      roles: [{ org_role_id: [b], subject_type: 'User', subject_id: bob.userId }],
    });
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: { org_role_id: string }) => r.org_role_id)).toEqual([b]);
    const list = (await admin.get(roles('?with=assignees'))).body.data;
    expect(list.find((r: { id: string }) => r.id === a).assignees).toEqual([]);
    expect(list.find((r: { id: string }) => r.id === b).assignees).toEqual([bob.userId]);
  });

  it('answers 422 VALIDATION_FAILED for a subject type other than User and 404 for a non-member', async () => {
    const id = await newJobTitle('Typed');
    const step = await admin.post(roles('/add-object'), {
      org_role_id: id,
      subject_type: 'Step',
      subject_id: '1',
    });
    expect(step.status).toBe(422);
    const other = await createOrgWithAdmin(t.ctx);
    const outsider = await admin.post(roles('/add-object'), {
      org_role_id: id,
      subject_type: 'User',
      subject_id: other.admin.userId,
    });
    expect(outsider.status).toBe(404);
    expect(outsider.body.code).toBe('MEMBER_NOT_FOUND');
  });

  it("admits a job title's holders through a template read list naming it", async () => {
    const id = await newJobTitle('Secret keepers');
    await admin.post(roles('/add-object'), { org_role_id: id, subject_type: 'User', subject_id: ann.userId });
    const tpl = await createTemplate(admin, org.orgId, { steps: plainSteps(1) });
    const put = await admin.put(`${base()}/checklists/${tpl.id}/permissions`, { checklist_read_role: [id] });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.data.checklist_read_role).toEqual([id]);
    const seen = async (m: TestMember) =>
      (await apiClient(t.app, m.token).get(`${base()}/checklists?per_page=100`)).body.data.map(
        (x: { id: string }) => x.id,
      );
    expect(await seen(ann)).toContain(tpl.id);
    expect(await seen(bob)).not.toContain(tpl.id);
    expect((await apiClient(t.app, ann.token).get(`${base()}/checklists/${tpl.id}`)).status).toBe(200);
    expect((await apiClient(t.app, bob.token).get(`${base()}/checklists/${tpl.id}`)).status).toBe(404);
  });
});
