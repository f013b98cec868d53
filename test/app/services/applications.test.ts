import t from 'tap';
import {
  approveForPayment,
  finalReview,
  initialReview,
  loadApplicationInScope,
  raiseObjection,
  resolveObjection,
  startPublicity,
  submitApplication,
  withdrawApplication,
} from '../../../src/app/services/applications.ts';
import { adjustFund, fundView, loadFundInScope, openFund, receiveAllocation } from '../../../src/app/services/funds.ts';
import { recordCertificate, recordInsurance, registerTrainee } from '../../../src/app/services/trainees.ts';
import type { Principal } from '../../../src/access/roles.ts';
import { confirmPayment, instructPayment } from '../../../src/app/services/payments.ts';
import { RegionScopeError } from '../../../src/app/services/region-scope.ts';
import { availableFen } from '../../../src/domain/fund/available.ts';
import { AMOUNT_FEN, DATES, FUND, fundFromStore, givenApplication, givenFund, givenMoneyWorld, onDayMs, people, submission, typesOf } from './applications-fixtures.ts';
import { COOK, ELECTRICIAN, NANCHANG_SCHOOL, ctxFor, rejectsWith, residentId } from './registry-fixtures.ts';

/**
 * Subsidy applications through the services, over SQLite: the lifecycle, every refusal
 * the review steps can give, and region scope. Payments and recoveries: payments.test.ts
 * and recoveries.test.ts; races and crash replays: applications-concurrency.test.ts.
 */

// Every step is dated up to DATES.paid and none may be dated after its request's day: everyone acts on the last day of the story.
const registrar = () => ctxFor(people.registrarNanchang, onDayMs(DATES.paid));
const reviewer = () => ctxFor(people.reviewer, onDayMs(DATES.paid));
const reviewer2 = () => ctxFor(people.reviewer2, onDayMs(DATES.paid));
const finance = () => ctxFor(people.finance, onDayMs(DATES.paid));

t.test('the whole lifecycle: submit → initial review → final review → publicity → approval → payment → bank confirmation', async (t) => {
  const w = await givenMoneyWorld(t, 1);
  const { app, refs } = w;
  const ref = refs[0]!;

  const submitted = await submitApplication(app.deps, registrar(), submission(w, 0, 'a-1'));
  t.same(submitted.steps.map((s) => s.stream), [`entitlement-${ref}`, 'application-a-1'], 'the claim is reserved before the application is written');
  t.same(await typesOf(app, `entitlement-${ref}`), ['EntitlementClaimReserved']);
  const [sub] = await app.rawStore.readStream('application-a-1');
  t.match(sub?.data, { applicationId: 'a-1', personRef: ref, amountFen: AMOUNT_FEN, institutionId: NANCHANG_SCHOOL, projectId: 'cook-5', classId: 'c-1', quotaYear: 2026 });
  t.equal((sub?.data as { amountBasis: { rule: string } }).amountBasis.rule, 'standard_rate', '40 of 40 hours: the standard rate');

  await initialReview(app.deps, reviewer(), 'a-1', { decision: 'approve', reviewedOn: DATES.reviewed });
  await finalReview(app.deps, reviewer2(), 'a-1', { decision: 'approve', reviewedOn: DATES.reviewed });
  const publicity = await startPublicity(app.deps, reviewer(), 'a-1', { startOn: DATES.publicity });
  const [, , , started] = await app.rawStore.readStream('application-a-1');
  t.same(started?.data, { startOn: '2026-03-20', endOn: '2026-03-27', workingDays: 5 }, 'five working days, the start day not counted');
  t.equal(publicity.steps.length, 1);

  const approved = await approveForPayment(app.deps, reviewer(), 'a-1', { fundId: FUND, approvedOn: DATES.approved });
  t.same(approved.steps.map((s) => s.stream), [`fund-${FUND}`, 'application-a-1'], 'the fund commits first');
  let fund = await fundFromStore(app);
  t.match(fund.totals, { allocatedFen: 10 * AMOUNT_FEN, committedFen: AMOUNT_FEN, paidFen: 0 });

  const instructed = await instructPayment(app.deps, finance(), 'a-1', { paymentId: 'pay-1', instructedOn: DATES.instructed });
  t.same(instructed.result, { applicationId: 'a-1', paymentId: 'pay-1' });
  fund = await fundFromStore(app);
  t.match(fund.totals, { committedFen: 0, paidFen: AMOUNT_FEN });

  const confirmed = await confirmPayment(app.deps, finance(), 'a-1', 'pay-1', { bankReference: 'ICBC-20260401-77', paidOn: DATES.paid });
  t.same(confirmed.steps.map((s) => s.stream), [`fund-${FUND}`, 'application-a-1', `entitlement-${ref}`], 'the claim is marked paid last');
  t.same(await typesOf(app, 'application-a-1'), [
    'ApplicationSubmitted',
    'ApplicationInitialReviewPassed',
    'ApplicationFinalReviewPassed',
    'ApplicationPublicityStarted',
    'ApplicationApprovedForPayment',
    'ApplicationPaymentInstructed',
    'ApplicationPaid',
  ]);
  t.same(await typesOf(app, `fund-${FUND}`), ['FundOpened', 'FundAllocationReceived', 'FundCommitted', 'FundPaymentInstructed', 'FundPaymentConfirmed']);
  t.same(await typesOf(app, `entitlement-${ref}`), ['EntitlementClaimReserved', 'EntitlementClaimPaid']);

  const view = fundView((await loadFundInScope(app.deps, finance(), FUND))!);
  t.match(view, { paidFen: AMOUNT_FEN, committedFen: 0, availableFen: 9 * AMOUNT_FEN, applications: 1, payments: 1 });
  const state = await loadApplicationInScope(app.deps, reviewer(), 'a-1');
  t.equal(state?.status, 'paid');
  const [paidEvent] = (await app.rawStore.readStream('application-a-1')).slice(-1);
  t.equal(paidEvent?.metadata.actor.id, people.finance.id, 'every event says who caused it');
});

