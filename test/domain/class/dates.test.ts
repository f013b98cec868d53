import t from 'tap';
import { addDays } from '../../../src/domain/calendar/business-date.ts';
import type { ClassCommand } from '../../../src/domain/class/commands.ts';
import { classDecider } from '../../../src/domain/class/decider.ts';
import type { ClassEvent } from '../../../src/domain/class/events.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import { spec } from '../spec.ts';
import { ann, approved, bo, completed, context, request, requested, sessions } from './fixtures.ts';

/**
 * The date each class command states is checked against the request's own day (the
 * server's business day, passed in as `today`). Before, the class decider had no day: a
 * class could be requested, approved, its attendance recorded, completed or assessed as
 * of tomorrow. The class's own dates ahead (startOn, endOn, assessmentPlan.plannedOn)
 * stay free: a class is requested before it runs.
 */

const onDay = (today: string) => classDecider({ ...context(), today });

const cases: [field: string, given: ClassEvent[], command: (on: string) => ClassCommand, day: string][] = [
  ['requestedOn', [], (on) => ({ ...request, requestedOn: on }), '2025-02-20'],
  ['decidedOn', [requested], (on) => ({ type: 'ApproveClassOpening', reviewerId: 'reviewer-3', decidedOn: on }), '2025-02-25'],
  ['decidedOn', [requested], (on) => ({ type: 'RefuseClassOpening', reviewerId: 'reviewer-3', decidedOn: on, reason: '师资不足' }), '2025-02-25'],
  [
    'recordedOn',
    [requested, approved],
    (on) => ({ type: 'RecordAttendanceSession', sessionId: 's1', date: '2025-03-03', hours: 8, teacherId: 'teacher-7', checkIns: [{ personRef: ann, method: 'face', result: 'pass' }], recordedOn: on }),
    '2025-03-03',
  ],
  ['completedOn', [requested, approved, ...sessions], (on) => ({ type: 'CompleteClass', completedOn: on, hours: [{ personRef: ann, hoursAttended: 16 }, { personRef: bo, hoursAttended: 6 }] }), '2025-03-14'],
  ['assessedOn', [requested, approved, ...sessions, completed], (on) => ({ type: 'RecordAssessmentResults', assessedOn: on, results: [{ personRef: ann, passed: true, certificateLevel: 'intermediate' }] }), '2025-03-15'],
];

t.test('a class command dated after today is class.date_in_future naming its date; dated today it is decided as before', async (t) => {
  for (const [field, given, command, day] of cases) {
    spec(t, onDay(day)).given(given).when(command(addDays(day, 1))).thenRejects('class.date_in_future', field);
    const d = onDay(day);
    const onTheDay = d.decide(command(day), given.reduce(d.evolve, d.initialState()));
    t.notOk(isRejection(onTheDay), `${field} dated today is accepted${isRejection(onTheDay) ? ` (got ${onTheDay.code})` : ''}`);
  }
});

t.test('a class requested today may start, end and plan its assessment in the future', async (t) => {
  spec(t, onDay(request.requestedOn)).given([]).when(request).then([requested]);
  t.ok(request.startOn > request.requestedOn && request.assessmentPlan.plannedOn > request.requestedOn, 'control: those dates lie ahead');
});
