/** Time as the services see it. Injected everywhere so tests and jobs control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that moves only when told to; for tests and the deadline sweeper's tests. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2025-01-06T09:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
