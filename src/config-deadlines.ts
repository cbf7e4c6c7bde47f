/** The part of the configuration that governs the deadline sweeper (issue 7). */

export interface DeadlineConfig {
  /**
   * DEADLINE_SWEEP_INTERVAL_MS (default 5000): the pause between two sweeps that found
   * nothing to do. A sweep that acted runs again at once, so a backlog drains quickly.
   */
  sweepIntervalMs: number;
  /** DEADLINE_SWEEP_BATCH (default 200): tasks one sweep takes per kind of work. */
  sweepBatch: number;
}

type IntReader = (name: string, fallback: number, min: number, max: number) => number;

/** Reads the sweeper settings; problems are reported through `int`. */
export function parseDeadlineConfig(int: IntReader): { deadlines: DeadlineConfig } {
  return {
    deadlines: {
      sweepIntervalMs: int('DEADLINE_SWEEP_INTERVAL_MS', 5_000, 100, 3_600_000),
      sweepBatch: int('DEADLINE_SWEEP_BATCH', 200, 1, 5_000),
    },
  };
}
