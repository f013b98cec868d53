import { z } from 'zod';
import { InvalidBusinessDateError, InvalidInstantError } from './errors.ts';

/**
 * Business dates are `YYYY-MM-DD` strings read in Asia/Shanghai. All arithmetic is on a
 * day number (days since 1970-01-01, proleptic Gregorian), computed by hand so nothing
 * depends on the host's time zone. Shanghai has kept UTC+08:00 without DST since 1991,
 * which is what lets an instant map to its business date by adding eight hours.
 */
export type BusinessDate = string;

export const SHANGHAI_OFFSET = '+08:00';
const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const MINUTES_PER_DAY = 24 * 60;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const ZERO = 48;
const HYPHEN = 45;

/** The value of the ASCII digit at `i`, or -1 (`\d` without the u flag is exactly 0-9). */
function digitAt(s: string, i: number): number {
  const d = s.charCodeAt(i) - ZERO;
  return d >= 0 && d <= 9 ? d : -1;
}

/**
 * `YYYY-MM-DD` read character by character: the strings /^(\d{4})-(\d{2})-(\d{2})$/ matches,
 * with the same range checks, without a regex match and three Number() calls (every date of
 * every command and event passes here; test/domain/calendar/business-date.test.ts holds it
 * to the regex reading).
 */
function packedYmd(date: string): number {
  if (typeof date !== 'string' || date.length !== 10 || date.charCodeAt(4) !== HYPHEN || date.charCodeAt(7) !== HYPHEN) return -1;
  const y0 = digitAt(date, 0), y1 = digitAt(date, 1), y2 = digitAt(date, 2), y3 = digitAt(date, 3);
  const m0 = digitAt(date, 5), m1 = digitAt(date, 6), d0 = digitAt(date, 8), d1 = digitAt(date, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return -1;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
  // One small integer (year·10⁴ + month·100 + day, below 2³⁰) rather than an object: the
  // validity check of every date in every zod schema then allocates nothing.
  return year * 10_000 + month * 100 + day;
}

function ymd(date: string): { year: number; month: number; day: number } | undefined {
  const packed = packedYmd(date);
  if (packed < 0) return undefined;
  return { year: Math.floor(packed / 10_000), month: Math.floor(packed / 100) % 100, day: packed % 100 };
}

/** True when `date` is a real calendar date written `YYYY-MM-DD` (year 0001–9999). */
export function isBusinessDate(date: string): boolean {
  return packedYmd(date) >= 0;
}

/** Splits a business date; throws InvalidBusinessDateError when it is not one. */
export function parseBusinessDate(date: string): { year: number; month: number; day: number } {
  const parts = ymd(date);
  if (!parts) throw new InvalidBusinessDateError(date);
  return parts;
}

/** Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(n: number): { year: number; month: number; day: number } {
  const z0 = n + 719468;
  const era = Math.floor(z0 / 146097);
  const doe = z0 - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function format(year: number, month: number, day: number): BusinessDate {
  if (year < 1 || year > 9999) throw new InvalidBusinessDateError(`${year}-${month}-${day}`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function toDayNumber(date: BusinessDate): number {
  // From the packed integer, not parseBusinessDate's object: every comparison and day step goes through here.
  const packed = packedYmd(date);
  if (packed < 0) throw new InvalidBusinessDateError(date);
  return daysFromCivil(Math.floor(packed / 10_000), Math.floor(packed / 100) % 100, packed % 100);
}

/** The year of a business date; throws InvalidBusinessDateError when it is not one. */
export function businessYear(date: BusinessDate): number {
  const packed = packedYmd(date);
  if (packed < 0) throw new InvalidBusinessDateError(date);
  return Math.floor(packed / 10_000);
}

export function fromDayNumber(n: number): BusinessDate {
  const { year, month, day } = civilFromDays(n);
  return format(year, month, day);
}

export function addDays(date: BusinessDate, n: number): BusinessDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: BusinessDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function isWeekend(date: BusinessDate): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareBusinessDates(a: BusinessDate, b: BusinessDate): number {
  return toDayNumber(a) - toDayNumber(b);
}

/**
 * The same day-of-month `n` months later; when the target month is shorter, its last day.
 * This is the Civil Code's rule (民法典 art. 202): a period counted in months ends on the
 * corresponding day of the last month, or that month's last day when it has none.
 */
export function addMonths(date: BusinessDate, n: number): BusinessDate {
  const { year, month, day } = parseBusinessDate(date);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return format(y, m, Math.min(day, daysInMonth(y, m)));
}

const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2})$/;

interface ParsedInstant {
  /** Minutes since 1970-01-01T00:00Z, whole part. */
  readonly utcMinutes: number;
  /** Milliseconds within that minute, including the fraction. */
  readonly msInMinute: number;
}

function parseInstant(instant: string): ParsedInstant {
  const m = INSTANT_RE.exec(instant);
  if (!m) throw new InvalidInstantError(instant);
  const date = ymd(m[1] ?? '');
  const hour = Number(m[2]);
  const minute = Number(m[3]);
  const second = m[4] === undefined ? 0 : Number(m[4]);
  const fraction = m[5] === undefined ? 0 : Number(m[5]);
  const zone = m[6] ?? 'Z';
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) throw new InvalidInstantError(instant);
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  if (!date || hour > 23 || minute > 59 || second > 59) throw new InvalidInstantError(instant);
  const utcMinutes = daysFromCivil(date.year, date.month, date.day) * MINUTES_PER_DAY + hour * 60 + minute - offsetMinutes;
  return { utcMinutes, msInMinute: second * 1000 + fraction * 1000 };
}

/** True when `instant` is an ISO 8601 / RFC 3339 date-time WITH an offset (or Z). */
export function isInstant(instant: string): boolean {
  try {
    parseInstant(instant);
    return true;
  } catch {
    return false;
  }
}

/**
 * Milliseconds since the epoch. An instant without an offset is refused rather than read
 * in the host's zone, so the same input means the same moment on every machine.
 */
export function instantToEpochMs(instant: string): number {
  const p = parseInstant(instant);
  return p.utcMinutes * 60_000 + p.msInMinute;
}

/** The Asia/Shanghai business date on which `instant` falls. */
export function businessDateOf(instant: string): BusinessDate {
  const p = parseInstant(instant);
  return fromDayNumber(Math.floor((p.utcMinutes + SHANGHAI_OFFSET_MINUTES) / MINUTES_PER_DAY));
}

/** 00:00 Asia/Shanghai at the start of `date`, as an ISO string with +08:00. */
export function startOfBusinessDay(date: BusinessDate): string {
  parseBusinessDate(date);
  return `${date}T00:00:00${SHANGHAI_OFFSET}`;
}

/**
 * 24:00 Asia/Shanghai at the end of `date`, written as 00:00 of the next day (+08:00)
 * because ECMAScript and most parsers refuse `T24:00`. It is an exclusive bound: an
 * instant is within the day iff it is strictly earlier.
 */
export function endOfBusinessDay(date: BusinessDate): string {
  return startOfBusinessDay(addDays(date, 1));
}

export const BusinessDateSchema = z.string().refine(isBusinessDate, { message: 'expected a calendar date written YYYY-MM-DD' });

export const InstantSchema = z.string().refine(isInstant, { message: 'expected an ISO 8601 date-time with an offset, e.g. 2026-02-14T09:30:00+08:00' });
