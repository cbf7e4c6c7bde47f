/**
 * Deadline arithmetic: calendar durations in the organization's time zone, then pushed
 * forward to working time. Pure: no clock, no I/O. The templates module validates step
 * deadlines with it; the processes module computes task deadlines with it at launch.
 */
import { DateTime } from 'luxon';
import type { FieldErrors } from './errors.js';
import { WEEKDAYS, type WorkingDays } from './identity.js';
import { DURATION_UNITS, type DurationUnit, type StepDefinition } from './templates/definition.js';

export const DEADLINE_OPTIONS = ['from', 'prior_to'] as const;
export const START_RUN = 'start_run';

/**
 * The longest duration a deadline or start date may name: a hundred years in each unit.
 * Longer ones would carry a deadline past the dates a timestamp can hold.
 */
export const MAX_DURATION: Readonly<Record<DurationUnit, number>> = {
  minutes: 52_560_000,
  hours: 876_000,
  days: 36_500,
  weeks: 5_200,
  months: 1_200,
};

/** True for a whole number from 0 to the unit's MAX_DURATION (the smallest unit's, when unknown). */
export function isDurationValue(value: unknown, unit: DurationUnit | undefined): value is number {
  const max = unit ? MAX_DURATION[unit] : MAX_DURATION.minutes;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

/** `day`, `Days`, `days` → `days`; undefined for anything that is not a duration unit. */
export function normalizeDurationUnit(raw: unknown): DurationUnit | undefined {
  if (typeof raw !== 'string') return undefined;
  const unit = raw.trim().toLowerCase();
  return DURATION_UNITS.find((u) => u === unit || u === `${unit}s`);
}

/**
 * `start` plus `value` units, counted on the calendar of `timezone`: minutes and hours are
 * elapsed time; days, weeks and months keep the local wall-clock time across DST changes
 * (a month from 31 January is the last day of February).
 */
export function addDuration(start: Date, value: number, unit: DurationUnit, timezone: string): Date {
  const local = DateTime.fromJSDate(start, { zone: timezone });
  return local.plus({ [unit]: value }).toJSDate();
}

/** `start` minus `value` units, with the same calendar rules as addDuration. */
export function subtractDuration(start: Date, value: number, unit: DurationUnit, timezone: string): Date {
  const local = DateTime.fromJSDate(start, { zone: timezone });
  return local.minus({ [unit]: value }).toJSDate();
}

const MINUTES_PER_DAY = 24 * 60;

function minutesOf(hhmm: string | undefined, fallback: number): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm ?? '');
  if (!match) return fallback;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The local wall-clock time `minutes` after midnight (set, not added, so DST days work). */
function atMinute(day: DateTime, minutes: number): DateTime {
  if (minutes >= MINUTES_PER_DAY) return day.plus({ days: 1 });
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
}

/** The working window of a local day in minutes since midnight, or undefined when off. */
function workingWindow(day: DateTime, workingDays: WorkingDays): { from: number; to: number } | undefined {
  const name = WEEKDAYS[day.weekday - 1];
  const config = name ? workingDays[name] : undefined;
  if (!config) return undefined;
  if (config.anytime) return { from: 0, to: MINUTES_PER_DAY };
  return { from: minutesOf(config.from, 0), to: minutesOf(config.to, MINUTES_PER_DAY) };
}

/**
 * The earliest working instant at or after `date`, in `timezone`. A date inside working
 * time stays as it is; before a day's hours it moves to that day's `from`; after them, or
 * on a day off, to the start of the next working day (midnight for an "any time" day,
 * otherwise its `from`). Never moves backwards. With no working day at all, returns `date`.
 */
export function pushToWorkingTime(date: Date, workingDays: WorkingDays, timezone: string): Date {
  if (!WEEKDAYS.some((d) => workingDays[d])) return date;
  const local = DateTime.fromJSDate(date, { zone: timezone });
  for (let offset = 0; offset <= 7; offset++) {
    const day = local.startOf('day').plus({ days: offset });
    const window = workingWindow(day, workingDays);
    if (!window) continue;
    const opensAt = atMinute(day, window.from);
    const closesAt = atMinute(day, window.to);
    if (local < opensAt) return opensAt.toJSDate();
    if (local <= closesAt) return date;
  }
  return date;
}

export interface DeadlineOrganization {
  timezone: string;
  workingDays: WorkingDays;
}

