import { sql } from 'kysely';
import type { Db } from '../database.js';

/** A task owner as task_owners stores it: a member id, a guest e-mail or a group id, as text. */
export interface OwnerRef {
  kind: 'user' | 'guest' | 'group';
  ownerId: string;
}

/**
 * Moves every task assignment of one owner to another within the organization (member
 * converted to a guest and back, member removed with reassignment). A task the new owner
 * already had keeps a single assignment.
 */
export async function transferTaskOwnership(db: Db, organizationId: string, from: OwnerRef, to: OwnerRef) {
  await db
    .insertInto('task_owners')
    .columns(['organization_id', 'task_id', 'kind', 'owner_id'])
    .expression(
      db
        .selectFrom('task_owners')
        .select([
          'organization_id',
          'task_id',
          sql<string>`cast(${to.kind} as text)`.as('kind'),
          sql<string>`cast(${to.ownerId} as text)`.as('owner_id'),
        ])
        .where('organization_id', '=', organizationId)
        .where('kind', '=', from.kind)
        .where('owner_id', '=', from.ownerId),
    )
    .onConflict((oc) => oc.columns(['task_id', 'kind', 'owner_id']).doNothing())
    .execute();
  await db
    .deleteFrom('task_owners')
    .where('organization_id', '=', organizationId)
    .where('kind', '=', from.kind)
    .where('owner_id', '=', from.ownerId)
    .execute();
}
