import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../services/context.js';
import type { JobHeartbeat } from './heartbeat.js';

/** Work that runs after commit, on a timer: outbox delivery, deadline sweeps. */
export interface Job {
  name: string;
  /** Pause between runs, in milliseconds. */
  intervalMs: number;
  /** One pass; returns how many items it handled (a busy job runs again at once). */
  run(ctx: AppContext): Promise<number>;
}

export interface RunningJobs {
  /** Stops scheduling and waits for passes in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs each job in its own loop until stopped. A failing pass is logged and retried after the
 * interval; it never takes the process down.
 */
export function startJobs(
  ctx: AppContext,
  jobs: readonly Job[],
  log: Pick<FastifyBaseLogger, 'error'>,
  heartbeat?: JobHeartbeat,
): RunningJobs {
  let stopped = false;
  const inFlight = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();

  const schedule = (job: Job, delay: number) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      heartbeat?.passStarted(job.name, job.intervalMs, Date.now());
      const pass = job
        .run(ctx)
        .then((handled) => {
          heartbeat?.passEnded(job.name, true, Date.now());
          schedule(job, handled > 0 ? 0 : job.intervalMs);
        })
        .catch((err: unknown) => {
          heartbeat?.passEnded(job.name, false, Date.now());
          log.error({ err, job: job.name }, 'job pass failed');
          schedule(job, job.intervalMs);
        })
        .finally(() => inFlight.delete(pass));
      inFlight.add(pass);
    }, delay);
    timer.unref();
    timers.add(timer);
  };

  for (const job of jobs) {
    heartbeat?.registered(job.name, job.intervalMs, Date.now());
    schedule(job, 0);
  }
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}