/**
 * Every step's deadline for a process launched at `launchedAt`. `start_run` anchors count
 * from the launch; a step anchor counts from that step's computed deadline (`from` = after
 * it, `prior_to` = before it). Each result is pushed forward to working time. A step with no
 * deadline, or anchored to a step without one (or to a cycle), gets null.
 */
export function computeStepDeadlines(
  steps: readonly StepDefinition[],
  launchedAt: Date,
  org: DeadlineOrganization,
): Map<string, Date | null> {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const result = new Map<string, Date | null>();
  const visiting = new Set<string>();

  const resolve = (step: StepDefinition): Date | null => {
    if (result.has(step.id)) return result.get(step.id) ?? null;
    if (visiting.has(step.id)) return null;
    visiting.add(step.id);
    const deadline = step.deadline;
    let computed: Date | null = null;
    const unit = normalizeDurationUnit(deadline?.unit);
    if (deadline && unit) {
      const anchorStep = deadline.step === START_RUN ? undefined : byId.get(deadline.step);
      const anchor = deadline.step === START_RUN ? launchedAt : anchorStep ? resolve(anchorStep) : null;
      if (anchor) {
        const raw =
          deadline.option === 'prior_to'
            ? subtractDuration(anchor, deadline.value, unit, org.timezone)
            : addDuration(anchor, deadline.value, unit, org.timezone);
        computed = pushToWorkingTime(raw, org.workingDays, org.timezone);
      }
    }
    visiting.delete(step.id);
    result.set(step.id, computed);
    return computed;
  };

  for (const step of steps) resolve(step);
  return result;
}

/** What validateStepDeadlines needs of a step: its id and its deadline as given. */
export interface StepDeadlineInput {
  id: string;
  deadline: { value: unknown; unit: unknown; option: unknown; step: unknown } | null;
}

/**
 * Checks every step's deadline: a whole-number value, a known unit and option, and an
 * anchor that is `start_run` or another step of the same list, with no cycle of steps whose
 * deadlines depend on each other. Errors are keyed `steps.<index>.deadline.<key>`.
 */
export function validateStepDeadlines(steps: readonly StepDeadlineInput[]): FieldErrors {
  const errors: FieldErrors = {};
  const add = (index: number, key: string, message: string) => {
    const path = `steps.${index}.deadline.${key}`;
    errors[path] = [...(errors[path] ?? []), message];
  };
  const ids = new Set(steps.map((s) => s.id));
  steps.forEach((step, index) => {
    const d = step.deadline;
    if (!d) return;
    if (!isDurationValue(d.value, normalizeDurationUnit(d.unit))) {
      add(index, 'value', 'The deadline value must be a whole number from 0 to 100 years.');
    }
    if (!normalizeDurationUnit(d.unit)) {
      add(index, 'unit', `The deadline unit must be one of ${DURATION_UNITS.join(', ')}.`);
    }
    if (!DEADLINE_OPTIONS.includes(d.option as (typeof DEADLINE_OPTIONS)[number])) {
      add(index, 'option', 'The deadline option must be from or prior_to.');
    }
    if (d.step !== START_RUN && (typeof d.step !== 'string' || !ids.has(d.step))) {
      add(index, 'step', 'The deadline step must be start_run or a step of this template.');
    } else if (d.step === step.id) {
      add(index, 'step', 'A step deadline cannot depend on the step itself.');
    }
  });
  for (const index of stepsInDeadlineCycles(steps)) {
    add(index, 'step', 'Step deadlines cannot depend on each other in a cycle.');
  }
  return errors;
}

/** Indexes of steps whose deadline anchors lead back to themselves (self-anchors excluded). */
function stepsInDeadlineCycles(steps: readonly StepDeadlineInput[]): number[] {
  const anchorOf = new Map<string, string>();
  for (const s of steps) {
    const anchor = s.deadline?.step;
    if (typeof anchor === 'string' && anchor !== START_RUN && anchor !== s.id) anchorOf.set(s.id, anchor);
  }
  const inCycle = new Set<string>();
  for (const s of steps) {
    const seen = new Set<string>([s.id]);
    let current = anchorOf.get(s.id);
    while (current !== undefined && !seen.has(current)) {
      seen.add(current);
      current = anchorOf.get(current);
    }
    if (current === s.id) inCycle.add(s.id);
  }
  return steps.flatMap((s, i) => (inCycle.has(s.id) ? [i] : []));
}
