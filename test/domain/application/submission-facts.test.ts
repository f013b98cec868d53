import t from 'tap';
import { applicationDecider } from '../../../src/domain/application/decider.ts';
import { submissionFactsFrom, type SubmissionSources } from '../../../src/domain/application/submission-facts.ts';
import type { ApplicationCommand } from '../../../src/domain/application/commands.ts';
import { catalogueDecider } from '../../../src/domain/catalogue/decider.ts';
import type { CatalogueEvent } from '../../../src/domain/catalogue/events.ts';
import { classDecider } from '../../../src/domain/class/decider.ts';
import { institutionDecider } from '../../../src/domain/institution/decider.ts';
import type { InstitutionEvent } from '../../../src/domain/institution/events.ts';
import { traineeDecider } from '../../../src/domain/trainee/decider.ts';
import { initialEntitlementState } from '../../../src/domain/entitlement/state.ts';
import { fold, isRejection } from '../../../src/domain/decider.ts';
import { spec } from '../spec.ts';
import { ann, approved as classApproved, completed, context as classContext, requested, sessions } from '../class/fixtures.ts';
import { listed, registered as institutionRegistered } from '../institution/fixtures.ts';
import { certificate, registered as traineeRegistered } from '../trainee/fixtures.ts';
import { policy } from './fixtures.ts';

/**
 * The submission facts built from the real folded states of the trainee, class,
 * catalogue and institution aggregates (their own test fixtures), then decided: the
 * shapes line up end to end. Ann (a rural migrant worker, insured 14 months) attended 16
 * of the 40 standard hours of an intermediate electrician class and earned the
 * certificate on 2025-06-30.
 */

const projectAdded: CatalogueEvent = {
  type: 'ProjectAdded',
  data: { projectId: 'p-electrician-4', occupationCode: '6-31-01-03', occupationName: '电工', level: 'intermediate', standardHours: 40, rateFen: 150_000, effectiveFrom: '2025-01-01', source: '赣人社字〔2024〕1号' },
};
const CLASS_ID = 'class-2025-0001';

function sources(over: Partial<SubmissionSources> & { institutionEvents?: InstitutionEvent[] } = {}): SubmissionSources {
  const { institutionEvents = [institutionRegistered, listed], ...rest } = over;
  return {
    personRef: ann,
    certificateSerial: 'S000036010001254000123',
    trainee: fold(traineeDecider, [traineeRegistered, certificate]),
    trainingClass: fold(classDecider(classContext()), [requested, classApproved, ...sessions, completed]),
    catalogue: fold(catalogueDecider, [projectAdded]),
    institution: fold(institutionDecider, institutionEvents),
    proxyAgreementOnFile: false,
    shortageOccupations: new Set(),
    entitlement: initialEntitlementState(),
    ...rest,
  };
}

const submit = (subsidyKind: 'training' | 'skill_upgrade' = 'training'): ApplicationCommand => ({
  type: 'SubmitApplication',
  applicationId: 'APP-ANN-1',
  subsidyKind,
  applicant: { kind: 'trainee' },
  personRef: ann,
  certificateSerial: 'S000036010001254000123',
  classId: subsidyKind === 'training' ? CLASS_ID : null,
  submittedOn: '2025-07-10',
});

function decide(src: SubmissionSources, command = submit()) {
  const decider = applicationDecider({ policy, submission: submissionFactsFrom(src) });
  return decider.decide(command, decider.initialState());
}

t.test('the facts read from the owning aggregates', async (t) => {
  const f = submissionFactsFrom(sources());
  t.same(f.certificate, { serial: 'S000036010001254000123', personRef: ann, occupationCode: '6-31-01-03', level: 'intermediate', issuedOn: '2025-06-30' });
  t.match(f.trainingClass, { classId: CLASS_ID, completed: true, onRoster: true, attendedHours: 16, startOn: '2025-03-03', endOn: '2025-03-14' });
  t.same(f.project, { projectId: 'p-electrician-4', occupationCode: '6-31-01-03', level: 'intermediate', standardHours: 40 });
  t.same(f.institution?.standing, { ok: true });
  t.equal(f.insuredMonths, 14);
});

t.test('hours short: 16 of 40 hours is 2 full days, 200 yuan (cap 900)', async (t) => {
  const d = decide(sources());
  t.ok(!isRejection(d) && d[0]?.type === 'ApplicationSubmitted' && d[0].data.amountFen === 20_000 && d[0].data.amountBasis.rule === 'hours_short', isRejection(d) ? d.code : 'submitted');
});

t.test('the skill-upgrade subsidy for the same certificate: 中级 1 500 yuan', async (t) => {
  const d = decide(sources(), submit('skill_upgrade'));
  t.ok(!isRejection(d) && d[0]?.type === 'ApplicationSubmitted' && d[0].data.amountFen === 150_000, isRejection(d) ? d.code : 'submitted');
});

t.test('an institution suspended during the class: application.institution_sanctioned', async (t) => {
  const suspended: InstitutionEvent = { type: 'InstitutionSuspended', data: { from: '2025-03-10', to: '2025-03-31', reason: 'proxy signatures found', reference: 'finding-17' } };
  const d = decide(sources({ institutionEvents: [institutionRegistered, listed, suspended] }));
  t.ok(isRejection(d) && d.code === 'application.institution_sanctioned', isRejection(d) ? d.message : 'not refused');
});

t.test('an institution registered but never listed: application.institution_not_catalogued', async (t) => {
  spec(t, applicationDecider({ policy, submission: submissionFactsFrom(sources({ institutionEvents: [institutionRegistered] })) })).given([]).when(submit()).thenRejects('application.institution_not_catalogued');
});

t.test('a project not (yet) catalogued on the first day of the class: application.project_not_catalogued', async (t) => {
  const later: CatalogueEvent = { ...projectAdded, data: { ...projectAdded.data, effectiveFrom: '2025-03-05' } } as CatalogueEvent;
  spec(t, applicationDecider({ policy, submission: submissionFactsFrom(sources({ catalogue: fold(catalogueDecider, [later]) })) })).given([]).when(submit()).thenRejects('application.project_not_catalogued');
});

t.test("a certificate on someone else's record is not found", async (t) => {
  spec(t, applicationDecider({ policy, submission: submissionFactsFrom(sources({ personRef: 'p_BBBBBBBBBBBBBBBBBBBBBB' })) }))
    .given([])
    .when({ ...submit(), personRef: 'p_BBBBBBBBBBBBBBBBBBBBBB' } as ApplicationCommand)
    .thenRejects('application.certificate_not_found');
});

t.test('a class not completed yet: application.class_not_completed', async (t) => {
  const running = fold(classDecider(classContext()), [requested, classApproved, ...sessions]);
  spec(t, applicationDecider({ policy, submission: submissionFactsFrom(sources({ trainingClass: running })) })).given([]).when(submit()).thenRejects('application.class_not_completed');
});
