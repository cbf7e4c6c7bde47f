import {
  insertActivities,
  insertOutboxEvents,
  type NewActivity,
} from '../../db/repositories/events-repository.js';
import { newHexId } from '../../domain/ids.js';
import type { Actor, AppContext } from '../context.js';

/** Who an activity or event is attributed to. */
export interface ActorRef {
  type: 'user' | 'guest' | 'system';
  id: number | null;
}

/** A member (`user`), a guest acting through their code (`guest`), or the system. */
export const actorRef = (actor: Actor | undefined): ActorRef => {
  if (!actor) return { type: 'system', id: null };
  return actor.kind === 'guest' ? { type: 'guest', id: actor.guestId } : { type: 'user', id: actor.userId };
};

export type ActivityInput = Omit<NewActivity, 'organizationId' | 'actorType' | 'actorId' | 'createdAt'>;

/** Writes activity rows through the caller's transaction context. */
export async function recordActivities(
  tx: AppContext,
  organizationId: string,
  actor: ActorRef,
  activities: readonly ActivityInput[],
): Promise<void> {
  const createdAt = tx.clock.now().toISOString();
  await insertActivities(
    tx.db.kysely,
    activities.map((a) => ({ ...a, organizationId, actorType: actor.type, actorId: actor.id, createdAt })),
  );
}

export interface EventInput {
  /** `resource.past_tense`, e.g. `task.completed`; doubles as the webhook event name. */
  name: string;
  processId: string | null;
  taskId: string | null;
  /** The event body, frozen now (built by the API presenters). */
  payload: unknown;
  /** Webhook URLs configured on the objects involved (template, step, one-off task, rule). */
  targets?: string[];
  /** Who acted, so notifications can leave them out; the system when absent. */
  actor?: ActorRef;
  /** What notifications need beyond the payload (e.g. the comment's `thread_id`). */
  detail?: Record<string, unknown>;
}

/** Appends outbox events through the caller's transaction; delivery happens after commit. */
export async function appendEvents(
  tx: AppContext,
  organizationId: string,
  events: readonly EventInput[],
): Promise<void> {
  const createdAt = tx.clock.now().toISOString();
  await insertOutboxEvents(
    tx.db.kysely,
    events.map((e) => ({
      ...e,
      targets: e.targets ?? [],
      actor: e.actor ?? { type: 'system', id: null },
      detail: e.detail ?? null,
      id: newHexId(),
      organizationId,
      createdAt,
    })),
  );
}
