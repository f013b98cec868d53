import t from 'tap';
import { classDecider } from '../../../src/domain/class/decider.ts';
import type { ClassCommandOf } from '../../../src/domain/class/commands.ts';
import { hoursCheckedIn } from '../../../src/domain/class/state.ts';
import { spec } from '../spec.ts';
import { ann, approved, bo, chen, context, outsider, requested, session } from './fixtures.ts';

const ok = classDecider(context());
const g = [requested, approved];
const record: ClassCommandOf<'RecordAttendanceSession'> = {
  type: 'RecordAttendanceSession',
  sessionId: 's1',
  date: '2025-03-03',
  hours: 8,
  teacherId: 'teacher-7',
  checkIns: [
    { personRef: ann, method: 'face', result: 'pass' },
    { personRef: bo, method: 'manual', result: 'pass', note: 'face reader down, signed sheet kept' },
    { personRef: chen, method: 'face', result: 'fail' },
  ],
  recordedOn: '2025-03-03',
};
const { type: _t, ...recordedData } = record;

t.test('when approved', async (t) => {
  t.test('RecordAttendanceSession records the session and its check-ins', async (t) => {
    const s = spec(t, ok).given(g).when(record).then([{ type: 'AttendanceSessionRecorded', data: recordedData }]);
    t.equal(hoursCheckedIn(s, ann), 8);
    t.equal(hoursCheckedIn(s, bo), 8);
    t.equal(hoursCheckedIn(s, chen), 0, 'a failed face check counts for nothing');
  });
  t.test('a check-in by someone not on the roster is refused (假学员)', async (t) => {
    spec(t, ok)
      .given(g)
      .when({ ...record, checkIns: [...record.checkIns, { personRef: outsider, method: 'face', result: 'pass' }] })
      .thenRejects('class.trainee_not_on_roster', 'checkIns.3.personRef');
  });
  t.test('a second check-in of one trainee in a session is refused (代签)', async (t) => {
    spec(t, ok)
      .given(g)
      .when({ ...record, checkIns: [...record.checkIns, { personRef: ann, method: 'face', result: 'pass' }] })
      .thenRejects('class.duplicate_check_in', 'checkIns.3.personRef');
  });
  t.test('a manual check-in without a note is refused', async (t) => {
    spec(t, ok)
      .given(g)
      .when({ ...record, checkIns: [{ personRef: bo, method: 'manual', result: 'pass' }] })
      .thenRejects('class.check_in_note_required', 'checkIns.0.note');
  });
  t.test('a session outside the class dates is refused', async (t) => {
    spec(t, ok).given(g).when({ ...record, date: '2025-03-15', recordedOn: '2025-03-15' }).thenRejects('class.session_outside_dates', 'date');
    spec(t, ok).given(g).when({ ...record, date: '2025-03-02' }).thenRejects('class.session_outside_dates', 'date');
  });
  t.test('a session recorded before it takes place is refused', async (t) => {
    spec(t, ok).given(g).when({ ...record, date: '2025-03-05', recordedOn: '2025-03-04' }).thenRejects('class.session_in_future', 'date');
  });
  t.test('a teacher not named in the request is refused', async (t) => {
    spec(t, ok).given(g).when({ ...record, teacherId: 'teacher-99' }).thenRejects('class.teacher_not_listed', 'teacherId');
  });
  t.test('a session id recorded twice is refused', async (t) => {
    spec(t, ok).given([...g, session('s1', '2025-03-03', 4, [ann])]).when(record).thenRejects('class.session_exists', 'sessionId');
  });
  t.test('sessions of one day holding more than 24 hours are refused', async (t) => {
    spec(t, ok)
      .given([...g, session('s0', '2025-03-03', 20, [ann])])
      .when({ ...record, hours: 5 })
      .thenRejects('class.day_hours_exceeded', 'hours');
  });
  t.test('a second session on the same day within 24 hours is recorded', async (t) => {
    const c = { ...record, sessionId: 's2', hours: 4 };
    const { type: _x, ...data } = c;
    spec(t, ok).given([...g, session('s0', '2025-03-03', 20, [ann])]).when(c).then([{ type: 'AttendanceSessionRecorded', data }]);
  });
});
