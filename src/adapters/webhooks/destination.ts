/**
 * The send-time half of URL safety: the host name is resolved when sending and every
 * address it resolves to must be public. The same lookup is handed to the HTTP request, so
 * the connection goes to the address that was checked (a DNS answer that changes between
 * check and connect cannot slip a private address in).
 */
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { invalidFields } from '../../domain/errors.js';
import { checkWebhookUrl, isPublicAddress, type UrlPolicyConfig } from '../../domain/webhooks/url-safety.js';

/** Raised through the request when a host resolves to an address that is not allowed. */
export class DestinationRefusedError extends Error {
  constructor(hostname: string, address: string) {
    super(`${hostname} resolves to ${address}, a loopback, private, link-local or reserved address`);
    this.name = 'DestinationRefusedError';
  }
}

/** A `lookup` for http.request that refuses non-public answers unless they are allowed. */
export function createSafeLookup(config: UrlPolicyConfig): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} did not resolve`), '', 0);
      const bad = config.webhooks.allowPrivate ? undefined : list.find((a) => !isPublicAddress(a.address));
      if (bad) return callback(new DestinationRefusedError(hostname, bad.address), '', 0);
      // Node asks for every address when it races IPv4 and IPv6 (autoSelectFamily).
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      return callback(null, first.address, first.family);
    });
  };
}

/**
 * The send-time check, for callers that want an answer before sending: the save-time rules,
 * then the host name resolved and every address checked. Throws 422 WEBHOOK_URL_NOT_ALLOWED.
 */
export async function assertWebhookUrlDeliverable(
  url: string,
  config: UrlPolicyConfig,
  field = 'webhook',
): Promise<void> {
  const problem = checkWebhookUrl(url, config);
  if (problem) throw invalidFields('WEBHOOK_URL_NOT_ALLOWED', { [field]: [problem] });
  const hostname = new URL(url.trim()).hostname.replace(/^\[|\]$/g, '');
  const lookup = createSafeLookup(config);
  await new Promise<void>((resolve, reject) => {
    lookup(hostname, { all: true }, (err) => {
      if (err instanceof DestinationRefusedError) {
        reject(invalidFields('WEBHOOK_URL_NOT_ALLOWED', { [field]: [err.message] }));
      } else if (err) {
        reject(
          invalidFields('WEBHOOK_URL_NOT_ALLOWED', {
            [field]: [`The host ${hostname} could not be resolved.`],
          }),
        );
      } else resolve();
    });
  });
}
