import t from 'tap';
import { classDecider } from '../../../src/domain/class/decider.ts';
import { classContextFrom } from '../../../src/domain/class/context.ts';
import { traineeInClass } from '../../../src/domain/class/facts.ts';
import type { ClassEvent } from '../../../src/domain/class/events.ts';
import { catalogueDecider } from '../../../src/domain/catalogue/decider.ts';
import { institutionDecider } from '../../../src/domain/institution/decider.ts';
import type { InstitutionEvent } from '../../../src/domain/institution/events.ts';
import { fold } from '../../../src/domain/decider.ts';
import { spec } from '../spec.ts';
import { ann, approved, bo, chen, completed, context, request, requested, sessions } from './fixtures.ts';
import { listed, registered, suspended } from '../institution/fixtures.ts';

const ok = classDecider(context());

t.test('traineeInClass gives the application what it needs', async (t) => {
  const assessed: ClassEvent = {
    type: 'AssessmentResultsRecorded',
    data: { assessedOn: '2025-03-15', results: [{ personRef: ann, passed: true, certificateLevel: 'intermediate' }] },
  };
  const s = fold(ok, [requested, approved, ...sessions, completed, assessed]);
  t.same(traineeInClass(s, ann), {
    classId: 'class-2025-0001',
    institutionId: '91350100M000100Y43',
    projectId: 'p-electrician-4',
    occupationCode: '6-31-01-03',
    level: 'intermediate',
    standardHours: 40,
    startOn: '2025-03-03',
    endOn: '2025-03-14',
    completed: true,
    onRoster: true,
    attendedHours: 16,
    assessment: { passed: true, certificateLevel: 'intermediate', assessedOn: '2025-03-15' },
  });
  t.match(traineeInClass(s, bo), { attendedHours: 6, assessment: undefined });
  t.match(traineeInClass(s, chen), { onRoster: true, attendedHours: 0 });
  t.match(traineeInClass(s, 'p_ZZZZZZZZZZZZZZZZZZZZZZ'), { onRoster: false, attendedHours: 0 });
});

t.test('a class not approved gives no facts', async (t) => {
  t.equal(traineeInClass(fold(ok, [requested]), ann), undefined);
  t.equal(traineeInClass(fold(ok, [requested, { type: 'ClassOpeningRefused', data: { reviewerId: 'r', decidedOn: '2025-02-25', reason: 'x' } }]), ann), undefined);
});

t.test('the context built from folded catalogue and institution streams', async (t) => {
  const catalogue = fold(catalogueDecider, [
    {
      type: 'ProjectAdded',
      data: { projectId: 'p-electrician-4', occupationCode: '6-31-01-03', occupationName: '电工', level: 'intermediate', standardHours: 40, rateFen: 150_000, effectiveFrom: '2025-01-01', source: 'doc' },
    },
  ]);
  const build = (institutionEvents: InstitutionEvent[]) =>
    classDecider(
      classContextFrom({
        catalogue,
        institution: (code) => (code === '91350100M000100Y43' ? fold(institutionDecider, institutionEvents) : institutionDecider.initialState()),
        traineeRegistered: () => true,
        overlappingClasses: () => [],
      }),
    );
  t.test('a listed institution with the occupation opens the class', async (t) => {
    spec(t, build([registered, listed])).given([]).when(request).then([requested]);
  });
  t.test('an institution suspended during the class is refused', async (t) => {
    const sus: InstitutionEvent = { ...suspended, data: { ...suspended.data, from: '2025-03-10', to: '2025-04-10' } } as InstitutionEvent;
    spec(t, build([registered, listed, sus])).given([]).when(request).thenRejects('class.institution_may_not_train');
  });
  t.test('an institution never listed is refused', async (t) => {
    spec(t, build([registered])).given([]).when(request).thenRejects('class.institution_may_not_train');
  });
  t.test('a level the catalogue does not hold is refused', async (t) => {
    spec(t, build([registered, listed])).given([]).when({ ...request, level: 'senior' }).thenRejects('class.project_not_catalogued');
  });
});
