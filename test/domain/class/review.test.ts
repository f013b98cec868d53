import t from 'tap';
import { classDecider } from '../../../src/domain/class/decider.ts';
import type { ClassCommand } from '../../../src/domain/class/commands.ts';
import { spec } from '../spec.ts';
import { ann, approved, completed, context, requested, sessions } from './fixtures.ts';

const ok = classDecider(context());
const approve: ClassCommand = { type: 'ApproveClassOpening', reviewerId: 'reviewer-3', decidedOn: '2025-02-25' };
const refuse: ClassCommand = { type: 'RefuseClassOpening', reviewerId: 'reviewer-3', decidedOn: '2025-02-25', reason: 'teachers lack qualifications' };
const refused = { type: 'ClassOpeningRefused' as const, data: { reviewerId: 'reviewer-3', decidedOn: '2025-02-25', reason: 'teachers lack qualifications' } };

t.test('when requested', async (t) => {
  t.test('ApproveClassOpening approves it', async (t) => {
    spec(t, ok).given([requested]).when(approve).then([approved]);
  });
  t.test('RefuseClassOpening refuses it with the reason', async (t) => {
    spec(t, ok).given([requested]).when(refuse).then([refused]);
  });
  t.test('a decision dated before the request is refused', async (t) => {
    spec(t, ok).given([requested]).when({ ...approve, decidedOn: '2025-02-19' }).thenRejects('class.decided_before_request', 'decidedOn');
  });
  t.test('a teacher of the class may not review it', async (t) => {
    spec(t, ok).given([requested]).when({ ...refuse, reviewerId: 'teacher-9' }).thenRejects('class.reviewer_is_teacher', 'reviewerId');
  });
  t.test('approval re-checks the institution: suspended since the request', async (t) => {
    const ctx = context({ institution: { ok: false, on: '2025-03-05', status: 'suspended', cause: 'status' } });
    spec(t, classDecider(ctx)).given([requested]).when(approve).thenRejects('class.institution_may_not_train', 'institutionId');
  });
  t.test('approval re-checks the catalogue: the project retired since the request', async (t) => {
    spec(t, classDecider(context({ project: undefined }))).given([requested]).when(approve).thenRejects('class.project_not_catalogued');
  });
  t.test('approval re-checks the rosters: a trainee enrolled elsewhere since', async (t) => {
    spec(t, classDecider(context({ overlapping: { [ann]: ['class-x'] } }))).given([requested]).when(approve).thenRejects('class.trainee_in_overlapping_class', 'roster.0');
  });
  t.test('a session before approval is refused', async (t) => {
    const c: ClassCommand = { type: 'RecordAttendanceSession', sessionId: 's', date: '2025-03-03', hours: 4, teacherId: 'teacher-7', checkIns: [{ personRef: ann, method: 'face', result: 'pass' }], recordedOn: '2025-03-03' };
    spec(t, ok).given([requested]).when(c).thenRejects('class.not_approved');
  });
  t.test('an assessment before completion is refused', async (t) => {
    spec(t, ok).given([requested]).when({ type: 'RecordAssessmentResults', assessedOn: '2025-03-15', results: [{ personRef: ann, passed: false }] }).thenRejects('class.not_completed');
  });
});

t.test('when approved', async (t) => {
  t.test('approving again is refused', async (t) => {
    spec(t, ok).given([requested, approved]).when(approve).thenRejects('class.already_decided');
  });
  t.test('refusing after approval is refused', async (t) => {
    spec(t, ok).given([requested, approved]).when(refuse).thenRejects('class.already_decided');
  });
});

t.test('when refused, the class is final', async (t) => {
  const cmds: ClassCommand[] = [
    approve,
    refuse,
    { type: 'RecordAttendanceSession', sessionId: 's', date: '2025-03-03', hours: 4, teacherId: 'teacher-7', checkIns: [{ personRef: ann, method: 'face', result: 'pass' }], recordedOn: '2025-03-03' },
    { type: 'CompleteClass', completedOn: '2025-03-14', hours: [{ personRef: ann, hoursAttended: 1 }] },
    { type: 'RecordAssessmentResults', assessedOn: '2025-03-15', results: [{ personRef: ann, passed: false }] },
  ];
  for (const c of cmds) {
    t.test(`${c.type} is refused`, async (t) => {
      spec(t, ok).given([requested, refused]).when(c).thenRejects('class.refused');
    });
  }
});

t.test('when completed', async (t) => {
  t.test('a further session is refused', async (t) => {
    const c: ClassCommand = { type: 'RecordAttendanceSession', sessionId: 's9', date: '2025-03-14', hours: 4, teacherId: 'teacher-7', checkIns: [{ personRef: ann, method: 'face', result: 'pass' }], recordedOn: '2025-03-14' };
    spec(t, ok).given([requested, approved, ...sessions, completed]).when(c).thenRejects('class.already_completed');
  });
  t.test('completing again is refused', async (t) => {
    spec(t, ok).given([requested, approved, ...sessions, completed]).when({ type: 'CompleteClass', completedOn: '2025-03-15', hours: [{ personRef: ann, hoursAttended: 1 }] }).thenRejects('class.already_completed');
  });
});
