import {
  addDays,
  businessYear,
  compareBusinessDates,
  endOfBusinessDay,
  instantToEpochMs,
  isWeekend,
  type BusinessDate,
} from './business-date.ts';
import { CalendarRangeError, CalendarError, InvalidWorkingDayCountError } from './errors.ts';
import { CalendarYearSchema, expandRange, type CalendarYear } from './holiday-data.ts';

/**
 * A deadline counted in working days. The start day is not counted; the deadline ends
 * at 24:00 Asia/Shanghai of `lastDay`. `endsAt` is that instant written as 00:00+08:00
 * of the following day and is EXCLUSIVE: an act is on time iff it happens before it.
 */
export interface Deadline {
  readonly lastDay: BusinessDate;
  readonly endsAt: string;
}

export interface WorkingCalendar {
  /** Years whose holiday notice is loaded, ascending. */
  readonly years: readonly number[];
  /** Throws CalendarRangeError for a date outside the loaded years. */
  isWorkingDay(date: BusinessDate): boolean;
  /**
   * The n-th working day after `start` (the start day is not counted; n = 0 gives
   * `start`). Every day walked over must be in a loaded year.
   */
  addWorkingDays(start: BusinessDate, n: number): BusinessDate;
  /**
   * Working days in the half-open range (a, b]: the inverse of addWorkingDays, so
   * workingDaysBetween(a, addWorkingDays(a, n)) === n. Negative when b is before a.
   */
  workingDaysBetween(a: BusinessDate, b: BusinessDate): number;
  /** The deadline `n` working days after `start`. */
  deadline(start: BusinessDate, n: number): Deadline;
  /** deadline(start, n).endsAt: the instant (ISO, +08:00) at which the deadline passes. */
  deadlineInstant(start: BusinessDate, n: number): string;
}

/** Bounds a walk: ten years of days. Deadlines here are weeks long. */
const WALK_DAYS_MAX = 3660;

/** Builds a calendar from validated yearly data. Throws CalendarError on duplicate years. */
export function createWorkingCalendar(data: readonly CalendarYear[]): WorkingCalendar {
  const years = [...new Set(data.map((y) => y.year))].sort((a, b) => a - b);
  if (years.length !== data.length) throw new CalendarError('calendar.duplicate_year', 'a year is loaded twice');
  const offDays = new Set<string>();
  const workedDays = new Set<string>();
  for (const raw of data) {
    const y = CalendarYearSchema.parse(raw);
    for (const h of y.holidays) for (const d of expandRange(h.from, h.to)) offDays.add(d);
    for (const d of y.workedWeekendDays) workedDays.add(d);
  }
  const loaded = new Set(years);

  function isWorkingDay(date: BusinessDate): boolean {
    const year = businessYear(date);
    if (!loaded.has(year)) throw new CalendarRangeError(date, years);
    if (workedDays.has(date)) return true;
    if (offDays.has(date)) return false;
    return !isWeekend(date);
  }

  function addWorkingDays(start: BusinessDate, n: number): BusinessDate {
    if (!Number.isSafeInteger(n) || n < 0 || n > WALK_DAYS_MAX) throw new InvalidWorkingDayCountError(n);
    let d = start;
    businessYear(d); // throws on a malformed start
    for (let counted = 0; counted < n; ) {
      d = addDays(d, 1);
      if (isWorkingDay(d)) counted++;
    }
    return d;
  }

  function workingDaysBetween(a: BusinessDate, b: BusinessDate): number {
    const cmp = compareBusinessDates(a, b);
    if (cmp > 0) return -workingDaysBetween(b, a);
    let count = 0;
    for (let d = a, i = 0; compareBusinessDates(d, b) < 0; i++) {
      if (i >= WALK_DAYS_MAX) throw new CalendarRangeError(b, years);
      d = addDays(d, 1);
      if (isWorkingDay(d)) count++;
    }
    return count;
  }

  function deadline(start: BusinessDate, n: number): Deadline {
    const lastDay = addWorkingDays(start, n);
    return { lastDay, endsAt: endOfBusinessDay(lastDay) };
  }

  return {
    years,
    isWorkingDay,
    addWorkingDays,
    workingDaysBetween,
    deadline,
    deadlineInstant: (start, n) => deadline(start, n).endsAt,
  };
}

/** True once `asOf` (an ISO instant with offset) has reached the deadline's end. */
export function isPastDeadline(deadline: Deadline, asOf: string): boolean {
  return instantToEpochMs(asOf) >= instantToEpochMs(deadline.endsAt);
}
