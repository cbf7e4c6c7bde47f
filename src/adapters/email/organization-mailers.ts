/**
 * Organizations' own SMTP servers. One transport per organization, built on first use and
 * kept while its settings stay the same; a save changes the settings' version and the next
 * message builds a new transport (the old one is closed).
 *
 * The host is an admin's choice and the server connects from inside its own network, so
 * every connection resolves the host, refuses loopback, private, link-local and reserved
 * answers (unless ORG_SMTP_ALLOW_PRIVATE), and connects to the address it checked: a DNS
 * answer that changes between check and connect cannot slip a private address in. TLS
 * still verifies the certificate against the host name.
 */
import net from 'node:net';
import nodemailer from 'nodemailer';
import type { OutgoingEmail } from '../../domain/outgoing-email.js';
import { createSafeLookup } from '../webhooks/destination.js';
import { type Mailer, sendThrough } from './smtp-mailer.js';

/** What one organization's connection needs, the password already decrypted. */
export interface OrganizationSmtpTarget {
  organizationId: string;
  /** Changes whenever the settings change (their updated_at). */
  version: string;
  host: string;
  port: number;
  encryption: 'tls' | 'ssl' | 'none';
  username: string | null;
  password: string | null;
  fromAddress: string;
  fromName: string | null;
}

export interface OrganizationMailers {
  /** The organization's mailer for these settings: the cached one while the version holds. */
  mailerFor(target: OrganizationSmtpTarget): Mailer;
  /** Transports built so far (for tests and metrics). */
  readonly built: number;
  close(): void;
}

export interface OrganizationMailerSettings {
  allowPrivate: boolean;
  timeoutMs: number;
}

export function createOrganizationMailers(settings: OrganizationMailerSettings): OrganizationMailers {
  const cache = new Map<string, { version: string; mailer: Mailer }>();
  let built = 0;
  return {
    mailerFor(target) {
      const cached = cache.get(target.organizationId);
      if (cached && cached.version === target.version) return cached.mailer;
      cached?.mailer.close();
      const mailer = buildMailer(target, settings);
      built += 1;
      cache.set(target.organizationId, { version: target.version, mailer });
      return mailer;
    },
    get built() {
      return built;
    },
    close() {
      for (const { mailer } of cache.values()) mailer.close();
      cache.clear();
    },
  };
}

function buildMailer(target: OrganizationSmtpTarget, settings: OrganizationMailerSettings): Mailer {
  const lookup = createSafeLookup({ webhooks: { allowPrivate: settings.allowPrivate } });
  const { timeoutMs } = settings;
  const transport = nodemailer.createTransport(
    {
      host: target.host,
      port: target.port,
      secure: target.encryption === 'ssl',
      requireTLS: target.encryption === 'tls',
      ignoreTLS: target.encryption === 'none',
      ...(target.username ? { auth: { user: target.username, pass: target.password ?? '' } } : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      // Open the socket ourselves, to the address the lookup checked.
      getSocket: (_options, reply) => {
        let answered = false;
        const callback: typeof reply = (...args) => {
          if (answered) return;
          answered = true;
          reply(...args);
        };
        const timer = setTimeout(
          () => callback(new Error(`Connecting to ${target.host} timed out`)),
          timeoutMs,
        );
        lookup(target.host, { all: false }, (err, address) => {
          if (err || typeof address !== 'string') {
            clearTimeout(timer);
            return callback(err ?? new Error(`${target.host} did not resolve`));
          }
          const socket = net.connect({ host: address, port: target.port });
          const fail = (error: Error) => {
            clearTimeout(timer);
            callback(error);
          };
          socket.once('error', fail);
          socket.once('connect', () => {
            clearTimeout(timer);
            socket.off('error', fail);
            callback(null, { connection: socket });
          });
        });
      },
    },
    { from: target.fromName ? { name: target.fromName, address: target.fromAddress } : target.fromAddress },
  );
  return {
    send: (email: OutgoingEmail) => sendThrough(transport, email),
    close: () => transport.close(),
  };
}
