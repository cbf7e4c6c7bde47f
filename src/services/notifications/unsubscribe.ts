/**
 * Unsubscribing from a mail without signing in: the link's signed token names one category
 * of one recipient (turned off) or one watch (removed), in the organization it names.
 */
import { turnCategoryOff } from '../../db/repositories/notifications-settings-repository.js';
import { deleteWatcher, findWatcherById } from '../../db/repositories/watchers-repository.js';
import { AppError } from '../../domain/errors.js';
import { defaultSettings } from '../../domain/notifications.js';
import type { AppContext } from '../context.js';
import { nowIso } from '../context.js';
import { type MailToken, verifyMailToken } from './tokens.js';

const invalid = () => new AppError('UNSUBSCRIBE_LINK_INVALID', 'This unsubscribe link is not valid.');

/**
 * Applies the token. `expect` narrows what the link may be: the organization the path names
 * must be the token's, and the watch link accepts watch tokens only.
 */
export async function unsubscribeWithToken(
  ctx: AppContext,
  value: string,
  expect: { organizationId?: string; kind?: MailToken['kind'] } = {},
): Promise<MailToken> {
  const token = await verifyMailToken(ctx, value);
  if (!token) throw invalid();
  if (expect.organizationId !== undefined && token.organizationId !== expect.organizationId) throw invalid();
  if (expect.kind !== undefined && token.kind !== expect.kind) throw invalid();
  if (token.kind === 'category') {
    const defaults = defaultSettings(ctx.config.notifications.defaultDigestHour);
    await turnCategoryOff(
      ctx.db.kysely,
      token.organizationId,
      token.recipient,
      token.category,
      defaults,
      nowIso(ctx),
    );
    return token;
  }
  const watch = await findWatcherById(ctx.db.kysely, token.organizationId, token.watchId);
  // Already removed: the link did its work before, and says so again.
  if (watch) await deleteWatcher(ctx.db.kysely, token.organizationId, token.watchId);
  return token;
}

/** Checks a token without acting on it (the confirmation page a GET shows). */
export async function describeToken(ctx: AppContext, value: string): Promise<MailToken> {
  const token = await verifyMailToken(ctx, value);
  if (!token) throw invalid();
  return token;
}
