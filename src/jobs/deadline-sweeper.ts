/** The deadline sweeper: deadlines that act on their own (reference §6.5, §6.7). */
import {
  type DeadlineCandidate,
  dueSoonCandidatesQuery,
  emailCandidatesQuery,
  expiryCandidatesQuery,
  findDeadlineCandidates,
  overdueCandidatesQuery,
} from '../db/repositories/deadline-sweeps-repository.js';
import { findDueSoonLeads } from '../db/repositories/notifications-settings-repository.js';
import { type AppContext, nowIso } from '../services/context.js';
import {
  announceDueSoon,
  announceOverdue,
  expireTask,
  sendEmailAtDeadline,
} from '../services/tasks/deadline-actions.js';
import type { Job } from './scheduler.js';

type Action = (ctx: AppContext, candidate: DeadlineCandidate) => Promise<boolean>;

/**
 * One pass, at the injected clock's now: email steps whose deadline arrived send their
 * message, expiring tasks whose deadline arrived expire, and tasks past their deadline are
 * announced overdue (in that order, so an expiring task expires instead of going overdue),
 * and tasks whose deadline comes within the due-soon lead time are announced due soon.
 * Each kind takes at most `DEADLINE_SWEEP_BATCH` tasks, earliest deadline first; each task
 * is handled in its own transaction and exactly once however many sweepers run. A task that
 * fails does not hold up the others: the pass finishes, then reports the failures.
 * Returns how many actions were taken (a busy sweeper runs again at once).
 */
export async function sweepDeadlines(ctx: AppContext): Promise<number> {
  const limit = ctx.config.deadlines.sweepBatch;
  const db = ctx.db.kysely;
  const failures: unknown[] = [];
  let acted = 0;
  const passes: Array<[(now: string) => Promise<DeadlineCandidate[]>, Action]> = [
    [(now) => findDeadlineCandidates(emailCandidatesQuery(db, now, limit)), sendEmailAtDeadline],
    [(now) => findDeadlineCandidates(expiryCandidatesQuery(db, now, limit)), expireTask],
    [(now) => findDeadlineCandidates(overdueCandidatesQuery(db, now, limit)), announceOverdue],
    [(now) => dueSoonCandidates(ctx, now, limit), announceDueSoon],
  ];
  for (const [find, action] of passes) {
    const candidates = await find(nowIso(ctx));
    for (const candidate of candidates) {
      try {
        if (await action(ctx, candidate)) acted++;
      } catch (err) {
        failures.push(err);
      }
    }
  }
  if (failures.length > 0) {
    throw new AggregateError(failures, `deadline sweep: ${failures.length} task(s) failed, ${acted} acted`);
  }
  return acted;
}

/**
 * One due-soon query per lead time in use: the default for every organization that set
 * none, and one for each lead time organizations chose (few), so no task waits in the batch
 * for a window wider than its organization's.
 */
async function dueSoonCandidates(ctx: AppContext, now: string, limit: number): Promise<DeadlineCandidate[]> {
  const db = ctx.db.kysely;
  const leads = await findDueSoonLeads(db);
  const byHours = new Map<number, string[]>();
  for (const [org, hours] of leads) byHours.set(hours, [...(byHours.get(hours) ?? []), org]);
  const until = (hours: number) => new Date(Date.parse(now) + hours * 3_600_000).toISOString();
  const fallback = ctx.config.notifications.defaultDueSoonHours;
  const found = await findDeadlineCandidates(
    dueSoonCandidatesQuery(db, now, until(fallback), limit, { notIn: [...leads.keys()] }),
  );
  for (const [hours, orgs] of byHours) {
    found.push(
      ...(await findDeadlineCandidates(dueSoonCandidatesQuery(db, now, until(hours), limit, { in: orgs }))),
    );
  }
  return found;
}

// The scheduler takes a fixed pause per job and reads it after every pass; the configured
// one (DEADLINE_SWEEP_INTERVAL_MS) arrives with the context, so the first pass records it.
let intervalMs = 5_000;

export const deadlineSweepJob: Job = {
  name: 'deadline-sweep',
  get intervalMs() {
    return intervalMs;
  },
  run(ctx) {
    intervalMs = ctx.config.deadlines.sweepIntervalMs;
    return sweepDeadlines(ctx);
  },
};