t.test('submission: refused with the rule that applies, writing nothing', async (t) => {
  const w = await givenMoneyWorld(t, 2);
  const { app } = w;
  const before = await app.rawStore.headPosition();
  await rejectsWith(t, submitApplication(app.deps, registrar(), submission(w, 0, 'a-x', { certificateSerial: 'JX-NOPE-0001' })), 'application.certificate_not_found', 'certificateSerial');
  await rejectsWith(t, submitApplication(app.deps, registrar(), submission(w, 0, 'a-x', { certificateSerial: w.serials[1]! })), 'application.certificate_not_found', 'certificateSerial', 'another person\'s certificate');
  await rejectsWith(t, submitApplication(app.deps, registrar(), submission(w, 0, 'a-x', { classId: 'c-none' })), 'application.class_not_found', 'classId');
  await rejectsWith(t, submitApplication(app.deps, registrar(), submission(w, 0, 'a-x', { classId: null })), 'application.invalid_command', 'classId');
  await rejectsWith(t, submitApplication(app.deps, registrar(), submission(w, 0, 'a-x', { submittedOn: '2027-03-17' })), 'application.outside_application_window', 'submittedOn');
  await rejectsWith(t, submitApplication(app.deps, registrar(), submission(w, 0, 'a-x', { personRef: '360426199101010071' })), 'application.invalid_command', 'personRef');
  await rejectsWith(
    t,
    submitApplication(app.deps, registrar(), submission(w, 0, 'a-x', { applicant: { kind: 'institution', institutionId: '91360100MA35F00099', proxyAgreementRef: '代理协议 2026-1' } })),
    'application.proxy_institution_mismatch',
    'applicant.institutionId',
  );
  t.equal(await app.rawStore.headPosition(), before, 'no refusal wrote anything');

  await submitApplication(app.deps, registrar(), submission(w, 0, 'a-1'));
  const again = await submitApplication(app.deps, registrar(), submission(w, 0, 'a-1'));
  t.equal(again.steps.flatMap((s) => s.eventIds).length, 0, 'the same submission again writes nothing');
  await rejectsWith(t, submitApplication(app.deps, registrar(), submission(w, 1, 'a-1')), 'application.already_submitted', 'applicationId');
  await rejectsWith(t, submitApplication(app.deps, registrar(), submission(w, 0, 'a-2')), 'entitlement.certificate_already_claimed');
});

t.test('an institution applies under a proxy agreement; the subsidy still counts against the trainee', async (t) => {
  const w = await givenMoneyWorld(t, 1);
  await submitApplication(w.app.deps, registrar(), submission(w, 0, 'a-p', { applicant: { kind: 'institution', institutionId: NANCHANG_SCHOOL, proxyAgreementRef: '代为申请协议 2026-017' } }));
  t.same(await typesOf(w.app, `entitlement-${w.refs[0]}`), ['EntitlementClaimReserved']);
  await rejectsWith(t, submitApplication(w.app.deps, registrar(), submission(w, 0, 'a-q')), 'entitlement.certificate_already_claimed');
});

