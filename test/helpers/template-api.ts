import type { Api } from './api.js';
import type { TestContext } from './context.js';

/** Paths of one organization's template resources. */
export function templatePaths(orgId: string) {
  const base = `/organizations/${orgId}/checklists`;
  return {
    base,
    template: (id: string) => `${base}/${id}`,
    steps: (id: string) => `${base}/${id}/steps`,
    step: (id: string, stepId: string) => `${base}/${id}/steps/${stepId}`,
    captures: (id: string, stepId: string) => `${base}/${id}/steps/${stepId}/captures`,
    capture: (id: string, stepId: string, fieldId: string) =>
      `${base}/${id}/steps/${stepId}/captures/${fieldId}`,
  };
}

/** Creates a template through the API and returns its representation (fails loudly otherwise). */
export async function createTemplateViaApi(api: Api, orgId: string, body: Record<string, unknown>) {
  const res = await api.post(`/organizations/${orgId}/checklists`, body);
  if (res.status !== 201)
    throw new Error(`template create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

/** Adds a step through the API and returns its representation. */
export async function createStepViaApi(
  api: Api,
  orgId: string,
  templateId: string,
  body: Record<string, unknown>,
) {
  const res = await api.post(`/organizations/${orgId}/checklists/${templateId}/steps`, body);
  if (res.status !== 201) throw new Error(`step create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

type TemplateTable = 'templates' | 'template_steps' | 'template_fields' | 'template_versions' | 'rules';

/** Stored row counts of a template's parts and versions, straight from the database. */
export async function storedCounts(t: TestContext, templateId: string) {
  const count = async (table: TemplateTable) => {
    const column = table === 'templates' ? 'id' : 'template_id';
    const row = await t.db.kysely
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .where(column, '=', templateId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  };
  return {
    templates: await count('templates'),
    steps: await count('template_steps'),
    fields: await count('template_fields'),
    versions: await count('template_versions'),
    rules: await count('rules'),
  };
}

/** How many templates the organization has stored. */
export async function countTemplates(t: TestContext, orgId: string): Promise<number> {
  const row = await t.db.kysely
    .selectFrom('templates')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
