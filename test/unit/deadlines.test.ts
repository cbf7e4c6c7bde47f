import { describe, expect, it } from 'vitest';
import {
  addDuration,
  computeStepDeadlines,
  normalizeDurationUnit,
  pushToWorkingTime,
  subtractDuration,
  validateStepDeadlines,
} from '../../src/domain/deadlines.js';
import type { WorkingDays } from '../../src/domain/identity.js';
import type { DurationUnit, StepDeadline, StepDefinition } from '../../src/domain/templates/definition.js';

const at = (iso: string) => new Date(iso);
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

describe('normalizeDurationUnit', () => {
  it.each([
    ['day', 'days'],
    ['days', 'days'],
    ['Hour', 'hours'],
    ['minute', 'minutes'],
    ['weeks', 'weeks'],
    ['month', 'months'],
  ])('reads %s as %s', (raw, unit) => {
    expect(normalizeDurationUnit(raw)).toBe(unit);
  });

  it.each(['fortnight', '', 'd', 3, null])('refuses %s', (raw) => {
    expect(normalizeDurationUnit(raw)).toBeUndefined();
  });
});

describe('addDuration and subtractDuration', () => {
  it.each<[string, string, number, DurationUnit, string, string]>([
    [
      'minutes are elapsed time',
      '2025-01-06T09:00:00.000Z',
      90,
      'minutes',
      'UTC',
      '2025-01-06T10:30:00.000Z',
    ],
    ['days keep the time of day', '2025-01-06T09:00:00.000Z', 2, 'days', 'UTC', '2025-01-08T09:00:00.000Z'],
    ['weeks', '2025-01-06T09:00:00.000Z', 2, 'weeks', 'UTC', '2025-01-20T09:00:00.000Z'],
    [
      'a month from 31 January is 28 February',
      '2025-01-31T12:00:00.000Z',
      1,
      'months',
      'UTC',
      '2025-02-28T12:00:00.000Z',
    ],
    // 10:00 EST on the eve of the spring change stays 10:00 local (EDT) a day later.
    [
      'a day across spring DST keeps local time',
      '2025-03-08T15:00:00.000Z',
      1,
      'days',
      'America/New_York',
      '2025-03-09T14:00:00.000Z',
    ],
    [
      '24 hours across spring DST are 24 elapsed hours',
      '2025-03-08T15:00:00.000Z',
      24,
      'hours',
      'America/New_York',
      '2025-03-09T15:00:00.000Z',
    ],
    [
      'a day across autumn DST keeps local time',
      '2025-10-25T09:00:00.000Z',
      1,
      'days',
      'Europe/London',
      '2025-10-26T10:00:00.000Z',
    ],
    [
      'a month across DST keeps local time',
      '2025-03-01T09:00:00.000Z',
      1,
      'months',
      'Europe/London',
      '2025-04-01T08:00:00.000Z',
    ],
  ])('adds: %s', (_title, start, value, unit, zone, expected) => {
    expect(iso(addDuration(at(start), value, unit, zone))).toBe(expected);
  });

  it.each<[string, string, number, DurationUnit, string, string]>([
    ['hours', '2025-01-08T09:00:00.000Z', 3, 'hours', 'UTC', '2025-01-08T06:00:00.000Z'],
    [
      'a day back across spring DST',
      '2025-03-09T14:00:00.000Z',
      1,
      'days',
      'America/New_York',
      '2025-03-08T15:00:00.000Z',
    ],
    [
      'a month back from 31 March',
      '2025-03-31T12:00:00.000Z',
      1,
      'months',
      'UTC',
      '2025-02-28T12:00:00.000Z',
    ],
  ])('subtracts: %s', (_title, start, value, unit, zone, expected) => {
    expect(iso(subtractDuration(at(start), value, unit, zone))).toBe(expected);
  });
});

const weekdays: WorkingDays = {
  Monday: { anytime: true },
  Tuesday: { anytime: true },
  Wednesday: { anytime: true },
  Thursday: { anytime: true },
  Friday: { anytime: true },
};
const office = { anytime: false, from: '09:00', to: '17:00' };
const officeHours: WorkingDays = {
  Monday: office,
  Tuesday: office,
  Wednesday: office,
  Thursday: office,
  Friday: office,
};

