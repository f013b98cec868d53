import t from 'tap';
import fc from 'fast-check';
import { addDays, fromDayNumber, isWeekend, toDayNumber } from '../../../src/domain/calendar/business-date.ts';
import { CalendarError, CalendarRangeError, InvalidWorkingDayCountError } from '../../../src/domain/calendar/errors.ts';
import { CalendarYearSchema } from '../../../src/domain/calendar/holiday-data.ts';
import { createWorkingCalendar, isPastDeadline } from '../../../src/domain/calendar/working-calendar.ts';
import { loadCalendar } from '../../../src/policy/load.ts';

const cal = loadCalendar();

/** The State Council notices as domain.md lists them, typed again here by hand. */
const OFF = {
  2025: [['01-01', '01-01'], ['01-28', '02-04'], ['04-04', '04-06'], ['05-01', '05-05'], ['05-31', '06-02'], ['10-01', '10-08']],
  2026: [['01-01', '01-03'], ['02-15', '02-23'], ['04-04', '04-06'], ['05-01', '05-05'], ['06-19', '06-21'], ['09-25', '09-27'], ['10-01', '10-07']],
} as const;
const WORKED = {
  2025: ['01-26', '02-08', '04-27', '09-28', '10-11'],
  2026: ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'],
} as const;

t.test('the loaded data is exactly the notices of domain.md, day by day', async (t) => {
  t.same(cal.years, [2025, 2026]);
  let mismatches = 0;
  for (const year of [2025, 2026] as const) {
    const off = new Set<string>();
    for (const [from, to] of OFF[year]) {
      for (let d = `${year}-${from}`; d <= `${year}-${to}`; d = addDays(d, 1)) off.add(d);
    }
    const worked = new Set(WORKED[year].map((md) => `${year}-${md}`));
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
      const expected = worked.has(d) || (!off.has(d) && !isWeekend(d));
      if (cal.isWorkingDay(d) !== expected) {
        mismatches++;
        t.fail(`${d}: expected ${expected ? 'working' : 'day off'}`);
      }
    }
  }
  t.equal(mismatches, 0);
});

t.test('both years have 248 working days', async (t) => {
  // 2025: 365 days from a Wednesday: 104 weekend days, 261 weekdays; 18 of them are
  // holidays (1/1; 1/28-31, 2/3-4; 4/4; 5/1-2, 5/5; 6/2; 10/1-3, 10/6-8); 5 weekend days
  // worked: 261 - 18 + 5 = 248. 2026, from a Thursday: 261 weekdays; 19 weekday holidays
  // (1/1-2; 2/16-20, 2/23; 4/6; 5/1, 5/4-5; 6/19; 9/25; 10/1-2, 10/5-7); 6 worked: 248.
  t.equal(cal.workingDaysBetween('2024-12-31', '2025-12-31'), 248);
  t.equal(cal.workingDaysBetween('2025-12-31', '2026-12-31'), 248);
});

t.test('deadlines across the 2026 Spring Festival (off 2/15-2/23, worked Sat 2/14 and Sat 2/28)', async (t) => {
  // Publicity of 5 working days opened Thu 2026-02-12. The start day is not counted:
  //   Fri 2/13 (1), Sat 2/14 worked (2), Sun 2/15 - Mon 2/23 off,
  //   Tue 2/24 (3), Wed 2/25 (4), Thu 2/26 (5).
  // Last day Thu 2/26; the deadline passes at 24:00 that day, i.e. 2026-02-27T00:00+08:00.
  t.same(cal.deadline('2026-02-12', 5), { lastDay: '2026-02-26', endsAt: '2026-02-27T00:00:00+08:00' });
  t.equal(cal.deadlineInstant('2026-02-12', 5), '2026-02-27T00:00:00+08:00');

  // Review of 10 working days from Tue 2026-02-10:
  //   Wed 2/11 (1), Thu 2/12 (2), Fri 2/13 (3), Sat 2/14 worked (4), 2/15-2/23 off,
  //   Tue 2/24 (5), Wed 2/25 (6), Thu 2/26 (7), Fri 2/27 (8), Sat 2/28 worked (9),
  //   Sun 3/1 off, Mon 3/2 (10).
  t.same(cal.deadline('2026-02-10', 10), { lastDay: '2026-03-02', endsAt: '2026-03-03T00:00:00+08:00' });

  // Started on a holiday (Mon 2/16): the next working day is Tue 2/24.
  t.equal(cal.addWorkingDays('2026-02-16', 1), '2026-02-24');
  // Started on the worked Saturday 2/14: the nine days off follow, so again Tue 2/24.
  t.equal(cal.addWorkingDays('2026-02-14', 1), '2026-02-24');
  // (2/13, 2/24] holds Sat 2/14 and Tue 2/24.
  t.equal(cal.workingDaysBetween('2026-02-13', '2026-02-24'), 2);
  t.equal(cal.workingDaysBetween('2026-02-24', '2026-02-13'), -2);
  t.ok(cal.isWorkingDay('2026-02-14'));
  t.notOk(cal.isWorkingDay('2026-02-23'));
  t.ok(cal.isWorkingDay('2026-02-28'));
  t.notOk(cal.isWorkingDay('2026-03-01'));
});

