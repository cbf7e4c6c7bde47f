/** Steps show the tags put on them, in the steps routes and in a template's with=steps. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { createTemplate, plainSteps } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Step Tags Co');
  api = apiClient(t.app, org.admin.token);
});
afterAll(() => t.close());

describe('tags of steps', () => {
  it('shows a step its tags as {id, tag_id, title, color}, and an untagged step an empty list', async () => {
    const base = `/organizations/${org.orgId}`;
    const template = await createTemplate(api, org.orgId, { steps: plainSteps(2) });
    const [tagged, plain] = template.steps.map((s) => s.id);
    const tag = await api.post(`${base}/tags`, { title: 'Legal', color: '#112233' });
    const link = await api.post(`${base}/checklists/tags`, {
      tag_id: tag.body.data.id,
      subject_type: 'Step',
      subject_id: tagged,
    });
    expect(link.status).toBe(200);
    const expected = [{ id: link.body.data.id, tag_id: tag.body.data.id, title: 'Legal', color: '#112233' }];
    const one = await api.get(`${base}/checklists/${template.id}/steps/${tagged}`);
    expect(one.body.data.tags).toEqual(expected);
    const list = await api.get(`${base}/checklists/${template.id}/steps`);
    const byId = new Map(list.body.data.map((s: any) => [s.id, s.tags]));
    expect(byId.get(tagged)).toEqual(expected);
    expect(byId.get(plain)).toEqual([]);
    const withSteps = await api.get(`${base}/checklists/${template.id}?with=steps`);
    const steps = withSteps.body.data.steps.data;
    expect(steps.find((s: any) => s.id === tagged).tags).toEqual(expected);
    expect(steps.find((s: any) => s.id === plain).tags).toEqual([]);
    const listed = await api.get(`${base}/checklists?with=steps&q=${encodeURIComponent(template.title)}`);
    expect(listed.body.data[0].steps.data.find((s: any) => s.id === tagged).tags).toEqual(expected);
  });
});