describe('pushToWorkingTime', () => {
  it.each<[string, string, WorkingDays, string, string]>([
    ['a weekday stays', '2025-01-08T10:00:00.000Z', weekdays, 'UTC', '2025-01-08T10:00:00.000Z'],
    [
      'Saturday moves to Monday midnight',
      '2025-01-11T10:00:00.000Z',
      weekdays,
      'UTC',
      '2025-01-13T00:00:00.000Z',
    ],
    [
      'late Sunday moves to Monday midnight',
      '2025-01-12T23:00:00.000Z',
      weekdays,
      'UTC',
      '2025-01-13T00:00:00.000Z',
    ],
    [
      'before hours moves to opening',
      '2025-01-06T08:00:00.000Z',
      officeHours,
      'Europe/London',
      '2025-01-06T09:00:00.000Z',
    ],
    [
      'inside hours stays',
      '2025-01-06T12:00:00.000Z',
      officeHours,
      'Europe/London',
      '2025-01-06T12:00:00.000Z',
    ],
    [
      'closing time itself stays',
      '2025-01-06T17:00:00.000Z',
      officeHours,
      'Europe/London',
      '2025-01-06T17:00:00.000Z',
    ],
    [
      'after hours moves to next opening',
      '2025-01-06T18:00:00.000Z',
      officeHours,
      'Europe/London',
      '2025-01-07T09:00:00.000Z',
    ],
    [
      'Friday evening moves to Monday opening',
      '2025-01-10T18:00:00.000Z',
      officeHours,
      'Europe/London',
      '2025-01-13T09:00:00.000Z',
    ],
    [
      'hours are local: 09:00 BST is 08:00 UTC',
      '2025-06-07T12:00:00.000Z',
      officeHours,
      'Europe/London',
      '2025-06-09T08:00:00.000Z',
    ],
    // The weekend when New York moves to EDT: Monday 09:00 EDT is 13:00 UTC.
    [
      'across spring DST',
      '2025-03-08T20:00:00.000Z',
      officeHours,
      'America/New_York',
      '2025-03-10T13:00:00.000Z',
    ],
    [
      'in the zone, not UTC: Saturday 01:00 UTC is Friday in New York',
      '2025-01-11T01:00:00.000Z',
      weekdays,
      'America/New_York',
      '2025-01-11T01:00:00.000Z',
    ],
    [
      'only Saturdays work',
      '2025-01-08T10:00:00.000Z',
      { Saturday: { anytime: true } },
      'UTC',
      '2025-01-11T00:00:00.000Z',
    ],
    ['no working day at all leaves it', '2025-01-11T10:00:00.000Z', {}, 'UTC', '2025-01-11T10:00:00.000Z'],
  ])('%s', (_title, input, days, zone, expected) => {
    const pushed = pushToWorkingTime(at(input), days, zone);
    expect(iso(pushed)).toBe(expected);
    expect(pushed.getTime()).toBeGreaterThanOrEqual(at(input).getTime());
  });
});

function step(id: string, deadline: StepDeadline | null, position = 1): StepDefinition {
  return {
    id,
    alias: id,
    title: id,
    summary: null,
    stepType: 'task',
    position,
    deadline,
    startDate: null,
    assignees: [],
    guests: [],
    groups: [],
    assignRunStarter: true,
    canCompleteOnlyAssignees: false,
    everyoneMustComplete: false,
    allowGuestOwners: false,
    preventGuestComment: false,
    skipStartProcess: false,
    isSoftStartDate: false,
    topSecret: false,
    maxAssignable: 0,
    webhook: null,
    fields: [],
    settings: {},
  };
}
const d = (value: number, unit: DurationUnit, option: 'from' | 'prior_to', anchor: string): StepDeadline => ({
  value,
  unit,
  option,
  step: anchor,
});

