import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import {
  expiredAt,
  isEmailDue,
  isExpiryDue,
  isOverdueUnannounced,
} from '../../src/domain/tasks/deadline-due.js';
import type { Task } from '../../src/domain/tasks/task.js';

const DEADLINE = '2025-01-10T17:00:00.000Z';
const now = (deltaMs: number) => new Date(Date.parse(DEADLINE) + deltaMs);
const unsent = { emailSentAt: null, overdueNotifiedFor: null, dueSoonNotifiedFor: null };

const task = (extra: Partial<Task> = {}): Task =>
  ({
    taskType: 'expiring',
    status: 'not-started',
    deadline: DEADLINE,
    archivedAt: null,
    openProblems: 0,
    reopenedAt: null,
    createdAt: '2025-01-06T09:00:00.000Z',
    ...extra,
  }) as Task;

describe('isExpiryDue', () => {
  it.each<[string, Partial<Task>, number, boolean]>([
    ['one second before the deadline', {}, -1000, false],
    ['at the deadline', {}, 0, true],
    ['an expiring-email task', { taskType: 'expiring_email' }, 1, true],
    ['in progress', { status: 'in-progress' }, 1, true],
    ['a plain task', { taskType: 'task' }, 1, false],
    ['an email draft', { taskType: 'email' }, 1, false],
    ['completed (acknowledged)', { status: 'completed' }, 1, false],
    ['hidden', { status: 'auto-skipped' }, 1, false],
    ['archived', { archivedAt: '2025-01-07T00:00:00.000Z' }, 1, false],
    ['blocked by a problem', { openProblems: 1 }, 1, false],
    ['without a deadline', { deadline: null }, 1, false],
    ['reopened after its deadline', { reopenedAt: '2025-01-11T00:00:00.000Z' }, 86_400_000, false],
    ['reopened before its deadline', { reopenedAt: '2025-01-09T00:00:00.000Z' }, 1, true],
  ])('%s → %s', (_name, extra, delta, expected) => {
    expect(isExpiryDue(task(extra), now(delta))).toBe(expected);
  });
});

describe('isEmailDue', () => {
  it('is due at the deadline for email and expiring-email tasks, once', () => {
    expect(isEmailDue(task({ taskType: 'email' }), unsent, now(-1))).toBe(false);
    expect(isEmailDue(task({ taskType: 'email' }), unsent, now(0))).toBe(true);
    expect(isEmailDue(task({ taskType: 'expiring_email' }), unsent, now(0))).toBe(true);
    expect(isEmailDue(task({ taskType: 'expiring' }), unsent, now(0))).toBe(false);
    const sent = { ...unsent, emailSentAt: DEADLINE };
    expect(isEmailDue(task({ taskType: 'email' }), sent, now(5000))).toBe(false);
    expect(isEmailDue(task({ taskType: 'email', status: 'auto-skipped' }), unsent, now(0))).toBe(false);
  });
});

describe('isOverdueUnannounced', () => {
  it('is true once the deadline has passed ("one second late counts"), once per deadline', () => {
    expect(isOverdueUnannounced(task({ taskType: 'task' }), unsent, now(0))).toBe(false);
    expect(isOverdueUnannounced(task({ taskType: 'task' }), unsent, now(1000))).toBe(true);
    const told = { ...unsent, overdueNotifiedFor: DEADLINE };
    expect(isOverdueUnannounced(task({ taskType: 'task' }), told, now(1000))).toBe(false);
    const later = '2025-01-20T17:00:00.000Z';
    expect(
      isOverdueUnannounced(
        task({ taskType: 'task', deadline: later }),
        told,
        new Date('2025-01-21T00:00:00Z'),
      ),
    ).toBe(true);
    expect(isOverdueUnannounced(task({ status: 'completed' }), unsent, now(1000))).toBe(false);
  });

  it('leaves a task due to expire to its expiry, and announces one whose expiry is blocked', () => {
    expect(isOverdueUnannounced(task({ taskType: 'expiring' }), unsent, now(1000))).toBe(false);
    expect(isOverdueUnannounced(task({ taskType: 'expiring_email' }), unsent, now(1000))).toBe(false);
    expect(isOverdueUnannounced(task({ taskType: 'expiring', openProblems: 1 }), unsent, now(1000))).toBe(
      true,
    );
  });
});

describe('expiredAt', () => {
  it('records the deadline, never a time before the task existed', () => {
    expect(expiredAt(task(), now(3_600_000))).toBe(DEADLINE);
    expect(expiredAt(task({ createdAt: '2025-01-12T00:00:00.000Z' }), now(0))).toBe(
      '2025-01-12T00:00:00.000Z',
    );
  });
});

describe('sweeper settings', () => {
  it('defaults to a sweep every 5 s of 200 tasks, and reads and checks the operator settings', () => {
    expect(loadConfig({}).deadlines).toEqual({ sweepIntervalMs: 5_000, sweepBatch: 200 });
    const set = loadConfig({ DEADLINE_SWEEP_INTERVAL_MS: '1000', DEADLINE_SWEEP_BATCH: '50' });
    expect(set.deadlines).toEqual({ sweepIntervalMs: 1_000, sweepBatch: 50 });
    expect(() => loadConfig({ DEADLINE_SWEEP_INTERVAL_MS: '10' })).toThrow(/DEADLINE_SWEEP_INTERVAL_MS/);
    expect(() => loadConfig({ DEADLINE_SWEEP_BATCH: 'lots' })).toThrow(/DEADLINE_SWEEP_BATCH/);
  });
});
