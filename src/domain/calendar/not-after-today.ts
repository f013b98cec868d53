import { reject, type Rejection } from '../decider.ts';
import { compareBusinessDates, type BusinessDate } from './business-date.ts';

/**
 * A business date a person states in a command may not lie after the request's own
 * business date (the server's day in Asia/Shanghai, passed in by the app layer as
 * `today`): a payment, a bank confirmation or a review dated tomorrow records something
 * that has not happened. Without `today` (a replay of a recorded history) the date is
 * judged as recorded. One rule for every aggregate; the code is `<aggregate>.date_in_future`.
 */
export function requireNotAfterToday(aggregate: string, ctx: { readonly today?: BusinessDate }, date: string, field: string): Rejection | undefined {
  if (ctx.today === undefined || compareBusinessDates(date, ctx.today) <= 0) return undefined;
  return reject(`${aggregate}.date_in_future`, `${field} ${date} is after today (${ctx.today})`, field);
}
