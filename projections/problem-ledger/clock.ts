import { businessDateOf, toDayNumber, type BusinessDate } from '../../src/domain/calendar/business-date.ts';
import { CalendarError } from '../../src/domain/calendar/errors.ts';
import type { WorkingCalendar } from '../../src/domain/calendar/working-calendar.ts';
import { DEFAULT_INSPECTION_RULES } from '../../src/domain/inspection/rules.ts';

/**
 * The query-time view of the rectification clock. A deadline ends at 24:00 Asia/Shanghai
 * of its last day (domain.md), so a finding is overdue from the first instant of the next
 * day: overdue ⇔ the business date of `asOf` is after `deadlineOn`, for a finding not yet
 * closed or withdrawn. Due soon: not overdue and the deadline within the next
 * `dueSoonWorkingDays` working days (today included when it is the last day).
 */
export interface AsOf {
  /** An ISO 8601 instant with offset; its Shanghai business date is "today". */
  readonly asOf: string;
  readonly calendar: WorkingCalendar;
  /** Default 3 (rules.ts). */
  readonly dueSoonWorkingDays?: number;
}

export interface ClockWindow {
  readonly asOfDate: BusinessDate;
  /** The last deadline that counts as due soon. */
  readonly dueSoonLast: BusinessDate;
}

/** Throws InvalidInstantError for a malformed asOf, CalendarRangeError beyond the loaded years. */
export function clockWindow(o: AsOf): ClockWindow {
  const asOfDate = businessDateOf(o.asOf);
  const n = o.dueSoonWorkingDays ?? DEFAULT_INSPECTION_RULES.dueSoonWorkingDays;
  return { asOfDate, dueSoonLast: o.calendar.addWorkingDays(asOfDate, n) };
}

/** Statuses in which the clock runs. */
export const RUNNING = ['open', 'rectification_submitted', 'verified'] as const;

export interface RowClock {
  readonly overdue: boolean;
  readonly dueSoon: boolean;
  /** Calendar days past the deadline (0 when not overdue). */
  readonly daysOverdue: number;
  /** Working days past the deadline; null when the calendar cannot count them. */
  readonly workingDaysOverdue: number | null;
  /** Working days left after today until the deadline (0 on the last day); null when overdue, stopped or uncountable. */
  readonly workingDaysLeft: number | null;
}

function countOrNull(f: () => number): number | null {
  try {
    return f();
  } catch (err) {
    if (err instanceof CalendarError) return null;
    throw err;
  }
}

export function rowClock(status: string, deadlineOn: BusinessDate, w: ClockWindow, calendar: WorkingCalendar): RowClock {
  const running = (RUNNING as readonly string[]).includes(status);
  if (!running) return { overdue: false, dueSoon: false, daysOverdue: 0, workingDaysOverdue: 0, workingDaysLeft: null };
  const overdue = w.asOfDate > deadlineOn;
  if (overdue) {
    const daysOverdue = toDayNumber(w.asOfDate) - toDayNumber(deadlineOn);
    return { overdue, dueSoon: false, daysOverdue, workingDaysOverdue: countOrNull(() => calendar.workingDaysBetween(deadlineOn, w.asOfDate)), workingDaysLeft: null };
  }
  const workingDaysLeft = countOrNull(() => calendar.workingDaysBetween(w.asOfDate, deadlineOn));
  return { overdue, dueSoon: deadlineOn <= w.dueSoonLast, daysOverdue: 0, workingDaysOverdue: 0, workingDaysLeft };
}

/**
 * rowClock for many rows of one query: deadlines cluster (notices go out in batches), and
 * counting working days walks the calendar, so each (running?, deadline) is counted once.
 */
export function rowClocks(w: ClockWindow, calendar: WorkingCalendar): (status: string, deadlineOn: BusinessDate) => RowClock {
  const memo = new Map<string, RowClock>();
  return (status, deadlineOn) => {
    const key = `${(RUNNING as readonly string[]).includes(status) ? 'r' : 's'}${deadlineOn}`;
    let clock = memo.get(key);
    if (clock === undefined) {
      clock = rowClock(status, deadlineOn, w, calendar);
      memo.set(key, clock);
    }
    return clock;
  };
}
