import { listOutgoingEmails as listRows } from '../../db/repositories/outgoing-emails-repository.js';
import type { OutgoingEmail, OutgoingEmailStatus } from '../../domain/outgoing-email.js';
import { type Page, type PageRequest, pageWindow, toPage } from '../../domain/pagination.js';
import type { AppContext, MemberActor } from '../context.js';
import { assertAdmin } from '../webhooks/webhook-admin.js';

export interface OutgoingEmailFilters {
  status?: OutgoingEmailStatus | undefined;
  reason?: string | undefined;
  to?: string | undefined;
}

/** Mail the organization sent, is sending or kept (no SMTP), newest first; admins only. */
export async function listOutgoingEmails(
  ctx: AppContext,
  actor: MemberActor,
  filters: OutgoingEmailFilters,
  page: PageRequest,
): Promise<Page<OutgoingEmail>> {
  assertAdmin(actor, 'see outgoing e-mail');
  const to = filters.to?.trim().toLowerCase();
  const { items, total } = await listRows(
    ctx.db.kysely,
    actor.organizationId,
    { ...filters, to: to || undefined },
    pageWindow(page),
  );
  return toPage(page, items, total);
}
