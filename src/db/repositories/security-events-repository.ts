import type { NewSecurityEvent, SecurityEvent } from '../../domain/security-events.js';
import type { Db } from '../database.js';
import { toInt } from '../dialect.js';

export async function insertSecurityEvents(
  db: Db,
  events: readonly NewSecurityEvent[],
  now: string,
): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('security_events')
    .values(
      events.map((e) => ({
        user_id: e.userId,
        event: e.event,
        outcome: e.outcome,
        client_address: e.clientAddress,
        created_at: now,
      })),
    )
    .execute();
}

/**
 * The events of the organization's members (any membership status), newest first. Users
 * are global, so a person in two organizations shows in both lists; nobody else does.
 */
export async function listSecurityEventsOfOrganization(
  db: Db,
  organizationId: string,
  window: { offset: number; limit: number | undefined },
): Promise<{ items: SecurityEvent[]; total: number }> {
  const base = db
    .selectFrom('security_events as e')
    .where('e.user_id', 'in', (eb) =>
      eb.selectFrom('memberships').select('user_id').where('organization_id', '=', organizationId),
    );
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  let query = base
    .select(['e.id', 'e.user_id', 'e.event', 'e.outcome', 'e.client_address', 'e.created_at'])
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc');
  if (window.limit !== undefined) query = query.limit(window.limit).offset(window.offset);
  const rows = await query.execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      event: r.event as SecurityEvent['event'],
      outcome: r.outcome as SecurityEvent['outcome'],
      clientAddress: r.client_address,
      createdAt: r.created_at,
    })),
    total: toInt(count?.n),
  };
}
