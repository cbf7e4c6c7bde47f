/** Sending e-mail through SMTP with nodemailer. */
import nodemailer, { type Transporter } from 'nodemailer';
import type { OutgoingEmail } from '../../domain/outgoing-email.js';

export type SendResult =
  | { ok: true; messageId: string | null }
  | { ok: false; permanent: boolean; error: string };

/** Hands one message to the mail server. Never throws: failures come back as results. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<SendResult>;
  /** Closes the transport; called once, at shutdown. */
  close(): void;
}

export interface SmtpSettings {
  /** `smtp://user:pass@host:587` or `smtps://…`. */
  url: string;
  /** The sender of every message. */
  from: string;
  /** Bounds connecting, the greeting and every socket wait. */
  timeoutMs?: number;
}

/**
 * A mailer for one SMTP server. The transport is not pooled: each message opens its own
 * connection and closes it, so one transport lives as long as the process.
 */
export function createSmtpMailer({ url, from, timeoutMs = 30_000 }: SmtpSettings): Mailer {
  // Every phase is bounded so a stalled server cannot hold a worker forever.
  const transport = nodemailer.createTransport(
    { url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs },
    { from },
  );
  return {
    send: (email) => sendThrough(transport, email),
    close: () => transport.close(),
  };
}

/** Sends one message through a nodemailer transport; failures come back as results. */
export async function sendThrough(transport: Transporter, email: OutgoingEmail): Promise<SendResult> {
  try {
    const {
      'Message-ID': messageId,
      'In-Reply-To': inReplyTo,
      References: references,
      ...extra
    } = email.headers ?? {};
    const info = await transport.sendMail({
      to: email.to,
      subject: email.subject,
      text: email.text,
      ...(email.html ? { html: email.html } : {}),
      // nodemailer writes these three itself; given as options they replace its defaults.
      ...(messageId ? { messageId } : {}),
      ...(inReplyTo ? { inReplyTo } : {}),
      ...(references ? { references } : {}),
      headers: { ...extra, 'X-Flowlane-Email': email.id },
    });
    return { ok: true, messageId: typeof info.messageId === 'string' ? info.messageId : null };
  } catch (err) {
    const e = err as { responseCode?: number; message?: string };
    // A 5xx reply (unknown mailbox, rejected content) will not change on retry.
    const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
    return { ok: false, permanent, error: e.message ?? String(err) };
  }
}
