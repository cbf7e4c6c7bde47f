/**
 * Which URLs Flowlane will send webhooks to. A webhook URL is chosen by a member, and the
 * server makes the request from inside its own network; without these checks a template's
 * webhook could reach the database, a cloud metadata service or an admin panel (SSRF).
 */
import ipaddr from 'ipaddr.js';
import { invalidFields } from '../errors.js';

/** The setting these checks read: `config.webhooks.allowPrivate` (WEBHOOK_ALLOW_PRIVATE). */
export interface UrlPolicyConfig {
  webhooks: { allowPrivate: boolean };
}

export const WEBHOOK_URL_MAX_LENGTH = 2000;

/**
 * True for an address on the public internet. Everything else is refused: loopback,
 * RFC 1918 private, link-local, unspecified, carrier-grade NAT, multicast, broadcast,
 * IPv6 unique-local, reserved and documentation ranges, and tunnelling prefixes (6to4,
 * Teredo, NAT64) that could wrap a private IPv4 address. IPv4-mapped IPv6 is judged as IPv4.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return false;
  return ipaddr.process(bare).range() === 'unicast';
}

/** A literal IP written as a URL host (`[::1]` included), or undefined for a name. */
function literalAddress(hostname: string): string | undefined {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(bare) ? bare : undefined;
}

/**
 * The save-time check, without network access: the URL parses, is http(s), and unless
 * private destinations are allowed its host is neither `localhost` nor a non-public literal
 * IP. Host names are resolved and checked again when sending. Returns the problem, or
 * undefined when the URL is acceptable.
 */
export function checkWebhookUrl(url: string, config: UrlPolicyConfig): string | undefined {
  if (url.length > WEBHOOK_URL_MAX_LENGTH) {
    return `The webhook URL may not be longer than ${WEBHOOK_URL_MAX_LENGTH} characters.`;
  }
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return 'The webhook must be an absolute http or https URL.';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return 'The webhook must be an absolute http or https URL.';
  }
  if (!parsed.hostname) return 'The webhook URL needs a host.';
  if (config.webhooks.allowPrivate) return undefined;
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return 'The webhook may not point at this server (localhost).';
  }
  const literal = literalAddress(host);
  if (literal !== undefined && !isPublicAddress(literal)) {
    return 'The webhook may not point at a loopback, private, link-local or reserved address.';
  }
  return undefined;
}

/**
 * Throws a 422 `WEBHOOK_URL_NOT_ALLOWED` naming `field` when `checkWebhookUrl` finds a
 * problem. Services call it where a webhook URL is saved (template, step, one-off task,
 * rule `emit_webhook`, watcher).
 */
export function assertWebhookUrlAllowed(url: string, config: UrlPolicyConfig, field = 'webhook'): void {
  const problem = checkWebhookUrl(url, config);
  if (problem) throw invalidFields('WEBHOOK_URL_NOT_ALLOWED', { [field]: [problem] });
}

/** Same URL, same string: trims and normalises (`HTTPS://X.com` → `https://x.com/`). */
export function normalizeWebhookUrl(url: string): string {
  const trimmed = url.trim();
  try {
    return new URL(trimmed).href;
  } catch {
    return trimmed;
  }
}
