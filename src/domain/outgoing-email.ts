/** Mail Flowlane sends, or keeps when no SMTP server is configured. */

export const OUTGOING_EMAIL_STATUSES = ['queued', 'sent', 'failed', 'stored'] as const;
export type OutgoingEmailStatus = (typeof OUTGOING_EMAIL_STATUSES)[number];

export interface OutgoingEmail {
  id: string;
  organizationId: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  reason: string;
  status: OutgoingEmailStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  messageId: string | null;
  createdAt: string;
  sentAt: string | null;
  /** Extra headers: `Message-ID`, `In-Reply-To`, `References`, `List-Unsubscribe`, … */
  headers: Record<string, string> | null;
}
