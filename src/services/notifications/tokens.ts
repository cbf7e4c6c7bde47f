/**
 * Signed tokens in notification mail: the one-click unsubscribe (one category of one
 * recipient) and the watch link (one watch). HMAC-SHA256 under the installation's secret
 * key, so a link works without signing in and only for what it names; it cannot be
 * altered to name someone else.
 */
import { createHmac } from 'node:crypto';
import {
  NOTIFICATION_CATEGORIES,
  type NotificationCategory,
  type Recipient,
} from '../../domain/notifications.js';
import { constantTimeEqual } from '../../domain/tokens.js';
import type { AppContext } from '../context.js';
import { guestCodeKey } from '../people/guest-codes.js';

export type MailToken =
  | { kind: 'category'; organizationId: string; recipient: Recipient; category: NotificationCategory }
  | { kind: 'watch'; organizationId: string; watchId: number };

function body(token: MailToken): string {
  return token.kind === 'category'
    ? `c.${token.organizationId}.${token.recipient.type === 'user' ? 'u' : 'g'}.${token.recipient.id}.${token.category}`
    : `w.${token.organizationId}.${token.watchId}`;
}

const sign = (key: string, text: string) =>
  createHmac('sha256', key).update(`notification-token:v1:${text}`).digest('base64url');

export async function signMailToken(ctx: AppContext, token: MailToken): Promise<string> {
  const text = body(token);
  return `${text}.${sign(await guestCodeKey(ctx), text)}`;
}

/** The token's meaning, or undefined when it is malformed or its signature does not match. */
export async function verifyMailToken(ctx: AppContext, value: string): Promise<MailToken | undefined> {
  const cut = value.lastIndexOf('.');
  if (cut < 0 || value.length > 300) return undefined;
  const text = value.slice(0, cut);
  if (!constantTimeEqual(sign(await guestCodeKey(ctx), text), value.slice(cut + 1))) return undefined;
  const parts = text.split('.');
  if (parts[0] === 'c' && parts.length === 5) {
    const [, organizationId = '', type, id, category] = parts;
    if (!(NOTIFICATION_CATEGORIES as readonly string[]).includes(category ?? '')) return undefined;
    return {
      kind: 'category',
      organizationId,
      recipient: { type: type === 'u' ? 'user' : 'guest', id: Number(id) },
      category: category as NotificationCategory,
    };
  }
  if (parts[0] === 'w' && parts.length === 3)
    return { kind: 'watch', organizationId: parts[1] ?? '', watchId: Number(parts[2]) };
  return undefined;
}
