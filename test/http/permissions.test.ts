/** Template and process permissions: stored lists, and their enforcement in lists, gets, writes and launches. */
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
let light: TestMember;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Permissions Co');
  admin = apiClient(t.app, org.admin.token);
  ann = await addMember(t.ctx, org.orgId, 'standard');
  bob = await addMember(t.ctx, org.orgId, 'standard');
  light = await addMember(t.ctx, org.orgId, 'light');
});
afterAll(() => t.close());

const base = () => `/organizations/${org.orgId}`;
const as = (m: TestMember) => apiClient(t.app, m.token);
const listIds = async (api: Api, path: string) => {
  const res = await api.get(`${base()}${path}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.data as Array<{ id: string }>).map((x) => x.id);
};

async function restrictedTemplate(lists: Record<string, unknown>) {
  const tpl = await createTemplate(admin, org.orgId, {
    title: `Secret ${Math.random()}`,
    steps: plainSteps(1),
  });
  const res = await admin.put(`${base()}/checklists/${tpl.id}/permissions`, lists);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return tpl;
}

describe('template permission lists', () => {
  it('answers empty lists for a template nobody restricted', async () => {
    const tpl = await createTemplate(admin, org.orgId, { steps: plainSteps(1) });
    const res = await admin.get(`${base()}/checklists/${tpl.id}/permissions`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ checklist_id: tpl.id, checklist_read: [], process_launch: [] });
  });

  it('stores the lists sent, keeps those left out, and records activity and an event', async () => {
    const tpl = await restrictedTemplate({ checklist_read: [ann.userId], process_launch: [ann.userId] });
    const res = await admin.put(`${base()}/checklists/${tpl.id}/permissions`, {
      checklist_edit: [bob.userId],
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      checklist_read: [ann.userId],
      process_launch: [ann.userId],
      checklist_edit: [bob.userId],
    });
    const activity = await t.db.kysely
      .selectFrom('activities')
      .select('action')
      .where('object_id', '=', tpl.id)
      .where('action', '=', 'permissions_updated')
      .execute();
    expect(activity).toHaveLength(2);
    const events = await t.db.kysely
      .selectFrom('outbox_events')
      .select('name')
      .where('organization_id', '=', org.orgId)
      .where('name', '=', 'template.permissions_updated')
      .execute();
    expect(events.length).toBeGreaterThanOrEqual(2);
  });

  it('answers 422 VALIDATION_FAILED for a member of another organization and stores nothing', async () => {
    const other = await createOrgWithAdmin(t.ctx);
    const tpl = await createTemplate(admin, org.orgId, { steps: plainSteps(1) });
    const res = await admin.put(`${base()}/checklists/${tpl.id}/permissions`, {
      checklist_read: [other.admin.userId],
      checklist_read_group: ['0123456789abcdef0123456789abcdef'],
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.errors).sort()).toEqual(['checklist_read', 'checklist_read_group']);
    const rows = await t.db.kysely
      .selectFrom('template_permissions')
      .select('subject_id')
      .where('template_id', '=', tpl.id)
      .execute();
    expect(rows).toEqual([]);
  });

  it('answers 403 ADMIN_ONLY when a standard member changes the lists', async () => {
    const tpl = await createTemplate(admin, org.orgId, { steps: plainSteps(1) });
    const res = await as(ann).put(`${base()}/checklists/${tpl.id}/permissions`, {
      checklist_read: [ann.userId],
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ADMIN_ONLY');
  });

  it('answers the lists of several templates, leaving out those the caller may not edit', async () => {
    const open = await createTemplate(admin, org.orgId, { steps: plainSteps(1) });
    const locked = await restrictedTemplate({ checklist_edit: [bob.userId] });
    const res = await as(ann).post(`${base()}/checklists/permissions`, { ids: [open.id, locked.id] });
    expect(res.status).toBe(200);
    expect(res.body.data.map((d: { checklist_id: string }) => d.checklist_id)).toEqual([open.id]);
    const all = await admin.post(`${base()}/checklists/permissions`, { ids: [open.id, locked.id] });
    expect(all.body.data.map((d: { checklist_id: string }) => d.checklist_id)).toEqual([open.id, locked.id]);
  });
});

describe('template permissions are enforced', () => {
  it('hides a template from members its read list does not admit: list, titles, get, steps, launch', async () => {
    const tpl = await restrictedTemplate({ checklist_read: [ann.userId] });
    expect(await listIds(as(ann), '/checklists?per_page=100')).toContain(tpl.id);
    expect(await listIds(admin, '/checklists?per_page=100')).toContain(tpl.id);
    expect(await listIds(as(bob), '/checklists?per_page=100')).not.toContain(tpl.id);
    expect(await listIds(as(light), '/checklists?per_page=100')).not.toContain(tpl.id);
    expect(await listIds(as(bob), '/checklists-list')).not.toContain(tpl.id);
    const get = await as(bob).get(`${base()}/checklists/${tpl.id}`);
    expect(get.status).toBe(404);
    expect(get.body.code).toBe('TEMPLATE_NOT_FOUND');
    expect((await as(bob).get(`${base()}/checklists/${tpl.id}/steps`)).status).toBe(404);
    const launch = await as(bob).post(`${base()}/runs`, { checklist_id: tpl.id });
    expect(launch.status).toBe(404);
    expect((await as(ann).get(`${base()}/checklists/${tpl.id}`)).status).toBe(200);
  });

  it('counts the hidden templates out of the list total', async () => {
    const before = await as(bob).get(`${base()}/checklists?per_page=1`);
    await restrictedTemplate({ checklist_read: [ann.userId] });
    const after = await as(bob).get(`${base()}/checklists?per_page=1`);
    expect(after.body.meta.pagination.total).toBe(before.body.meta.pagination.total);
  });

  it('admits the members of a group on the read list', async () => {
    const group = await admin.post(`${base()}/groups`, {
      name: `Readers ${Math.random()}`,
      members: [bob.userId],
    });
    expect(group.status).toBe(201);
    const tpl = await restrictedTemplate({ checklist_read_group: [group.body.data.id] });
    expect(await listIds(as(bob), '/checklists?per_page=100')).toContain(tpl.id);
    expect(await listIds(as(ann), '/checklists?per_page=100')).not.toContain(tpl.id);
  });

  it('answers 403 TEMPLATE_PERMISSION_DENIED when a reader not on the edit list edits', async () => {
    const tpl = await restrictedTemplate({ checklist_edit: [ann.userId] });
    const res = await as(bob).put(`${base()}/checklists/${tpl.id}`, { title: 'Taken over' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('TEMPLATE_PERMISSION_DENIED');
    const ok = await as(ann).put(`${base()}/checklists/${tpl.id}`, { title: 'Edited by Ann' });
    expect(ok.status).toBe(200);
    const archived = await as(bob).delete(`${base()}/checklists/${tpl.id}`);
    expect(archived.status).toBe(403);
  });

  it('answers 403 TEMPLATE_PERMISSION_DENIED when a member not on the launch list launches', async () => {
    const tpl = await restrictedTemplate({ process_launch: [ann.userId] });
    const res = await as(bob).post(`${base()}/runs`, { checklist_id: tpl.id });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('TEMPLATE_PERMISSION_DENIED');
    const ok = await as(ann).post(`${base()}/runs`, { checklist_id: tpl.id });
    expect(ok.status).toBe(201);
  });
});

describe('the duplicate list is enforced', () => {
  const templateCount = async () => {
    const rows = await t.db.kysely
      .selectFrom('templates')
      .select('id')
      .where('organization_id', '=', org.orgId)
      .execute();
    return rows.length;
  };

  it('answers 403 TEMPLATE_PERMISSION_DENIED and copies nothing when a member not on the duplicate list clones', async () => {
    const tpl = await restrictedTemplate({ checklist_duplicate: [ann.userId] });
    const before = await templateCount();
    const res = await as(bob).post(`${base()}/checklists/${tpl.id}/clone`, { title: 'My copy' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('TEMPLATE_PERMISSION_DENIED');
    expect(await templateCount()).toBe(before);
    const ok = await as(ann).post(`${base()}/checklists/${tpl.id}/clone`, { title: 'Ann copy' });
    expect(ok.status).toBe(201);
    expect(await templateCount()).toBe(before + 1);
  });

  it('lets a member of a group on the duplicate list clone', async () => {
    const group = await admin.post(`${base()}/groups`, {
      name: `Copiers ${Math.random()}`,
      members: [bob.userId],
    });
    expect(group.status).toBe(201);
    const tpl = await restrictedTemplate({ checklist_duplicate_group: [group.body.data.id] });
    expect((await as(bob).post(`${base()}/checklists/${tpl.id}/clone`, {})).status).toBe(201);
    const refused = await as(ann).post(`${base()}/checklists/${tpl.id}/clone`, {});
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('TEMPLATE_PERMISSION_DENIED');
  });

  it('answers 404 TEMPLATE_NOT_FOUND when a member its read list leaves out clones it', async () => {
    const tpl = await restrictedTemplate({ checklist_read: [ann.userId], checklist_duplicate: [bob.userId] });
    const res = await as(bob).post(`${base()}/checklists/${tpl.id}/clone`, {});
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('TEMPLATE_NOT_FOUND');
  });
});

describe('process permissions', () => {
  async function launchedByAdmin() {
    const tpl = await createTemplate(admin, org.orgId, { steps: plainSteps(1) });
    const res = await admin.post(`${base()}/runs`, { checklist_id: tpl.id });
    expect(res.status).toBe(201);
    return { templateId: tpl.id, runId: res.body.data.id as string };
  }

  it('stores a process read list and hides the process from members it does not admit', async () => {
    const { runId } = await launchedByAdmin();
    const put = await admin.put(`${base()}/runs/${runId}/permissions`, { process_read: [ann.userId] });
    expect(put.status).toBe(200);
    expect(put.body.data).toEqual({
      run_id: runId,
      process_read: [ann.userId],
      process_read_group: [],
      process_read_role: [],
    });
    expect((await admin.get(`${base()}/runs/${runId}/permissions`)).body.data.process_read).toEqual([
      ann.userId,
    ]);
    expect(await listIds(as(ann), '/runs?per_page=100')).toContain(runId);
    expect(await listIds(as(bob), '/runs?per_page=100')).not.toContain(runId);
    expect((await as(bob).get(`${base()}/runs/${runId}`)).status).toBe(404);
    expect((await as(ann).get(`${base()}/runs/${runId}`)).status).toBe(200);
  });

  it("applies the template's process_read list to processes without their own", async () => {
    const { templateId, runId } = await launchedByAdmin();
    await admin.put(`${base()}/checklists/${templateId}/permissions`, { process_read: [bob.userId] });
    expect(await listIds(as(bob), '/runs?per_page=100')).toContain(runId);
    expect(await listIds(as(ann), '/runs?per_page=100')).not.toContain(runId);
    expect((await as(ann).get(`${base()}/runs/${runId}`)).status).toBe(404);
  });

  it('lets a member read a process they launched whatever its list says', async () => {
    const tpl = await createTemplate(admin, org.orgId, { steps: plainSteps(1) });
    const run = await as(ann).post(`${base()}/runs`, { checklist_id: tpl.id });
    expect(run.status).toBe(201);
    await admin.put(`${base()}/runs/${run.body.data.id}/permissions`, { process_read: [bob.userId] });
    expect((await as(ann).get(`${base()}/runs/${run.body.data.id}`)).status).toBe(200);
  });

  it('answers 403 ADMIN_ONLY when a standard member changes a process list', async () => {
    const { runId } = await launchedByAdmin();
    const res = await as(ann).put(`${base()}/runs/${runId}/permissions`, { process_read: [ann.userId] });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ADMIN_ONLY');
  });
});
