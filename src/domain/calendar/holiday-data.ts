import { z } from 'zod';
import { BusinessDateSchema, addDays, compareBusinessDates, isBusinessDate, isWeekend, parseBusinessDate, type BusinessDate } from './business-date.ts';

/**
 * One year of the State Council's holiday notice (国务院办公厅关于某年部分节假日安排的通知),
 * as data: the ranges of days off and the weekend days worked instead (调休).
 */
export const HolidayRangeSchema = z.object({
  name: z.string().min(1),
  from: BusinessDateSchema,
  to: BusinessDateSchema,
});

export const CalendarYearSchema = z
  .object({
    year: z.number().int().min(1990).max(2999),
    /** The notice this year's data was copied from. */
    source: z.string().min(1),
    holidays: z.array(HolidayRangeSchema),
    /** Saturdays and Sundays that are working days. */
    workedWeekendDays: z.array(BusinessDateSchema),
  })
  .superRefine((y, ctx) => {
    // zod runs this even when a date field already failed; those are reported, stop here.
    const dates = [...y.holidays.flatMap((h) => [h.from, h.to]), ...y.workedWeekendDays];
    if (!dates.every(isBusinessDate)) return;
    const inYear = (d: string) => parseBusinessDate(d).year === y.year;
    const off = new Set<string>();
    y.holidays.forEach((h, i) => {
      if (!inYear(h.from)) ctx.addIssue({ code: 'custom', path: ['holidays', i, 'from'], message: `must fall in ${y.year}` });
      if (!inYear(h.to)) ctx.addIssue({ code: 'custom', path: ['holidays', i, 'to'], message: `must fall in ${y.year}` });
      if (compareBusinessDates(h.from, h.to) > 0) {
        ctx.addIssue({ code: 'custom', path: ['holidays', i, 'to'], message: 'must not be before from' });
        return;
      }
      for (const d of expandRange(h.from, h.to)) off.add(d);
    });
    const seen = new Set<string>();
    y.workedWeekendDays.forEach((d, i) => {
      const path = ['workedWeekendDays', i];
      if (!inYear(d)) ctx.addIssue({ code: 'custom', path, message: `must fall in ${y.year}` });
      if (!isWeekend(d)) ctx.addIssue({ code: 'custom', path, message: `${d} is not a Saturday or Sunday` });
      if (off.has(d)) ctx.addIssue({ code: 'custom', path, message: `${d} is also listed as a day off` });
      if (seen.has(d)) ctx.addIssue({ code: 'custom', path, message: `${d} is listed twice` });
      seen.add(d);
    });
  });

export type HolidayRange = z.infer<typeof HolidayRangeSchema>;
export type CalendarYear = z.infer<typeof CalendarYearSchema>;

/** Every date from `from` to `to` inclusive. A holiday range is at most a year long. */
export function expandRange(from: BusinessDate, to: BusinessDate): BusinessDate[] {
  const out: BusinessDate[] = [];
  for (let d = from, i = 0; compareBusinessDates(d, to) <= 0 && i < 366; d = addDays(d, 1), i++) out.push(d);
  return out;
}
