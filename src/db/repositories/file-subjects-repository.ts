/** Look-ups the file module needs about subjects that their own repositories do not offer. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A template step by its own id, with the template it belongs to. */
export async function findTemplateStepRef(
  db: Db,
  organizationId: string,
  stepId: string,
): Promise<{ id: string; templateId: string } | undefined> {
  const row = await db
    .selectFrom('template_steps')
    .select(['id', 'template_id'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', stepId)
    .executeTakeFirst();
  return row ? { id: row.id, templateId: row.template_id } : undefined;
}
