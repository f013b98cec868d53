import t from 'tap';
import { applicationDecider } from '../../../src/domain/application/decider.ts';
import { parseApplicationCommand } from '../../../src/domain/application/commands.ts';
import type { SubmissionFacts } from '../../../src/domain/application/context.ts';
import type { EntitlementEvent } from '../../../src/domain/entitlement/events.ts';
import { evolveEntitlement, initialEntitlementState } from '../../../src/domain/entitlement/state.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import { spec } from '../spec.ts';
import { APP, ELECTRICIAN, PERSON, ctx, facts, policy, submitCmd, submitted } from './fixtures.ts';

const given = (t: Parameters<typeof spec>[0], over: Partial<SubmissionFacts> = {}) => spec(t, applicationDecider(ctx(over))).given([]);

t.test('a training subsidy at the full rate', async (t) => {
  given(t).when(submitCmd()).then([submitted]);
});

t.test('a proxy application by the institution that ran the class', async (t) => {
  const applicant = { kind: 'institution', institutionId: 'INST-1', proxyAgreementRef: '代为申请协议 2025-118' };
  given(t).when(submitCmd({ applicant })).then([{ ...submitted, data: { ...submitted.data, applicant: { kind: 'institution', institutionId: 'INST-1', proxyAgreementRef: '代为申请协议 2025-118' } } }]);
});

t.test('repeating the same submission decides nothing; another one with the same id is application.already_submitted', async (t) => {
  spec(t, applicationDecider(ctx())).given([submitted]).when(submitCmd()).then([]);
  spec(t, applicationDecider(ctx())).given([submitted]).when(submitCmd({ certificateSerial: 'CERT-002' })).thenRejects('application.already_submitted', 'applicationId');
});

t.test('the certificate comes from the trainee record', async (t) => {
  t.test('none: application.certificate_not_found', async (t) => {
    given(t, { certificate: undefined }).when(submitCmd()).thenRejects('application.certificate_not_found', 'certificateSerial');
  });
  t.test("someone else's: application.certificate_not_found", async (t) => {
    given(t, { certificate: { ...facts().certificate!, personRef: 'p_AAAAAAAAAAAAAAAAAAAAAA' } }).when(submitCmd()).thenRejects('application.certificate_not_found');
  });
});

t.test('12-month window from the certificate date', async (t) => {
  t.test('issued 2026-01-20: the last day is 2027-01-20', async (t) => {
    const c = { certificate: { ...facts().certificate!, issuedOn: '2026-01-20' } };
    const r = applicationDecider(ctx(c)).decide(submitCmd({ submittedOn: '2027-01-20' }), applicationDecider(ctx(c)).initialState());
    t.notOk(isRejection(r), 'the last day is inside');
    given(t, c).when(submitCmd({ submittedOn: '2027-01-21' })).thenRejects('application.outside_application_window', 'submittedOn');
  });
  t.test('before the certificate was issued is outside too', async (t) => {
    given(t).when(submitCmd({ submittedOn: '2026-01-19' })).thenRejects('application.outside_application_window');
  });
  t.test('a certificate older than every policy table: application.no_policy_in_force', async (t) => {
    given(t, { certificate: { ...facts().certificate!, issuedOn: '2018-05-02' } }).when(submitCmd({ submittedOn: '2018-06-01' })).thenRejects('application.no_policy_in_force');
  });
});

t.test('real-name training', async (t) => {
  const cls = facts().trainingClass!;
  t.test('an unknown class: application.class_not_found', async (t) => {
    given(t, { trainingClass: undefined }).when(submitCmd()).thenRejects('application.class_not_found', 'classId');
    given(t).when(submitCmd({ classId: 'CLS-9' })).thenRejects('application.class_not_found');
  });
  t.test('a class not completed: application.class_not_completed', async (t) => {
    given(t, { trainingClass: { ...cls, completed: false } }).when(submitCmd()).thenRejects('application.class_not_completed', 'classId');
  });
  t.test('a person not on the roster: application.trainee_not_in_class', async (t) => {
    given(t, { trainingClass: { ...cls, onRoster: false } }).when(submitCmd()).thenRejects('application.trainee_not_in_class', 'personRef');
  });
});

