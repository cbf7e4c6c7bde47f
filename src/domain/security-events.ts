/** What happened to an account's credentials, as administrators see it. */
export const SECURITY_EVENTS = [
  'sign_in',
  'lockout',
  'token_issued',
  'token_refreshed',
  'token_revoked',
  'password_changed',
  'email_change_requested',
  'email_changed',
  'sign_in_unlocked',
] as const;
export type SecurityEventName = (typeof SECURITY_EVENTS)[number];

/**
 * `succeeded`/`failed` for sign-ins and refreshes; `no_active_membership` for a right
 * password on an account no organization lets in; `locked` for a lockout.
 */
export type SecurityOutcome = 'succeeded' | 'failed' | 'no_active_membership' | 'locked';

export interface SecurityEvent {
  id: number;
  userId: number | null;
  event: SecurityEventName;
  outcome: SecurityOutcome;
  clientAddress: string | null;
  createdAt: string;
}

export type NewSecurityEvent = Omit<SecurityEvent, 'id' | 'createdAt'>;
