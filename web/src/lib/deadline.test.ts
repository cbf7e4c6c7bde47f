import { describe, expect, it } from 'vitest';
import { deadlineGroup, describeDeadline, relativeTime } from './deadline';

const now = new Date('2025-01-06T09:00:00.000Z');

describe('deadlineGroup', () => {
  it.each([
    ['in-progress', '2025-01-06T08:59:59.000Z', 'overdue'],
    ['not-started', '2025-01-06T09:00:00.000Z', 'due_soon'],
    ['not-started', '2025-01-07T08:59:59.000Z', 'due_soon'],
    ['not-started', '2025-01-07T09:00:00.000Z', 'upcoming'],
    ['not-started', null, 'upcoming'],
    ['completed', '2025-01-01T09:00:00.000Z', 'completed'],
  ] as const)('a %s task due %s is %s', (status, deadline, group) => {
    expect(deadlineGroup(status, deadline, now)).toBe(group);
  });
});

describe('relativeTime', () => {
  it.each([
    ['2025-01-09T09:00:00.000Z', 'in 3 days'],
    ['2025-01-06T07:00:00.000Z', '2 hours ago'],
    ['2025-01-06T09:00:30.000Z', 'now'],
    ['2025-01-07T09:00:00.000Z', 'tomorrow'],
    ['2025-02-20T09:00:00.000Z', 'next month'],
    ['2025-01-20T09:00:00.000Z', 'in 2 weeks'],
  ])('reads %s as "%s"', (iso, text) => {
    expect(relativeTime(iso, now)).toBe(text);
  });
});

describe('describeDeadline', () => {
  it('says outright that a late task is overdue', () => {
    expect(describeDeadline('in-progress', '2025-01-04T09:00:00.000Z', now)).toEqual({
      text: 'Overdue: due 2 days ago',
      group: 'overdue',
    });
  });

  it('says when an open task is due', () => {
    expect(describeDeadline('not-started', '2025-01-06T12:00:00.000Z', now)).toEqual({
      text: 'Due in 3 hours',
      group: 'due_soon',
    });
  });

  it('says so when there is no deadline', () => {
    expect(describeDeadline('not-started', null, now).text).toBe('No deadline');
  });
});