t.test('两目录: catalogued project and institution', async (t) => {
  const institution = facts().institution!;
  t.test('no catalogued project on the class dates: application.project_not_catalogued', async (t) => {
    given(t, { project: undefined }).when(submitCmd()).thenRejects('application.project_not_catalogued', 'classId');
    given(t, { project: { ...facts().project!, projectId: 'PRJ-OTHER' } }).when(submitCmd()).thenRejects('application.project_not_catalogued');
  });
  t.test('a certificate of another level than the class trained: application.certificate_project_mismatch', async (t) => {
    given(t, { certificate: { ...facts().certificate!, level: 'intermediate' } }).when(submitCmd()).thenRejects('application.certificate_project_mismatch', 'certificateSerial');
  });
  t.test('an institution never catalogued: application.institution_not_catalogued', async (t) => {
    given(t, { institution: undefined }).when(submitCmd()).thenRejects('application.institution_not_catalogued', 'classId');
    given(t, { institution: { ...institution, standing: { ok: false, on: '2025-11-03', status: 'unlisted', cause: 'status' } } }).when(submitCmd()).thenRejects('application.institution_not_catalogued');
  });
  t.test('an institution not approved for the occupation: application.institution_not_listed_for_occupation', async (t) => {
    given(t, { institution: { ...institution, standing: { ok: false, on: '2025-11-03', status: 'listed', cause: 'occupation' } } }).when(submitCmd()).thenRejects('application.institution_not_listed_for_occupation');
  });
  t.test('suspended, delisted or blacklisted during the class: application.institution_sanctioned', async (t) => {
    for (const status of ['suspended', 'delisted', 'blacklisted', 'licence_revoked']) {
      given(t, { institution: { ...institution, standing: { ok: false, on: '2025-12-01', status, cause: 'status' } } }).when(submitCmd()).thenRejects('application.institution_sanctioned');
    }
  });
});

t.test('proxy applications', async (t) => {
  const applicant = (institutionId: string) => ({ kind: 'institution', institutionId, proxyAgreementRef: '代为申请协议 2025-118' });
  t.test('by an institution that did not run the class: application.proxy_institution_mismatch', async (t) => {
    given(t).when(submitCmd({ applicant: applicant('INST-2') })).thenRejects('application.proxy_institution_mismatch', 'applicant.institutionId');
  });
  t.test('with no agreement on file: application.proxy_agreement_missing', async (t) => {
    given(t, { institution: { ...facts().institution!, proxyAgreementOnFile: false } }).when(submitCmd({ applicant: applicant('INST-1') })).thenRejects('application.proxy_agreement_missing');
  });
  t.test('for a skill-upgrade subsidy: application.proxy_not_allowed', async (t) => {
    const c = { certificate: { ...facts().certificate!, level: 'intermediate' as const }, insuredMonths: 24 };
    given(t, c).when(submitCmd({ subsidyKind: 'skill_upgrade', classId: null, applicant: applicant('INST-1') })).thenRejects('application.proxy_not_allowed', 'applicant');
  });
});

