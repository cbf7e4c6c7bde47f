/**
 * When each background job last finished a pass, so readiness can tell a process whose
 * jobs have stalled (a hung pass, a database that keeps failing them) from a healthy one.
 */
export interface JobBeat {
  name: string;
  intervalMs: number;
  /** When the pass now running began, if one is running. */
  runningSince: number | undefined;
  /** When a pass last finished without an error. */
  lastOkAt: number | undefined;
  /** When the first pass was scheduled (the grace period before any pass finished). */
  startedAt: number;
}

/** A job is late when nothing has been heard from it for this long (at least a minute). */
export function allowedSilenceMs(intervalMs: number): number {
  return Math.max(3 * intervalMs, 60_000);
}

export class JobHeartbeat {
  readonly #beats = new Map<string, JobBeat>();

  registered(name: string, intervalMs: number, at: number): void {
    this.#beats.set(name, { name, intervalMs, runningSince: undefined, lastOkAt: undefined, startedAt: at });
  }

  passStarted(name: string, intervalMs: number, at: number): void {
    const beat = this.#beats.get(name);
    if (beat) Object.assign(beat, { runningSince: at, intervalMs });
  }

  passEnded(name: string, ok: boolean, at: number): void {
    const beat = this.#beats.get(name);
    if (!beat) return;
    beat.runningSince = undefined;
    if (ok) beat.lastOkAt = at;
  }

  /** Jobs not heard from in their allowed silence, with how long it has been (ms). */
  late(now: number): { name: string; silentMs: number }[] {
    const late: { name: string; silentMs: number }[] = [];
    for (const beat of this.#beats.values()) {
      const heard = Math.max(beat.lastOkAt ?? beat.startedAt, beat.runningSince ?? 0);
      const silentMs = now - heard;
      if (silentMs > allowedSilenceMs(beat.intervalMs)) late.push({ name: beat.name, silentMs });
    }
    return late;
  }

  get size(): number {
    return this.#beats.size;
  }
}
