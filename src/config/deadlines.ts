import type { EnvReader } from './env.js';

/** The deadline sweeper: how often it runs and how much it takes at once. */
export interface DeadlineConfig {
  /**
   * DEADLINE_SWEEP_INTERVAL_MS (default 5000): the pause between two sweeps that found
   * nothing to do. A sweep that acted runs again at once, so a backlog drains quickly.
   */
  sweepIntervalMs: number;
  /** DEADLINE_SWEEP_BATCH (default 200): tasks one sweep takes per kind of work. */
  sweepBatch: number;
}

export function readDeadlineConfig(read: EnvReader): DeadlineConfig {
  return {
    sweepIntervalMs: read.int('DEADLINE_SWEEP_INTERVAL_MS', 5_000, 100, 3_600_000),
    sweepBatch: read.int('DEADLINE_SWEEP_BATCH', 200, 1, 5_000),
  };
}