t.test('skill-upgrade subsidy', async (t) => {
  const su = (over: Record<string, unknown> = {}) => submitCmd({ subsidyKind: 'skill_upgrade', classId: null, ...over });
  const cert = (level: string, issuedOn = '2026-01-20') => ({ ...facts().certificate!, level: level as 'junior', issuedOn });
  t.test('中级, insured 14 months: 1 500 yuan', async (t) => {
    const s = spec(t, applicationDecider(ctx({ certificate: cert('intermediate'), insuredMonths: 14 }))).given([]).when(su()).then([
      {
        type: 'ApplicationSubmitted',
        data: {
          ...submitted.data,
          subsidyKind: 'skill_upgrade',
          certificate: { ...submitted.data.certificate, level: 'intermediate' },
          classId: null,
          institutionId: null,
          projectId: null,
          amountFen: 150000,
          amountBasis: { rule: 'skill_upgrade_rate', policyEffectiveFrom: '2019-01-01', policySource: '国发〔2018〕39号 (insured 1 year)', rateFen: 150000, standardHours: null, attendedHours: null, fullDays: null, capFen: null },
        },
      },
    ]);
    t.equal(s.status, 'submitted');
  });
  t.test('insured 11 months: application.insured_months_short', async (t) => {
    given(t, { certificate: cert('junior'), insuredMonths: 11 }).when(su()).thenRejects('application.insured_months_short', 'personRef');
    given(t, { certificate: cert('junior'), insuredMonths: undefined }).when(su()).thenRejects('application.insured_months_short');
  });
  t.test('a certificate of 2018 falls under the 36-month rule', async (t) => {
    given(t, { certificate: cert('junior', '2018-09-03'), insuredMonths: 20 }).when(su({ submittedOn: '2019-03-01' })).thenRejects('application.insured_months_short');
  });
  t.test('技师 is not covered: application.level_not_covered', async (t) => {
    given(t, { certificate: cert('technician'), insuredMonths: 30 }).when(su()).thenRejects('application.level_not_covered', 'certificateSerial');
  });
});

t.test('person-wide rules are checked early against the entitlement in the context', async (t) => {
  const claims = (...events: EntitlementEvent[]) => events.reduce(evolveEntitlement, initialEntitlementState());
  const claim = (applicationId: string, over: Record<string, unknown> = {}): EntitlementEvent => ({
    type: 'EntitlementClaimReserved',
    data: { personRef: PERSON, applicationId, subsidyKind: 'training', occupationCode: '4-03-02-01', level: 'junior', certificateSerial: `C-${applicationId}`, year: 2026, shortageOccupation: false, reservedOn: '2026-01-05', ...over },
  });
  t.test('the certificate already claimed for the other subsidy: entitlement.certificate_already_claimed', async (t) => {
    given(t, { entitlement: claims(claim('OTHER', { subsidyKind: 'skill_upgrade', certificateSerial: 'CERT-001', occupationCode: ELECTRICIAN })) }).when(submitCmd()).thenRejects('entitlement.certificate_already_claimed');
  });
  t.test('three subsidies already this year: entitlement.yearly_quota_exceeded', async (t) => {
    given(t, { entitlement: claims(claim('X1'), claim('X2', { level: 'intermediate' }), claim('X3', { level: 'senior' })) }).when(submitCmd()).thenRejects('entitlement.yearly_quota_exceeded');
  });
  t.test("the application's own claim, reserved by a saga that crashed half-way, does not count against it", async (t) => {
    const own = claim(APP, { certificateSerial: 'CERT-001', occupationCode: ELECTRICIAN });
    given(t, { entitlement: claims(own) }).when(submitCmd()).then([submitted]);
  });
});

t.test('bad input names the field at fault', async (t) => {
  const base = { type: 'SubmitApplication', applicationId: APP, subsidyKind: 'training', applicant: { kind: 'trainee' }, personRef: PERSON, certificateSerial: 'CERT-001', classId: 'CLS-1', submittedOn: '2026-02-02' };
  const cases: [Record<string, unknown>, string][] = [
    [{ ...base, classId: null }, 'classId'],
    [{ ...base, subsidyKind: 'skill_upgrade' }, 'classId'],
    [{ ...base, personRef: '11010519491231002X' }, 'personRef'],
    [{ ...base, applicant: { kind: 'institution', institutionId: 'INST-1' } }, 'applicant.proxyAgreementRef'],
    [{ ...base, applicant: { kind: 'agent' } }, 'applicant.kind'],
    [{ ...base, amountFen: 999999 }, 'amountFen'],
    [{ ...base, submittedOn: '2026-2-2' }, 'submittedOn'],
  ];
  for (const [input, field] of cases) {
    const r = parseApplicationCommand(input);
    t.ok(isRejection(r), `refused: ${field}`);
    if (isRejection(r)) {
      t.equal(r.code, 'application.invalid_command');
      t.equal(r.field, field);
      t.notMatch(r.message, /11010519491231002X/);
    }
  }
  t.equal(policy.region, 'jiangxi');
});
