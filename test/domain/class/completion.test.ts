import t from 'tap';
import fc from 'fast-check';
import { classDecider } from '../../../src/domain/class/decider.ts';
import type { ClassCommand, ClassCommandOf } from '../../../src/domain/class/commands.ts';
import type { ClassEvent } from '../../../src/domain/class/events.ts';
import { hoursCheckedIn } from '../../../src/domain/class/state.ts';
import { fold, isRejection } from '../../../src/domain/decider.ts';
import { addDays } from '../../../src/domain/calendar/business-date.ts';
import { spec } from '../spec.ts';
import { ann, approved, bo, chen, completed, context, outsider, requested, sessions } from './fixtures.ts';

const ok = classDecider(context());
const g = [requested, approved, ...sessions];
const complete: ClassCommandOf<'CompleteClass'> = {
  type: 'CompleteClass',
  completedOn: '2025-03-14',
  hours: [{ personRef: ann, hoursAttended: 16 }, { personRef: bo, hoursAttended: 6 }],
};

t.test('when approved with sessions', async (t) => {
  t.test('CompleteClass records the hours', async (t) => {
    spec(t, ok).given(g).when(complete).then([completed]);
  });
  t.test('hours above what the check-ins hold are refused', async (t) => {
    spec(t, ok)
      .given(g)
      .when({ ...complete, hours: [{ personRef: ann, hoursAttended: 16 }, { personRef: bo, hoursAttended: 9 }] })
      .thenRejects('class.hours_exceed_attendance', 'hours.1.hoursAttended');
  });
  t.test('hours for a trainee who never checked in are refused', async (t) => {
    spec(t, ok).given(g).when({ ...complete, hours: [{ personRef: chen, hoursAttended: 1 }] }).thenRejects('class.hours_exceed_attendance', 'hours.0.hoursAttended');
  });
  t.test('hours for someone not on the roster are refused', async (t) => {
    spec(t, ok).given(g).when({ ...complete, hours: [{ personRef: outsider, hoursAttended: 0 }] }).thenRejects('class.trainee_not_on_roster', 'hours.0.personRef');
  });
  t.test('a trainee listed twice is refused', async (t) => {
    spec(t, ok)
      .given(g)
      .when({ ...complete, hours: [{ personRef: bo, hoursAttended: 1 }, { personRef: bo, hoursAttended: 1 }] })
      .thenRejects('class.duplicate_trainee', 'hours.1.personRef');
  });
  t.test('completion before the last day is refused', async (t) => {
    spec(t, ok).given(g).when({ ...complete, completedOn: '2025-03-13' }).thenRejects('class.completed_before_end', 'completedOn');
  });
});

t.test('when approved without sessions, completion is refused', async (t) => {
  spec(t, ok).given([requested, approved]).when({ ...complete, hours: [{ personRef: ann, hoursAttended: 0 }] }).thenRejects('class.no_sessions');
});

/** Random sessions and completions against the fixture class (12 days, roster of three plus an outsider). */
const people = [ann, bo, chen, outsider];
const sessionCmd: fc.Arbitrary<ClassCommand> = fc
  .record({
    id: fc.integer({ min: 0, max: 6 }),
    day: fc.integer({ min: -1, max: 12 }),
    hours: fc.integer({ min: 1, max: 12 }),
    present: fc.subarray(people),
    result: fc.oneof({ weight: 4, arbitrary: fc.constant('pass' as const) }, { weight: 1, arbitrary: fc.constant('fail' as const) }),
  })
  .map(({ id, day, hours, present, result }) => ({
    type: 'RecordAttendanceSession',
    sessionId: `s${id}`,
    date: addDays('2025-03-03', day),
    hours,
    teacherId: 'teacher-7',
    checkIns: (present.length ? present : [ann]).map((personRef) => ({ personRef, method: 'face' as const, result })),
    recordedOn: '2025-03-20',
  }));
const completeCmd: fc.Arbitrary<ClassCommand> = fc
  .array(
    fc.record({
      personRef: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(ann, bo, chen) }, { weight: 1, arbitrary: fc.constant(outsider) }),
      hoursAttended: fc.integer({ min: 0, max: 16 }),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((hours) => ({ type: 'CompleteClass', completedOn: '2025-03-14', hours }));

const honestCmd = fc.record({ type: fc.constant('Honest' as const), shortfall: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 3 }) });

t.test('property: no trainee is ever credited more hours than their passed check-ins hold, and only roster trainees have any', async (t) => {
  let completions = 0;
  fc.assert(
    fc.property(fc.array(fc.oneof({ weight: 4, arbitrary: sessionCmd }, { weight: 1, arbitrary: completeCmd }, { weight: 1, arbitrary: honestCmd }), { maxLength: 25 }), (cmds) => {
      const events: ClassEvent[] = [requested, approved];
      let s = fold(ok, events);
      for (const g of cmds) {
        // An honest completion declares what the check-ins hold, less a random shortfall.
        const c: ClassCommand =
          g.type === 'Honest'
            ? { type: 'CompleteClass', completedOn: '2025-03-14', hours: [ann, bo, chen].map((p, i) => ({ personRef: p, hoursAttended: Math.max(0, hoursCheckedIn(s, p) - (g.shortfall[i] ?? 0)) })) }
            : g;
        const d = ok.decide(c, s);
        if (isRejection(d)) continue;
        for (const e of d) s = ok.evolve(s, e);
      }
      for (const sess of s.sessions) if (sess.checkIns.some((c) => c.personRef === outsider)) return false;
      if (s.completion) {
        completions++;
        for (const [p, h] of s.completion.hours) {
          if (p === outsider || h > hoursCheckedIn(s, p)) return false;
        }
      }
      const perDay = new Map<string, number>();
      for (const sess of s.sessions) perDay.set(sess.date, (perDay.get(sess.date) ?? 0) + sess.hours);
      return [...perDay.values()].every((h) => h <= 24);
    }),
    { numRuns: 400 },
  );
  t.ok(completions > 50, `completions happen in the random runs (${completions})`);
});
