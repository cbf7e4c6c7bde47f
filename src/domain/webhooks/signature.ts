import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature header every webhook carries: `X-Flowlane-Signature: t=<unix s>,v1=<hex>`. */
export const SIGNATURE_HEADER = 'X-Flowlane-Signature';

/** Hex HMAC-SHA256 of `"<t>.<raw body>"` keyed with the organization's webhook secret. */
export function computeWebhookSignature(secret: string, timestampSeconds: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex');
}

/** The header value for a body sent at `timestampSeconds`. */
export function signWebhookBody(secret: string, rawBody: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${computeWebhookSignature(secret, timestampSeconds, rawBody)}`;
}

/** `t=…,v1=…` → its parts; several `v1` values are allowed (receivers accept any). */
export function parseSignatureHeader(
  header: string,
): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d+$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && value && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

export interface VerifyOptions {
  /** Reject signatures older or newer than this many seconds (replays); default 300. */
  toleranceSeconds?: number;
  /** The receiver's current time in unix seconds; defaults to its clock. */
  nowSeconds?: number;
}

/**
 * What a receiver does with a webhook: recompute the HMAC over the raw body with the shared
 * secret, compare in constant time, and refuse stale timestamps so a captured request cannot
 * be replayed later.
 */
export function verifyWebhookSignature(
  secret: string,
  rawBody: string,
  header: string | undefined,
  options: VerifyOptions = {},
): boolean {
  const parsed = header ? parseSignatureHeader(header) : undefined;
  if (!parsed) return false;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - parsed.timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(computeWebhookSignature(secret, parsed.timestamp, rawBody), 'hex');
  return parsed.signatures.some((sig) => {
    const given = Buffer.from(sig, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
