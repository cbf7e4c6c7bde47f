/** How a deadline reads in a list: which group it falls in and how far off it is. */

export type DeadlineGroup = 'overdue' | 'due_soon' | 'upcoming' | 'completed';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The inbox group of a task at `now`: the server's overdue / due-soon windows, mirrored. */
export function deadlineGroup(status: string, deadline: string | null, now: Date): DeadlineGroup {
  if (status === 'completed') return 'completed';
  if (deadline === null) return 'upcoming';
  const at = new Date(deadline).getTime();
  if (at < now.getTime()) return 'overdue';
  if (at < now.getTime() + DAY_MS) return 'due_soon';
  return 'upcoming';
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * DAY_MS],
  ['month', 30 * DAY_MS],
  ['week', 7 * DAY_MS],
  ['day', DAY_MS],
  ['hour', 60 * 60 * 1000],
  ['minute', 60 * 1000],
];

/** "in 3 days", "2 hours ago", "now": the largest whole unit, rounded toward zero. */
export function relativeTime(iso: string, now: Date, locale = 'en'): string {
  const diff = new Date(iso).getTime() - now.getTime();
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    const amount = Math.trunc(diff / size);
    if (amount !== 0) return format.format(amount, unit);
  }
  return 'now';
}

/** The deadline as a list row shows it: relative, with "Overdue" said outright. */
export function describeDeadline(
  status: string,
  deadline: string | null,
  now: Date,
): { text: string; group: DeadlineGroup } {
  const group = deadlineGroup(status, deadline, now);
  if (deadline === null) return { text: 'No deadline', group };
  const relative = relativeTime(deadline, now);
  if (group === 'overdue') return { text: `Overdue: due ${relative}`, group };
  if (group === 'completed') return { text: `Done; it was due ${relative}`, group };
  return { text: `Due ${relative}`, group };
}

/** A date and time in the reader's locale, for titles and tooltips. */
export function absoluteTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