t.test('reviews: four eyes, order, and a rejection that frees the claim', async (t) => {
  const w = await givenMoneyWorld(t, 1);
  const { app } = w;
  await submitApplication(app.deps, registrar(), submission(w, 0, 'a-1'));
  await rejectsWith(t, finalReview(app.deps, reviewer2(), 'a-1', { decision: 'approve', reviewedOn: DATES.reviewed }), 'application.wrong_status', 'applicationId', 'no final review before the initial one');
  await rejectsWith(t, initialReview(app.deps, reviewer(), 'a-1', { decision: 'reject', reviewedOn: DATES.reviewed }), 'application.invalid_command', 'reasonCode', 'a rejection carries a reason code');
  await initialReview(app.deps, reviewer(), 'a-1', { decision: 'approve', reviewedOn: DATES.reviewed });
  await rejectsWith(t, finalReview(app.deps, reviewer(), 'a-1', { decision: 'approve', reviewedOn: DATES.reviewed }), 'application.same_reviewer', 'reviewerId');
  await rejectsWith(t, finalReview(app.deps, reviewer(), 'a-1', { decision: 'reject', reasonCode: 'documents_incomplete', reviewedOn: DATES.reviewed }), 'application.same_reviewer', 'reviewerId', 'nor may the same reviewer reject');
  await rejectsWith(t, startPublicity(app.deps, reviewer(), 'a-1', { startOn: DATES.publicity }), 'application.wrong_status');

  const rejected = await finalReview(app.deps, reviewer2(), 'a-1', { decision: 'reject', reasonCode: 'hours_doubtful', reviewedOn: DATES.reviewed });
  t.same(rejected.steps.map((s) => s.stream), ['application-a-1', `entitlement-${w.refs[0]}`], 'rejection first, then the claim is released');
  t.same(await typesOf(app, `entitlement-${w.refs[0]}`), ['EntitlementClaimReserved', 'EntitlementClaimReleased']);
  const state = await loadApplicationInScope(app.deps, reviewer(), 'a-1');
  t.match(state?.rejection, { stage: 'final_review', reasonCode: 'hours_doubtful', decidedBy: people.reviewer2.id });
  await rejectsWith(t, approveForPayment(app.deps, reviewer(), 'a-1', { fundId: FUND, approvedOn: DATES.approved }), 'application.wrong_status');

  await submitApplication(app.deps, registrar(), submission(w, 0, 'a-2'));
  t.pass('the released certificate can be applied for again');
});

t.test('publicity and objections: approval waits for the end of publicity and for every objection', async (t) => {
  const w = await givenMoneyWorld(t, 2);
  const { app } = w;
  await givenApplication(w, 0, 'a-1', 'in_publicity');
  await givenApplication(w, 1, 'a-2', 'in_publicity');
  await rejectsWith(t, approveForPayment(app.deps, reviewer(), 'a-1', { fundId: FUND, approvedOn: DATES.publicityEnd }), 'application.publicity_not_ended', 'approvedOn');
  await rejectsWith(t, raiseObjection(app.deps, reviewer(), 'a-1', { groundsCode: 'fake_trainee', raisedOn: '2026-03-30' }), 'application.outside_publicity', 'raisedOn');

  const raised = await raiseObjection(app.deps, reviewer(), 'a-1', { objectionId: 'obj-1', groundsCode: 'fake_trainee', raisedOn: '2026-03-23' });
  t.same(raised.result, { applicationId: 'a-1', objectionId: 'obj-1' });
  await rejectsWith(t, approveForPayment(app.deps, reviewer(), 'a-1', { fundId: FUND, approvedOn: DATES.approved }), 'application.objection_open');
  await rejectsWith(t, resolveObjection(app.deps, reviewer(), 'a-1', 'obj-9', { outcome: 'dismissed', reasonCode: 'unfounded', resolvedOn: '2026-03-25' }), 'application.unknown_objection', 'objectionId');
  await resolveObjection(app.deps, reviewer(), 'a-1', 'obj-1', { outcome: 'dismissed', reasonCode: 'attendance_verified', resolvedOn: '2026-03-25' });
  await rejectsWith(t, resolveObjection(app.deps, reviewer(), 'a-1', 'obj-1', { outcome: 'upheld', reasonCode: 'x', resolvedOn: '2026-03-25' }), 'application.objection_already_resolved', 'outcome');
  await approveForPayment(app.deps, reviewer(), 'a-1', { fundId: FUND, approvedOn: DATES.approved });
  t.equal((await loadApplicationInScope(app.deps, reviewer(), 'a-1'))?.status, 'approved');

  await raiseObjection(app.deps, reviewer(), 'a-2', { objectionId: 'obj-2', groundsCode: 'proxy_signature', raisedOn: '2026-03-24' });
  const upheld = await resolveObjection(app.deps, reviewer(), 'a-2', 'obj-2', { outcome: 'upheld', reasonCode: 'proxy_signature_confirmed', resolvedOn: '2026-03-26' });
  t.same(upheld.steps.map((s) => s.stream), ['application-a-2', `entitlement-${w.refs[1]}`]);
  t.same((await typesOf(app, 'application-a-2')).slice(-2), ['ApplicationObjectionResolved', 'ApplicationRejected']);
  t.same((await typesOf(app, `entitlement-${w.refs[1]}`)).slice(-1), ['EntitlementClaimReleased']);
});

