/** What the webhook pages show of a delivery and its attempts. */

export interface Attempt {
  attempt: number;
  status_code: number | null;
  duration_ms: number | null;
  error: string | null;
  started_at: string;
}

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const statusColor = (status: string) =>
  status === 'succeeded' ? 'teal' : status === 'failed' ? 'red' : 'yellow';

export const statusLabel = (status: string) =>
  status === 'succeeded' ? 'Succeeded' : status === 'failed' ? 'Failed' : 'Pending';

/** "HTTP 200 in 12 ms", "No answer: connect ECONNREFUSED", for one attempt. */
export function attemptOutcome(a: Attempt): string {
  const took = a.duration_ms === null ? '' : ` in ${a.duration_ms} ms`;
  if (a.status_code !== null) return `HTTP ${a.status_code}${took}${a.error ? ` (${a.error})` : ''}`;
  return `No answer${a.error ? `: ${a.error}` : ''}${took}`;
}
