import t from 'tap';
import fc from 'fast-check';
import {
  BusinessDateSchema,
  InstantSchema,
  addDays,
  addMonths,
  businessDateOf,
  dayOfWeek,
  endOfBusinessDay,
  fromDayNumber,
  instantToEpochMs,
  isBusinessDate,
  toDayNumber,
} from '../../../src/domain/calendar/business-date.ts';
import { InvalidBusinessDateError, InvalidInstantError } from '../../../src/domain/calendar/errors.ts';

t.test('business dates are real dates written YYYY-MM-DD', async (t) => {
  t.ok(isBusinessDate('2026-02-28'));
  t.ok(isBusinessDate('2024-02-29'));
  t.notOk(isBusinessDate('2026-02-29'));
  t.notOk(isBusinessDate('1900-02-29'), '1900 is not a leap year');
  t.ok(isBusinessDate('2000-02-29'), '2000 is');
  t.notOk(isBusinessDate('2026-2-28'));
  t.notOk(isBusinessDate('2026-02-28T00:00:00+08:00'));
  t.throws(() => addDays('2026-13-01', 1), InvalidBusinessDateError);
  t.equal(BusinessDateSchema.safeParse('2026-04-31').success, false);
});

t.test('day arithmetic', async (t) => {
  t.equal(addDays('2025-12-31', 1), '2026-01-01');
  t.equal(addDays('2024-03-01', -1), '2024-02-29');
  t.equal(toDayNumber('1970-01-01'), 0);
  t.equal(dayOfWeek('2026-01-01'), 4, 'a Thursday');
  t.equal(dayOfWeek('2026-02-14'), 6, 'a Saturday');
  t.equal(dayOfWeek('2025-09-28'), 0, 'a Sunday');
});

t.test('addMonths keeps the day or clamps to the month end (民法典 art. 202)', async (t) => {
  t.equal(addMonths('2025-03-15', 12), '2026-03-15');
  t.equal(addMonths('2024-02-29', 12), '2025-02-28');
  t.equal(addMonths('2025-01-31', 1), '2025-02-28');
  t.equal(addMonths('2025-11-30', 3), '2026-02-28');
  t.equal(addMonths('2026-03-31', -1), '2026-02-28');
});

t.test('property: day numbers agree with the ECMAScript proleptic Gregorian calendar', async () => {
  fc.assert(
    fc.property(fc.integer({ min: -200_000, max: 2_900_000 }), (n) => {
      const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
      return fromDayNumber(n) === iso && toDayNumber(iso) === n && dayOfWeek(iso) === new Date(n * 86_400_000).getUTCDay();
    }),
  );
});

t.test('the Shanghai business date of an instant', async (t) => {
  t.equal(businessDateOf('2026-02-14T16:30:00Z'), '2026-02-15', '16:30 UTC is 00:30 next day in Shanghai');
  t.equal(businessDateOf('2026-02-14T15:59:59.999Z'), '2026-02-14');
  t.equal(businessDateOf('2026-02-14T23:59:59+08:00'), '2026-02-14');
  t.equal(businessDateOf('2026-02-14T20:00:00-05:00'), '2026-02-15', '01:00Z on the 15th is 09:00 in Shanghai');
  t.equal(businessDateOf('2025-12-31T16:00:00Z'), '2026-01-01');
  t.throws(() => businessDateOf('2026-02-14T12:00:00'), InvalidInstantError, 'no offset: refused, not read in the host zone');
  t.throws(() => businessDateOf('2026-02-30T12:00:00Z'), InvalidInstantError);
  t.throws(() => businessDateOf('2026-02-14T24:00:00+08:00'), InvalidInstantError);
  t.notOk(InstantSchema.safeParse('2026-02-14').success);
});

t.test('property: instantToEpochMs agrees with Date.parse on offset instants', async () => {
  const offset = fc.record({ sign: fc.constantFrom('+', '-'), h: fc.integer({ min: 0, max: 14 }), m: fc.constantFrom(0, 30, 45) });
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), offset, (ms, o) => {
      const local = new Date(ms).toISOString().slice(0, 23);
      const iso = `${local}${o.sign}${String(o.h).padStart(2, '0')}:${String(o.m).padStart(2, '0')}`;
      return instantToEpochMs(iso) === Date.parse(iso);
    }),
  );
});

t.test('the end of a business day is 00:00+08:00 of the next', async (t) => {
  t.equal(endOfBusinessDay('2026-02-28'), '2026-03-01T00:00:00+08:00');
  t.equal(endOfBusinessDay('2025-12-31'), '2026-01-01T00:00:00+08:00');
});

/** The regex reading ymd() had before it read characters: the reference the fast one must match. */
function regexReading(date: string): { year: number; month: number; day: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const last = month === 2 ? ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > last) return undefined;
  return { year, month, day };
}

t.test('the character-by-character reading accepts and splits exactly what the regex reading did', async (t) => {
  const digit = fc.constantFrom(...'0123456789');
  // Near-dates: ten characters, mostly digits and hyphens in place, with odd characters mixed in.
  const odd = fc.constantFrom('/', ' ', '٣', '０', '\n', 'a', '+', '.', ':', '-', '9');
  const char = (place: 'digit' | 'hyphen') => fc.oneof({ weight: 12, arbitrary: place === 'digit' ? digit : fc.constant('-') }, { weight: 1, arbitrary: odd });
  const nearDate = fc.tuple(...[0, 1, 2, 3].map(() => char('digit')), char('hyphen'), char('digit'), char('digit'), char('hyphen'), char('digit'), char('digit')).map((cs) => cs.join(''));
  const realDate = fc.integer({ min: toDayNumber('0001-01-01'), max: toDayNumber('9999-12-31') }).map(fromDayNumber);
  const input = fc.oneof(nearDate, { weight: 2, arbitrary: realDate }, fc.string({ maxLength: 12 }), realDate.map((d) => `${d}\n`), realDate.map((d) => ` ${d}`));
  let accepted = 0;
  fc.assert(
    fc.property(input, (date) => {
      const expected = regexReading(date);
      if (expected !== undefined) accepted += 1;
      t.equal(isBusinessDate(date), expected !== undefined, date);
      if (expected === undefined) t.throws(() => toDayNumber(date), InvalidBusinessDateError);
      else {
        t.equal(fromDayNumber(toDayNumber(date)), date, 'the day number reads back as the date');
        if (expected.year >= 100) t.equal(toDayNumber(date), Date.UTC(expected.year, expected.month - 1, expected.day) / 86_400_000);
      }
      return true;
    }),
    { numRuns: 400 },
  );
  t.ok(accepted > 100, `a good share of the inputs are dates (${accepted} of 400)`);
  t.equal(isBusinessDate(undefined as unknown as string), false, 'not a string: not a date, as before');
});