t.test('approval: the fund must exist, cover the region and hold the money; a repeat commits nothing', async (t) => {
  const w = await givenMoneyWorld(t, 3, 2 * AMOUNT_FEN - 1);
  const { app } = w;
  await givenFund(app, 'gz-2026-emp', '360700', 10 * AMOUNT_FEN);
  await givenFund(app, 'jx-2026-ui', '360000', 10 * AMOUNT_FEN);
  for (const [i, id] of ['a-1', 'a-2', 'a-3'].entries()) await givenApplication(w, i, id, 'in_publicity');

  await rejectsWith(t, approveForPayment(app.deps, reviewer(), 'a-1', { fundId: 'no-such-fund', approvedOn: DATES.approved }), 'fund.not_opened', 'fundId');
  await rejectsWith(t, approveForPayment(app.deps, reviewer(), 'a-1', { fundId: 'gz-2026-emp', approvedOn: DATES.approved }), 'application.fund_outside_region', 'fundId');
  await approveForPayment(app.deps, reviewer(), 'a-1', { fundId: FUND, approvedOn: DATES.approved });
  const repeat = await approveForPayment(app.deps, reviewer(), 'a-1', { fundId: FUND, approvedOn: DATES.approved });
  t.equal(repeat.steps.flatMap((s) => s.eventIds).length, 0, 'approving again commits nothing more');
  await rejectsWith(t, approveForPayment(app.deps, reviewer(), 'a-1', { fundId: 'jx-2026-ui', approvedOn: DATES.approved }), 'application.already_approved', 'fundId');
  t.equal((await fundFromStore(app, 'jx-2026-ui')).totals.committedFen, 0, 'the refused approval on another fund left no commitment behind');

  await rejectsWith(t, approveForPayment(app.deps, reviewer(), 'a-2', { fundId: FUND, approvedOn: DATES.approved }), 'fund.insufficient_available', 'amountFen');
  t.equal((await loadApplicationInScope(app.deps, reviewer(), 'a-2'))?.status, 'in_publicity', 'a refused commitment leaves the application as it was');
  await approveForPayment(app.deps, reviewer(), 'a-2', { fundId: 'jx-2026-ui', approvedOn: DATES.approved });
  t.pass('a province fund covers a Nanchang application');
  const fund = await fundFromStore(app);
  t.equal(availableFen(fund.totals), AMOUNT_FEN - 1);
});

t.test('withdrawal: releases the commitment and the claim; refused once money is on its way', async (t) => {
  const w = await givenMoneyWorld(t, 3);
  const { app } = w;
  await givenApplication(w, 0, 'a-1', 'submitted');
  await givenApplication(w, 1, 'a-2', 'approved');
  await givenApplication(w, 2, 'a-3', 'instructed');

  const early = await withdrawApplication(app.deps, registrar(), 'a-1', { reasonCode: 'applicant_request', withdrawnOn: '2026-03-18' });
  t.same(early.steps.map((s) => s.stream), ['application-a-1', `entitlement-${w.refs[0]}`]);

  const late = await withdrawApplication(app.deps, registrar(), 'a-2', { reasonCode: 'applicant_request', withdrawnOn: '2026-03-31' });
  t.same(late.steps.map((s) => s.stream), [`fund-${FUND}`, 'application-a-2', `entitlement-${w.refs[1]}`], 'the fund releases the commitment first');
  const fund = await fundFromStore(app);
  t.equal(fund.applications.get('a-2')?.released, true);
  t.equal(fund.totals.committedFen, 0, 'a-3 is instructed, a-2 released');
  t.match((await loadApplicationInScope(app.deps, registrar(), 'a-2'))?.withdrawal, { commitmentReleased: true });

  await rejectsWith(t, withdrawApplication(app.deps, registrar(), 'a-3', { reasonCode: 'applicant_request', withdrawnOn: '2026-03-31' }), 'application.wrong_status');
  const again = await withdrawApplication(app.deps, registrar(), 'a-2', { reasonCode: 'applicant_request', withdrawnOn: '2026-03-31' });
  t.equal(again.steps.flatMap((s) => s.eventIds).length, 0, 'withdrawing twice writes nothing');
});

