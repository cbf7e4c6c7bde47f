/** Absolute links in notification mail: the web app's pages, a guest's page, unsubscribe. */
import type { Recipient } from '../../domain/notifications.js';
import type { AppContext } from '../context.js';
import { guestCodesOf } from '../people/guest-codes.js';

/** PUBLIC_URL, or the address the server listens on when it is unset. */
export function publicBase(ctx: AppContext): string {
  return (ctx.config.publicUrl ?? `http://${ctx.config.host}:${ctx.config.port}`).replace(/\/+$/, '');
}

export const taskLink = (base: string, taskId: string) => `${base}/app/tasks/${taskId}`;
export const processLink = (base: string, processId: string) => `${base}/app/processes/${processId}`;

/**
 * Where a recipient opens their work: members the task in the web app, guests their own
 * page (their forever link), which lists every task of theirs.
 */
export async function recipientLinker(
  ctx: AppContext,
  organizationId: string,
  recipient: Recipient,
): Promise<(taskId: string | null, processId: string | null) => string> {
  const base = publicBase(ctx);
  if (recipient.type === 'guest') {
    const code = (await guestCodesOf(ctx, organizationId, [{ id: recipient.id }])).get(recipient.id);
    const page = `${base}/guest-all-task/${organizationId}/${code ?? ''}`;
    return () => page;
  }
  return (taskId, processId) =>
    taskId ? taskLink(base, taskId) : processId ? processLink(base, processId) : `${base}/app/`;
}

export const unsubscribeLink = (base: string, token: string) => `${base}/notifications/unsubscribe/${token}`;
export const watchLink = (base: string, token: string, organizationId: string) =>
  `${base}/watch/${token}/${organizationId}`;