t.test('deadlines across the 2025 National Day (off 10/1-10/8, worked Sun 9/28 and Sat 10/11)', async (t) => {
  // 5 working days from Fri 2025-09-26: Sat 9/27 off, Sun 9/28 worked (1), Mon 9/29 (2),
  // Tue 9/30 (3), 10/1-10/8 off, Thu 10/9 (4), Fri 10/10 (5).
  t.same(cal.deadline('2025-09-26', 5), { lastDay: '2025-10-10', endsAt: '2025-10-11T00:00:00+08:00' });

  // 10 working days from Thu 2025-09-25: Fri 9/26 (1), Sun 9/28 (2), Mon 9/29 (3),
  // Tue 9/30 (4), Thu 10/9 (5), Fri 10/10 (6), Sat 10/11 worked (7), Sun 10/12 off,
  // Mon 10/13 (8), Tue 10/14 (9), Wed 10/15 (10).
  t.same(cal.deadline('2025-09-25', 10), { lastDay: '2025-10-15', endsAt: '2025-10-16T00:00:00+08:00' });

  // 20 working days (results made public) from Tue 2025-09-30: Thu 10/9 (1), Fri 10/10 (2),
  // Sat 10/11 (3), Mon 10/13 - Fri 10/17 (4-8), 10/20-24 (9-13), 10/27-31 (14-18),
  // Mon 11/3 (19), Tue 11/4 (20).
  t.equal(cal.addWorkingDays('2025-09-30', 20), '2025-11-04');
  t.equal(cal.workingDaysBetween('2025-09-30', '2025-11-04'), 20);
});

t.test('a deadline crosses New Year 2026 (off 1/1-1/3, worked Sun 1/4)', async (t) => {
  // From Wed 2025-12-24: Thu 12/25 (1), Fri 12/26 (2), Mon 12/29 (3), Tue 12/30 (4),
  // Wed 12/31 (5), 1/1-1/3 off, Sun 1/4 worked (6), Mon 1/5 (7), Tue 1/6 (8), Wed 1/7 (9),
  // Thu 1/8 (10).
  t.equal(cal.addWorkingDays('2025-12-24', 10), '2026-01-08');
});

t.test('a deadline is past from 24:00 of its last day', async (t) => {
  const d = cal.deadline('2026-02-12', 5);
  t.notOk(isPastDeadline(d, '2026-02-26T23:59:59.999+08:00'));
  t.notOk(isPastDeadline(d, '2026-02-26T15:59:59.999Z'), 'the same instant in UTC');
  t.ok(isPastDeadline(d, '2026-02-27T00:00:00+08:00'));
  t.ok(isPastDeadline(d, '2026-02-26T16:00:00Z'));
});

t.test('dates outside the loaded years are errors, not guesses', async (t) => {
  t.throws(() => cal.isWorkingDay('2024-12-31'), CalendarRangeError);
  t.throws(() => cal.isWorkingDay('2027-01-04'), { code: 'calendar.date_out_of_range', date: '2027-01-04', loadedYears: [2025, 2026] });
  // 2026-12-24 + 10 working days walks into 2027, whose notice is not loaded.
  t.throws(() => cal.addWorkingDays('2026-12-24', 10), { code: 'calendar.date_out_of_range', date: '2027-01-01' });
  t.throws(() => cal.workingDaysBetween('2024-12-30', '2025-01-03'), CalendarRangeError);
  // The start day is not counted, so it need not be covered: 2025-01-01 is off, 01-02 a Thursday.
  t.equal(cal.addWorkingDays('2024-12-31', 1), '2025-01-02');
  const empty = createWorkingCalendar([]);
  t.throws(() => empty.isWorkingDay('2026-01-05'), /loaded years: none/);
});

t.test('bad counts and dates are typed errors', async (t) => {
  t.throws(() => cal.addWorkingDays('2026-02-12', -1), InvalidWorkingDayCountError);
  t.throws(() => cal.addWorkingDays('2026-02-12', 1.5), InvalidWorkingDayCountError);
  t.throws(() => cal.addWorkingDays('2026-02-30', 1), { code: 'calendar.invalid_date' });
  t.equal(cal.addWorkingDays('2026-02-15', 0), '2026-02-15', 'zero days: the start day itself');
});

t.test('holiday data is validated', async (t) => {
  const base = { year: 2026, source: 'test', holidays: [{ name: 'x', from: '2026-02-15', to: '2026-02-23' }], workedWeekendDays: ['2026-02-14'] };
  t.ok(CalendarYearSchema.safeParse(base).success);
  const paths = (data: unknown) => CalendarYearSchema.safeParse(data).error?.issues.map((i) => i.path.join('.'));
  t.same(paths({ ...base, workedWeekendDays: ['2026-02-13'] }), ['workedWeekendDays.0'], 'a Friday cannot be a worked weekend day');
  t.same(paths({ ...base, workedWeekendDays: ['2026-02-15'] }), ['workedWeekendDays.0'], 'both off and worked');
  t.same(paths({ ...base, holidays: [{ name: 'x', from: '2026-02-23', to: '2026-02-15' }] }), ['holidays.0.to']);
  t.same(paths({ ...base, holidays: [{ name: 'x', from: '2025-12-31', to: '2026-01-01' }] }), ['holidays.0.from']);
  t.same(paths({ ...base, holidays: [{ name: 'x', from: '2026-02-30', to: '2026-03-01' }] }), ['holidays.0.from']);
  t.throws(() => createWorkingCalendar([base, base]), CalendarError, 'a year loaded twice');
});

t.test('property: workingDaysBetween inverts addWorkingDays, and lands on working days', async () => {
  const start = fc.integer({ min: toDayNumber('2024-12-31'), max: toDayNumber('2026-10-31') }).map(fromDayNumber);
  fc.assert(
    fc.property(start, fc.integer({ min: 0, max: 40 }), (a, n) => {
      const b = cal.addWorkingDays(a, n);
      return cal.workingDaysBetween(a, b) === n && (n === 0 || cal.isWorkingDay(b));
    }),
  );
});