t.test('region scope: a Ganzhou reviewer can neither read nor act on a Nanchang application', async (t) => {
  const w = await givenMoneyWorld(t, 1);
  const { app } = w;
  await givenApplication(w, 0, 'a-1', 'submitted');
  const gz = ctxFor(people.reviewerGanzhou);
  const before = await app.rawStore.headPosition();
  await t.rejects(loadApplicationInScope(app.deps, gz, 'a-1'), RegionScopeError);
  await t.rejects(initialReview(app.deps, gz, 'a-1', { decision: 'approve', reviewedOn: DATES.reviewed }), RegionScopeError);
  await t.rejects(initialReview(app.deps, gz, 'a-1', { decision: 'reject', reasonCode: 'x', reviewedOn: DATES.reviewed }), RegionScopeError);
  await t.rejects(withdrawApplication(app.deps, ctxFor(people.registrarGanzhou), 'a-1', { reasonCode: 'x' }), RegionScopeError);
  await t.rejects(submitApplication(app.deps, ctxFor(people.registrarGanzhou), submission(w, 0, 'a-gz')), RegionScopeError, 'nor submit for a Nanchang class');
  await t.rejects(loadFundInScope(app.deps, ctxFor(people.financeGanzhou), FUND), RegionScopeError, 'nor read a Nanchang fund');
  t.equal(await app.rawStore.headPosition(), before, 'nothing was written');
  t.equal((await loadApplicationInScope(app.deps, ctxFor(people.registrar), 'a-1'))?.status, 'submitted', 'the province registrar sees it');
});