describe('computeStepDeadlines', () => {
  const utc = { timezone: 'UTC', workingDays: weekdays };

  it('resolves launch and step anchors, in any order of the list', () => {
    const steps = [
      step('C', d(3, 'hours', 'prior_to', 'B')),
      step('B', d(1, 'days', 'from', 'A')),
      step('A', d(2, 'days', 'from', 'start_run')),
      step('D', null),
      step('E', d(1, 'days', 'from', 'D')),
    ];
    const result = computeStepDeadlines(steps, at('2025-01-06T09:00:00.000Z'), utc);
    expect(Object.fromEntries([...result].map(([k, v]) => [k, iso(v)]))).toEqual({
      A: '2025-01-08T09:00:00.000Z',
      B: '2025-01-09T09:00:00.000Z',
      C: '2025-01-09T06:00:00.000Z',
      D: null,
      E: null,
    });
  });

  it('pushes each deadline to working time before later steps count from it', () => {
    const steps = [
      step('A', d(5, 'days', 'from', 'start_run')),
      step('B', d(1, 'day' as DurationUnit, 'from', 'A')),
    ];
    const result = computeStepDeadlines(steps, at('2025-01-06T09:00:00.000Z'), utc);
    expect(iso(result.get('A'))).toBe('2025-01-13T00:00:00.000Z');
    expect(iso(result.get('B'))).toBe('2025-01-14T00:00:00.000Z');
  });

  it('counts in the organization zone and working hours', () => {
    const london = { timezone: 'Europe/London', workingDays: officeHours };
    const result = computeStepDeadlines(
      [step('A', d(2, 'hours', 'from', 'start_run'))],
      at('2025-01-10T16:00:00.000Z'),
      london,
    );
    expect(iso(result.get('A'))).toBe('2025-01-13T09:00:00.000Z');
  });

  it('gives null to steps caught in a cycle instead of looping', () => {
    const steps = [step('A', d(1, 'days', 'from', 'B')), step('B', d(1, 'days', 'from', 'A'))];
    const result = computeStepDeadlines(steps, at('2025-01-06T09:00:00.000Z'), utc);
    expect([result.get('A'), result.get('B')]).toEqual([null, null]);
  });
});

describe('validateStepDeadlines', () => {
  const raw = (value: unknown, unit: unknown, option: unknown, anchor: unknown) => ({
    value,
    unit,
    option,
    step: anchor,
  });

  it.each<[string, Array<{ id: string; deadline: ReturnType<typeof raw> | null }>, Record<string, string[]>]>(
    [
      [
        'accepts valid deadlines and none',
        [
          { id: 'A', deadline: raw(2, 'days', 'from', 'start_run') },
          { id: 'B', deadline: null },
        ],
        {},
      ],
      ['accepts a singular unit', [{ id: 'A', deadline: raw(1, 'week', 'prior_to', 'start_run') }], {}],
      [
        'refuses an unknown unit',
        [{ id: 'A', deadline: raw(1, 'fortnights', 'from', 'start_run') }],
        { 'steps.0.deadline.unit': expect.any(Array) },
      ],
      [
        'refuses an unknown option',
        [{ id: 'A', deadline: raw(1, 'days', 'after', 'start_run') }],
        { 'steps.0.deadline.option': expect.any(Array) },
      ],
      [
        'refuses a negative or fractional value',
        [
          { id: 'A', deadline: raw(-1, 'days', 'from', 'start_run') },
          { id: 'B', deadline: raw(1.5, 'days', 'from', 'start_run') },
        ],
        { 'steps.0.deadline.value': expect.any(Array), 'steps.1.deadline.value': expect.any(Array) },
      ],
      [
        'refuses an anchor that is not a step',
        [{ id: 'A', deadline: raw(1, 'days', 'from', 'nope') }],
        { 'steps.0.deadline.step': expect.any(Array) },
      ],
      [
        'refuses a step anchored to itself',
        [{ id: 'A', deadline: raw(1, 'days', 'from', 'A') }],
        { 'steps.0.deadline.step': expect.any(Array) },
      ],
      [
        'refuses a two-step cycle on both steps',
        [
          { id: 'A', deadline: raw(1, 'days', 'from', 'B') },
          { id: 'B', deadline: raw(1, 'days', 'prior_to', 'A') },
        ],
        { 'steps.0.deadline.step': expect.any(Array), 'steps.1.deadline.step': expect.any(Array) },
      ],
      [
        'refuses a three-step cycle but not a step that merely leads into it',
        [
          { id: 'A', deadline: raw(1, 'days', 'from', 'B') },
          { id: 'B', deadline: raw(1, 'days', 'from', 'C') },
          { id: 'C', deadline: raw(1, 'days', 'from', 'A') },
          { id: 'D', deadline: raw(1, 'days', 'from', 'A') },
        ],
        {
          'steps.0.deadline.step': expect.any(Array),
          'steps.1.deadline.step': expect.any(Array),
          'steps.2.deadline.step': expect.any(Array),
        },
      ],
    ],
  )('%s', (_title, steps, expected) => {
    expect(validateStepDeadlines(steps)).toEqual(expected);
  });
});
