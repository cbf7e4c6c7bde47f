import { type AppContext, inTransaction } from '../../src/services/context.js';
import { appendEvents, type EventInput } from '../../src/services/events/record.js';

/** Commits outbox events as a service would (processes emit them for real). */
export async function emitEvents(
  ctx: AppContext,
  orgId: string,
  events: Partial<EventInput>[],
): Promise<void> {
  await inTransaction(ctx, (tx) =>
    appendEvents(
      tx,
      orgId,
      events.map((e) => ({ name: 'task.completed', processId: null, taskId: null, payload: {}, ...e })),
    ),
  );
}

/** The organization's webhook deliveries as stored, oldest first. */
export async function deliveriesOf(ctx: AppContext, orgId: string) {
  return ctx.db.kysely
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('organization_id', '=', orgId)
    .orderBy('created_at')
    .execute();
}