t.test('skill-upgrade subsidy: the insured worker\'s own, paid from the unemployment-insurance account, one a year', async (t) => {
  const w = await givenMoneyWorld(t, 2);
  const { app, refs } = w;
  const province: Principal = { id: 'reg-all', name: 'Provincial registrar', role: 'registrar' };
  await recordInsurance(app.deps, registrar(), refs[0]!, { months: 24, asOf: '2026-03-01' });
  await recordCertificate(app.deps, registrar(), refs[0]!, { serialNumber: 'JX-ELEC4-0001', occupationCode: ELECTRICIAN.occupationCode, level: ELECTRICIAN.level, issuedOn: '2026-03-16', issuer: '江西省职业技能鉴定指导中心' });
  const upgrade = (i: number, id: string, serial: string, principal: Principal = people.registrarNanchang) =>
    submitApplication(app.deps, ctxFor(principal), { applicationId: id, subsidyKind: 'skill_upgrade', applicant: { kind: 'trainee' }, personRef: refs[i]!, certificateSerial: serial, classId: null, submittedOn: DATES.submitted });

  await upgrade(0, 'u-1', w.serials[0]!);
  const [event] = await app.rawStore.readStream('application-u-1');
  t.match(event?.data, { subsidyKind: 'skill_upgrade', classId: null, institutionId: null, amountFen: 100_000, amountBasis: { rule: 'skill_upgrade_rate' } });
  await rejectsWith(t, submitApplication(app.deps, registrar(), submission(w, 0, 'a-1')), 'entitlement.certificate_already_claimed', undefined, 'never both subsidies for one certificate');
  await rejectsWith(t, upgrade(0, 'u-2', 'JX-ELEC4-0001'), 'entitlement.skill_upgrade_quota_exceeded', 'personRef', 'one skill-upgrade subsidy a year (2025 rule, not a shortage occupation)');
  await rejectsWith(t, upgrade(1, 'u-3', w.serials[1]!), 'application.insured_months_short', 'personRef');

  for (const step of [
    () => initialReview(app.deps, reviewer(), 'u-1', { decision: 'approve', reviewedOn: DATES.reviewed }),
    () => finalReview(app.deps, reviewer2(), 'u-1', { decision: 'approve', reviewedOn: DATES.reviewed }),
    () => startPublicity(app.deps, reviewer(), 'u-1', { startOn: DATES.publicity }),
  ]) await step();
  await rejectsWith(t, approveForPayment(app.deps, reviewer(), 'u-1', { fundId: FUND, approvedOn: DATES.approved }), 'fund.source_not_allowed', 'subsidyKind', 'not from employment subsidy funds');
  await openFund(app.deps, finance(), { fundId: 'nc-2026-ui', source: 'ui_special_account', year: 2026, regionCode: '360100', openedOn: '2026-01-05' });
  await receiveAllocation(app.deps, finance(), 'nc-2026-ui', { amountFen: 1_000_000, documentRef: '赣人社〔2026〕5号' });
  await approveForPayment(app.deps, reviewer(), 'u-1', { fundId: 'nc-2026-ui', approvedOn: DATES.approved });
  t.equal((await loadApplicationInScope(app.deps, reviewer(), 'u-1'))?.status, 'approved', 'the person is on a Nanchang roster: a Nanchang fund pays');

  // A worker certified by assessment alone, on no roster: the province's application.
  const registered = await registerTrainee(app.deps, ctxFor(province), { idNumber: residentId('360102', '19850101', '321'), name: '孙七', category: 'enterprise_employee', registeredOn: '2026-02-01' });
  const loner = String(registered.result?.personRef);
  await recordInsurance(app.deps, ctxFor(province), loner, { months: 40, asOf: '2026-03-01' });
  await recordCertificate(app.deps, ctxFor(province, onDayMs('2026-03-16')), loner, { serialNumber: 'JX-COOK5-9001', occupationCode: COOK.occupationCode, level: COOK.level, issuedOn: '2026-03-16', issuer: '江西省职业技能鉴定指导中心' });
  const lonerUpgrade = (principal: Principal) =>
    submitApplication(app.deps, ctxFor(principal), { applicationId: 'u-9', subsidyKind: 'skill_upgrade', applicant: { kind: 'trainee' }, personRef: loner, certificateSerial: 'JX-COOK5-9001', submittedOn: DATES.submitted });
  await t.rejects(lonerUpgrade(people.registrarNanchang), RegionScopeError, 'a city registrar does not see a person on no roster');
  await lonerUpgrade(province);
  const provinceReviewer: Principal = { id: 'rev-all', name: 'Provincial reviewer', role: 'reviewer' };
  const provinceReviewer2: Principal = { id: 'rev-all-2', name: 'Provincial reviewer 2', role: 'reviewer' };
  await initialReview(app.deps, ctxFor(provinceReviewer, onDayMs(DATES.paid)), 'u-9', { decision: 'approve', reviewedOn: DATES.reviewed });
  await finalReview(app.deps, ctxFor(provinceReviewer2, onDayMs(DATES.paid)), 'u-9', { decision: 'approve', reviewedOn: DATES.reviewed });
  await startPublicity(app.deps, ctxFor(provinceReviewer, onDayMs(DATES.paid)), 'u-9', { startOn: DATES.publicity });
  await rejectsWith(t, approveForPayment(app.deps, ctxFor(provinceReviewer, onDayMs(DATES.paid)), 'u-9', { fundId: 'nc-2026-ui', approvedOn: DATES.approved }), 'application.fund_outside_region', 'fundId');
  await openFund(app.deps, finance(), { fundId: 'jx-2026-ui', source: 'ui_special_account', year: 2026, regionCode: '360000', openedOn: '2026-01-05' });
  await adjustFund(app.deps, finance(), 'jx-2026-ui', { amountFen: 500_000, reasonCode: 'opening_balance', documentRef: '赣人社〔2026〕6号' });
  await approveForPayment(app.deps, ctxFor(provinceReviewer, onDayMs(DATES.paid)), 'u-9', { fundId: 'jx-2026-ui', approvedOn: DATES.approved });
  t.equal((await loadApplicationInScope(app.deps, ctxFor(provinceReviewer), 'u-9'))?.status, 'approved', 'the province\'s fund pays it');
  await t.rejects(loadApplicationInScope(app.deps, ctxFor(people.registrar), 'u-9'), RegionScopeError, 'seen by principals without a region only');
});
