import type { EnvReader } from './env.js';

/** Outgoing e-mail: SMTP when SMTP_URL is set, otherwise kept in outgoing_emails. */
export interface EmailConfig {
  /** SMTP_URL (`smtp://user:pass@host:587`, `smtps://…`); unset keeps mail in outgoing_emails. */
  smtpUrl: string | undefined;
  /** EMAIL_FROM: the sender of every message. */
  from: string;
}

export function readEmailConfig(read: EnvReader): EmailConfig {
  return {
    smtpUrl: readSmtpUrl(read),
    from: read.str('EMAIL_FROM') ?? 'Flowlane <flowlane@localhost>',
  };
}

function readSmtpUrl(read: EnvReader): string | undefined {
  const raw = read.str('SMTP_URL');
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('protocol');
    return raw;
  } catch {
    read.problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
    return undefined;
  }
}
