import t from 'tap';
import { classDecider } from '../../../src/domain/class/decider.ts';
import type { ClassCommandOf } from '../../../src/domain/class/commands.ts';
import type { ClassEvent } from '../../../src/domain/class/events.ts';
import { spec } from '../spec.ts';
import { ann, approved, bo, chen, completed, context, outsider, requested, sessions } from './fixtures.ts';

const ok = classDecider(context());
const g = [requested, approved, ...sessions, completed];
const assess: ClassCommandOf<'RecordAssessmentResults'> = {
  type: 'RecordAssessmentResults',
  assessedOn: '2025-03-15',
  results: [
    { personRef: ann, passed: true, certificateLevel: 'intermediate' },
    { personRef: bo, passed: false },
  ],
};
const assessed: ClassEvent = { type: 'AssessmentResultsRecorded', data: { assessedOn: '2025-03-15', results: assess.results } };

t.test('when completed', async (t) => {
  t.test('RecordAssessmentResults records the results', async (t) => {
    spec(t, ok).given(g).when(assess).then([assessed]);
  });
  t.test('a pass with only the training-qualified certificate is recorded', async (t) => {
    const c = { ...assess, results: [{ personRef: bo, passed: true, certificateLevel: 'training_qualified' as const }] };
    spec(t, ok).given(g).when(c).then([{ type: 'AssessmentResultsRecorded', data: { assessedOn: '2025-03-15', results: c.results } }]);
  });
  t.test('a result before the class ends is refused', async (t) => {
    spec(t, ok).given(g).when({ ...assess, assessedOn: '2025-03-13' }).thenRejects('class.assessed_before_end', 'assessedOn');
  });
  t.test('a result for someone not on the roster is refused', async (t) => {
    spec(t, ok).given(g).when({ ...assess, results: [{ personRef: outsider, passed: false }] }).thenRejects('class.trainee_not_on_roster', 'results.0.personRef');
  });
  t.test('a result for a trainee who attended nothing is refused (假学员)', async (t) => {
    spec(t, ok).given(g).when({ ...assess, results: [{ personRef: chen, passed: true, certificateLevel: 'intermediate' }] }).thenRejects('class.assessed_without_attendance', 'results.0.personRef');
  });
  t.test('a trainee listed twice is refused', async (t) => {
    spec(t, ok).given(g).when({ ...assess, results: [{ personRef: bo, passed: false }, { personRef: bo, passed: false }] }).thenRejects('class.duplicate_trainee', 'results.1.personRef');
  });
  t.test('a second result for a trainee is refused', async (t) => {
    spec(t, ok).given([...g, assessed]).when({ ...assess, results: [{ personRef: ann, passed: false }] }).thenRejects('class.already_assessed', 'results.0.personRef');
  });
  t.test('a pass without a certificate level is refused', async (t) => {
    spec(t, ok).given(g).when({ ...assess, results: [{ personRef: ann, passed: true }] }).thenRejects('class.certificate_level_required', 'results.0.certificateLevel');
  });
  t.test('a fail with a certificate level is refused', async (t) => {
    spec(t, ok).given(g).when({ ...assess, results: [{ personRef: ann, passed: false, certificateLevel: 'intermediate' }] }).thenRejects('class.level_without_pass', 'results.0.certificateLevel');
  });
  t.test('a certificate at another level than the class trains is refused', async (t) => {
    spec(t, ok).given(g).when({ ...assess, results: [{ personRef: ann, passed: true, certificateLevel: 'senior' }] }).thenRejects('class.level_mismatch', 'results.0.certificateLevel');
  });
});
