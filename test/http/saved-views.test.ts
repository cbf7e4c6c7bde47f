/**
 * Saved views of the process and template lists (`/me/process-views`, `/me/checklist-views`):
 * kept per member, criteria checked against the list's own filters, names bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';

let t: TestContext;
let org: TestOrg;
let other: TestOrg;
let api: Api;
let bob: TestMember;
let light: TestMember;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Views Co');
  other = await createOrgWithAdmin(t.ctx, 'Other Co');
  api = apiClient(t.app, org.admin.token);
  bob = await addMember(t.ctx, org.orgId, 'standard');
  light = await addMember(t.ctx, org.orgId, 'light');
});
afterAll(() => t.close());

const processViews = (o = org.orgId) => `/organizations/${o}/me/process-views`;
const templateViews = (o = org.orgId) => `/organizations/${o}/me/checklist-views`;

describe('process views', () => {
  it('saves a view of process-list filters and answers it with 201 and an integer id', async () => {
    const res = await api.post(processViews(), {
      name: 'My active runs',
      filter_type: 'all',
      is_active: 1,
      criteria: [
        { field: 'status', value: 'active', label: 'Active' },
        { field: 'owners', value: [org.admin.userId] },
        { field: 'untagged', value: 'true' },
      ],
    });
    expect(res.status).toBe(201);
    expect(Number.isInteger(res.body.data.id)).toBe(true);
    expect(res.body.data).toMatchObject({
      name: 'My active runs',
      filter_type: 'all',
      is_active: 1,
      is_org_level: false,
      criteria: [
        { field: 'status', value: 'active', label: 'Active' },
        { field: 'owners', value: [org.admin.userId] },
        { field: 'untagged', value: 'true' },
      ],
    });
    const list = await api.get(processViews());
    expect(list.status).toBe(200);
    expect(list.body.data.map((v: { id: number }) => v.id)).toEqual([res.body.data.id]);
    expect(list.body.meta.pagination).toMatchObject({ total: 1, count: 1, current_page: 1 });
  });

  it('keeps views per member: another member lists none and cannot change or delete mine (404 VIEW_NOT_FOUND)', async () => {
    const mine = await api.post(processViews(), { name: 'Private view', criteria: [] });
    const bobApi = apiClient(t.app, bob.token);
    const bobs = await bobApi.get(processViews());
    expect(bobs.status).toBe(200);
    expect(bobs.body.data).toEqual([]);
    const put = await bobApi.put(`${processViews()}/${mine.body.data.id}`, { name: 'Taken' });
    expect(put.status).toBe(404);
    expect(put.body.code).toBe('VIEW_NOT_FOUND');
    const del = await bobApi.delete(`${processViews()}/${mine.body.data.id}`);
    expect(del.status).toBe(404);
    expect(del.body.code).toBe('VIEW_NOT_FOUND');
    const still = await api.get(processViews());
    expect(still.body.data.map((v: { name: string }) => v.name)).toContain('Private view');
  });

  it('changes only what the body names, answering 201 as the spec does', async () => {
    const made = await api.post(processViews(), {
      name: 'Before',
      filter_type: 'any',
      criteria: [{ field: 'tag', value: 'x' }],
    });
    const put = await api.put(`${processViews()}/${made.body.data.id}`, { name: 'After' });
    expect(put.status).toBe(201);
    expect(put.body.data).toMatchObject({
      name: 'After',
      filter_type: 'any',
      criteria: [{ field: 'tag', value: 'x' }],
    });
    const cleared = await api.put(`${processViews()}/${made.body.data.id}`, { criteria: [], is_active: 0 });
    expect(cleared.body.data).toMatchObject({ name: 'After', criteria: [], is_active: 0 });
  });

  it('deletes a view, answering it as it was; a second delete is 404 VIEW_NOT_FOUND', async () => {
    const made = await api.post(processViews(), { name: 'Short-lived' });
    const del = await api.delete(`${processViews()}/${made.body.data.id}`);
    expect(del.status).toBe(201);
    expect(del.body.data.name).toBe('Short-lived');
    const again = await api.delete(`${processViews()}/${made.body.data.id}`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('VIEW_NOT_FOUND');
  });

  it('answers 422 UNKNOWN_VIEW_FILTER for a criterion the process list does not accept', async () => {
    const res = await api.post(processViews(), {
      name: 'Bad',
      criteria: [
        { field: 'status', value: 'active' },
        { field: 'colour', value: 'red' },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('UNKNOWN_VIEW_FILTER');
    expect(Object.keys(res.body.errors)).toEqual(['criteria.1.field']);
  });

  it('answers 422 UNKNOWN_VIEW_FILTER for paging parameters, which are not filters', async () => {
    const res = await api.post(processViews(), {
      name: 'Paging',
      criteria: [{ field: 'per_page', value: 5 }],
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('UNKNOWN_VIEW_FILTER');
  });

  it('answers 422 INVALID_VIEW_FILTER for a value that does not fit its filter', async () => {
    const bool = await api.post(processViews(), {
      name: 'B',
      criteria: [{ field: 'starred', value: 'maybe' }],
    });
    expect(bool.status).toBe(422);
    expect(bool.body.code).toBe('INVALID_VIEW_FILTER');
    expect(Object.keys(bool.body.errors)).toEqual(['criteria.0.value']);
    const nested = await api.post(processViews(), {
      name: 'N',
      criteria: [{ field: 'tag', value: { a: 1 } }],
    });
    expect(nested.status).toBe(422);
    expect(nested.body.code).toBe('INVALID_VIEW_FILTER');
    const listOfIds = await api.post(processViews(), {
      name: 'L',
      criteria: [{ field: 'owners', value: Array.from({ length: 101 }, (_, i) => i + 1) }],
    });
    expect(listOfIds.status).toBe(422);
    expect(listOfIds.body.code).toBe('INVALID_VIEW_FILTER');
  });

  it('answers 422 VALIDATION_FAILED for a missing, blank or overlong name, a NUL and a bad filter_type', async () => {
    for (const body of [
      { criteria: [] },
      { name: '   ' },
      { name: 'x'.repeat(201) },
      { name: 'a\u0000b' },
      { name: 'ok', filter_type: 'some' },
    ]) {
      const res = await api.post(processViews(), body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.code, JSON.stringify(body)).toBe('VALIDATION_FAILED');
    }
  });

  it('answers 422 VALIDATION_FAILED for an id beyond the column and 404 for an unknown one', async () => {
    const big = await api.put(`${processViews()}/99999999999999999999`, { name: 'x' });
    expect(big.status).toBe(422);
    expect(big.body.code).toBe('VALIDATION_FAILED');
    const unknown = await api.delete(`${processViews()}/2147483647`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('VIEW_NOT_FOUND');
  });

  it('lets light members keep views of their own', async () => {
    const res = await apiClient(t.app, light.token).post(processViews(), { name: 'Light view' });
    expect(res.status).toBe(201);
  });

  it("answers 404 for another organization's views path", async () => {
    const res = await api.get(processViews(other.orgId));
    expect(res.status).toBe(404);
  });
});

describe('checklist (template) views', () => {
  it('saves, reads, changes and deletes a view of template-list filters (201, 200, 200, 204)', async () => {
    const made = await api.post(templateViews(), {
      name: 'Forms in a folder',
      is_org_level: false,
      filter_type: 'any',
      criteria: [
        { field: 'type', value: 'form' },
        { field: 'status', value: 'started' },
        { field: 'tag_ids', value: ['a', 'b'] },
        { field: 'manual', value: 'invoice' },
      ],
    });
    expect(made.status).toBe(201);
    const id = made.body.data.id;
    const one = await api.get(`${templateViews()}/${id}`);
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({ id, name: 'Forms in a folder', filter_type: 'any' });
    expect(one.body.data.criteria).toHaveLength(4);
    const put = await api.put(`${templateViews()}/${id}`, { name: 'Renamed' });
    expect(put.status).toBe(200);
    expect(put.body.data.name).toBe('Renamed');
    const list = await api.get(templateViews());
    expect(list.body.data.map((v: { id: number }) => v.id)).toEqual([id]);
    const del = await api.delete(`${templateViews()}/${id}`);
    expect(del.status).toBe(204);
    const gone = await api.get(`${templateViews()}/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('VIEW_NOT_FOUND');
  });

  it('keeps template views apart from process views', async () => {
    const pv = await api.post(processViews(), { name: 'A process view' });
    const res = await api.get(`${templateViews()}/${pv.body.data.id}`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('VIEW_NOT_FOUND');
  });

  it("never shows a member another member's template view", async () => {
    const mine = await api.post(templateViews(), { name: 'Admin only' });
    const res = await apiClient(t.app, bob.token).get(`${templateViews()}/${mine.body.data.id}`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('VIEW_NOT_FOUND');
    expect((await apiClient(t.app, bob.token).get(templateViews())).body.data).toEqual([]);
  });

  it('answers 422 UNKNOWN_VIEW_FILTER for members and groups, which the template list does not filter by', async () => {
    const res = await api.post(templateViews(), {
      name: 'People',
      criteria: [
        { field: 'members', value: [1] },
        { field: 'groups', value: ['g'] },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('UNKNOWN_VIEW_FILTER');
    expect(Object.keys(res.body.errors).sort()).toEqual(['criteria.0.field', 'criteria.1.field']);
  });

  it('answers 422 INVALID_VIEW_FILTER for an owner_id that is not a member id', async () => {
    const res = await api.post(templateViews(), {
      name: 'Owner',
      criteria: [{ field: 'owner_id', value: 'someone' }],
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('INVALID_VIEW_FILTER');
  });
});
