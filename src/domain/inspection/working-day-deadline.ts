import type { BusinessDate } from '../calendar/business-date.ts';
import { CalendarError } from '../calendar/errors.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { reject, type Rejection } from '../decider.ts';

/**
 * The last day of a period of `n` working days after `start` (the start day not counted),
 * or a rejection naming `field` when the calendar cannot say: a date outside the loaded
 * years is refused, never guessed (domain.md, working days).
 */
export function lastWorkingDayOrReject(calendar: WorkingCalendar, start: BusinessDate, n: number, code: string, field: string): BusinessDate | Rejection {
  try {
    return calendar.addWorkingDays(start, n);
  } catch (err) {
    if (err instanceof CalendarError) return reject(code, err.message, field);
    throw err;
  }
}
