/** Pinning templates, their readiness status, the existence check, and the id-and-name pickers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { createTemplate, launchTemplate, plainSteps } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let light: TestMember;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Housekeeping Co');
  api = apiClient(t.app, org.admin.token);
  light = await addMember(t.ctx, org.orgId, 'light', { firstName: 'Lena', lastName: 'Light' });
});
afterAll(() => t.close());

const base = () => `/organizations/${org.orgId}`;

describe('template housekeeping', () => {
  it('lists pinned templates first in the default order, and not when a sort is asked for', async () => {
    const a = await createTemplate(api, org.orgId, { title: 'Alpha pin', steps: plainSteps(1) });
    // B is the more recently changed (the default order's key; equal times fall back to ids).
    t.clock.advance(1_000);
    const b = await createTemplate(api, org.orgId, { title: 'Beta pin', steps: plainSteps(1) });
    const pinned = await api.put(`${base()}/checklists/${a.id}/pin`, { is_pinned: true });
    expect(pinned.status).toBe(200);
    expect(pinned.body.data.is_pinned).toBe(true);
    const list = await api.get(`${base()}/checklists?q=pin`);
    expect(list.body.data.map((x: any) => x.id)).toEqual([a.id, b.id]);
    const byTitle = await api.get(`${base()}/checklists?q=pin&sort=-title`);
    expect(byTitle.body.data.map((x: any) => x.id)).toEqual([b.id, a.id]);
    const unpinned = await api.put(`${base()}/checklists/${a.id}/pin`, { is_pinned: false });
    expect(unpinned.body.data.is_pinned).toBe(false);
    expect((await api.get(`${base()}/checklists?q=pin`)).body.data.map((x: any) => x.id)).toEqual([
      b.id,
      a.id,
    ]);
    const rows = await t.db.kysely
      .selectFrom('activities')
      .select('field')
      .where('object_id', '=', a.id)
      .where('field', '=', 'is_pinned')
      .execute();
    expect(rows).toHaveLength(2);
  });

  it('sets the status from the query, refuses an unknown one with 422, and light members with 403', async () => {
    const tpl = await createTemplate(api, org.orgId, { steps: plainSteps(1) });
    const ok = await api.put(`${base()}/checklists/${tpl.id}/status?status=almost_completed`);
    expect(ok.status).toBe(200);
    expect(ok.body.data.status).toBe('almost_completed');
    const bad = await api.put(`${base()}/checklists/${tpl.id}/status?status=done`);
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const refused = await apiClient(t.app, light.token).put(
      `${base()}/checklists/${tpl.id}/status?status=started`,
    );
    expect(refused.status).toBe(403);
    expect((await api.get(`${base()}/checklists/${tpl.id}`)).body.data.status).toBe('almost_completed');
  });

  it('says which template ids exist, archived ones and unknown ones not', async () => {
    const live = await createTemplate(api, org.orgId, { steps: plainSteps(1) });
    const archived = await createTemplate(api, org.orgId, { steps: plainSteps(1) });
    expect((await api.delete(`${base()}/checklists/${archived.id}`)).status).toBe(200);
    const unknown = 'e'.repeat(32);
    const res = await api.post(`${base()}/check-checklists-existence`, {
      ids: [live.id, archived.id, unknown],
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ [live.id]: true, [archived.id]: false, [unknown]: false });
  });
});

describe('pickers', () => {
  it('lists ids and names of members, groups and guests', async () => {
    await api.post(`${base()}/guests`, { email: 'picker-guest@example.com', first_name: 'Gus' });
    const group = await api.post(`${base()}/groups`, { name: 'Picker group', members: [light.userId] });
    expect(group.status).toBe(201);
    const users = await api.get(`${base()}/users-list`);
    expect(users.status).toBe(200);
    expect(users.body.data).toContainEqual(
      expect.objectContaining({ id: light.userId, full_name: 'Lena Light', first_name: 'Lena' }),
    );
    expect(Object.keys(users.body.data[0]).sort()).toEqual(
      ['email', 'first_name', 'full_name', 'id', 'last_name', 'status'].sort(),
    );
    const groups = await api.get(`${base()}/groups-list`);
    expect(groups.body.data).toContainEqual({ id: group.body.data.id, name: 'Picker group' });
    const guests = await api.get(`${base()}/guests-list`);
    expect(guests.body.data).toContainEqual(
      expect.objectContaining({ email: 'picker-guest@example.com', first_name: 'Gus', full_name: 'Gus' }),
    );
  });

  it("lists a light member's runs-list with only the processes they have a task in", async () => {
    const mine = await launchTemplate(
      api,
      org.orgId,
      { steps: [{ title: 'Theirs', assignees: [light.userId] }] },
      { name: 'Picker run with Lena' },
    );
    const other = await launchTemplate(
      api,
      org.orgId,
      { steps: plainSteps(1) },
      { name: 'Picker run without' },
    );
    const all = await api.get(`${base()}/runs-list?q=Picker run`);
    expect(all.status).toBe(200);
    expect(all.body.data.map((r: any) => r.id).sort()).toEqual([mine.runId, other.runId].sort());
    expect(all.body.data[0]).toEqual({ id: expect.any(String), name: expect.any(String) });
    const theirs = await apiClient(t.app, light.token).get(`${base()}/runs-list?q=Picker run`);
    expect(theirs.status).toBe(200);
    expect(theirs.body.data).toEqual([{ id: mine.runId, name: 'Picker run with Lena' }]);
  });
});
