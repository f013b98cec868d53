import t from 'tap';
import { classDecider } from '../../../src/domain/class/decider.ts';
import type { ClassCommand } from '../../../src/domain/class/commands.ts';
import { spec } from '../spec.ts';
import { ann, bo, context, request, requested } from './fixtures.ts';

const ok = classDecider(context());

t.test('when nothing was requested', async (t) => {
  t.test('RequestClassOpening records the request with the catalogued project', async (t) => {
    spec(t, ok).given([]).when(request).then([requested]);
  });
  t.test('a class ending before it starts is refused', async (t) => {
    spec(t, ok).given([]).when({ ...request, endOn: '2025-03-02' }).thenRejects('class.end_before_start', 'endOn');
  });
  t.test('a request filed after the class started is refused', async (t) => {
    spec(t, ok).given([]).when({ ...request, requestedOn: '2025-03-04' }).thenRejects('class.requested_after_start', 'requestedOn');
  });
  t.test('a trainee twice on the roster is refused', async (t) => {
    spec(t, ok).given([]).when({ ...request, roster: [ann, bo, ann] }).thenRejects('class.duplicate_trainee', 'roster.2');
  });
  t.test('a teacher named twice is refused', async (t) => {
    spec(t, ok).given([]).when({ ...request, teacherIds: ['teacher-7', 'teacher-7'] }).thenRejects('class.duplicate_teacher', 'teacherIds.1');
  });
  t.test('an assessment planned before the end is refused', async (t) => {
    spec(t, ok)
      .given([])
      .when({ ...request, assessmentPlan: { summary: 's', plannedOn: '2025-03-13' } })
      .thenRejects('class.assessment_planned_before_end', 'assessmentPlan.plannedOn');
  });
  t.test('an occupation and level not in the catalogue is refused (不进不补)', async (t) => {
    spec(t, classDecider(context({ project: undefined }))).given([]).when(request).thenRejects('class.project_not_catalogued', 'occupationCode');
  });
  t.test('an institution suspended during the class dates is refused', async (t) => {
    const ctx = context({ institution: { ok: false, on: '2025-03-10', status: 'suspended', cause: 'status' } });
    spec(t, classDecider(ctx)).given([]).when(request).thenRejects('class.institution_may_not_train', 'institutionId');
  });
  t.test('an institution not approved for the occupation is refused', async (t) => {
    const ctx = context({ institution: { ok: false, on: '2025-03-03', status: 'listed', cause: 'occupation' } });
    spec(t, classDecider(ctx)).given([]).when(request).thenRejects('class.institution_may_not_train', 'institutionId');
  });
  t.test('a plan below the standard hours is refused', async (t) => {
    spec(t, ok).given([]).when({ ...request, plan: { summary: 's', plannedHours: 39 } }).thenRejects('class.plan_below_standard_hours', 'plan.plannedHours');
  });
  t.test('a trainee without a real-name registration is refused', async (t) => {
    spec(t, classDecider(context({ unregistered: [bo] }))).given([]).when(request).thenRejects('class.trainee_not_registered', 'roster.1');
  });
  t.test('a trainee on another class at the same dates is refused', async (t) => {
    spec(t, classDecider(context({ overlapping: { [ann]: ['class-2025-0002'] } })))
      .given([])
      .when(request)
      .thenRejects('class.trainee_in_overlapping_class', 'roster.0');
  });
  const later: ClassCommand[] = [
    { type: 'ApproveClassOpening', reviewerId: 'r', decidedOn: '2025-02-25' },
    { type: 'RefuseClassOpening', reviewerId: 'r', decidedOn: '2025-02-25', reason: 'x' },
    { type: 'RecordAttendanceSession', sessionId: 's', date: '2025-03-03', hours: 4, teacherId: 'teacher-7', checkIns: [{ personRef: ann, method: 'face', result: 'pass' }], recordedOn: '2025-03-03' },
    { type: 'CompleteClass', completedOn: '2025-03-14', hours: [{ personRef: ann, hoursAttended: 1 }] },
    { type: 'RecordAssessmentResults', assessedOn: '2025-03-15', results: [{ personRef: ann, passed: false }] },
  ];
  for (const c of later) {
    t.test(`${c.type} is refused: nothing requested`, async (t) => {
      spec(t, ok).given([]).when(c).thenRejects('class.not_requested');
    });
  }
});

t.test('when requested', async (t) => {
  t.test('RequestClassOpening again is refused', async (t) => {
    spec(t, ok).given([requested]).when(request).thenRejects('class.already_requested', 'classId');
  });
  t.test('the request keeps its own class out of the overlap check on approval', async (t) => {
    const ctx = context({ overlapping: { [ann]: ['class-2025-0001'] } });
    spec(t, classDecider(ctx)).given([requested]).when({ type: 'ApproveClassOpening', reviewerId: 'reviewer-3', decidedOn: '2025-02-25' }).then([
      { type: 'ClassOpeningApproved', data: { reviewerId: 'reviewer-3', decidedOn: '2025-02-25' } },
    ]);
  });
});
