import {
  insertSecurityEvents,
  listSecurityEventsOfOrganization,
} from '../../db/repositories/security-events-repository.js';
import { type Page, type PageRequest, pageWindow, toPage } from '../../domain/pagination.js';
import type { NewSecurityEvent, SecurityEvent } from '../../domain/security-events.js';
import { type AppContext, type MemberActor, nowIso } from '../context.js';
import { authorize } from '../people/access.js';

/**
 * Records sign-ins, tokens and lockouts, and writes each to the log too (`security event`
 * lines at info level, a lockout at warn), so they reach whatever collects the logs even
 * where nobody reads the administrators' list.
 */
export async function recordSecurityEvents(
  ctx: AppContext,
  events: readonly NewSecurityEvent[],
): Promise<void> {
  await insertSecurityEvents(ctx.db.kysely, events, nowIso(ctx));
  for (const e of events) {
    const line = {
      security: { event: e.event, outcome: e.outcome, userId: e.userId, clientAddress: e.clientAddress },
    };
    if (e.event === 'lockout') ctx.log?.warn(line, 'security event');
    else ctx.log?.info(line, 'security event');
  }
}

/** `GET /organizations/{org}/security-events`: the members' events, newest first (admins). */
export async function listSecurityEvents(
  ctx: AppContext,
  actor: MemberActor,
  page: PageRequest,
): Promise<Page<SecurityEvent>> {
  await authorize(ctx, actor, 'security_events.read');
  const { items, total } = await listSecurityEventsOfOrganization(
    ctx.db.kysely,
    actor.organizationId,
    pageWindow(page),
  );
  return toPage(page, items, total);
}
