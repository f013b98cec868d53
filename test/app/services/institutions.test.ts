import t from 'tap';
import {
  blacklistInstitution,
  changeCreditGrade,
  changeOccupations,
  delistInstitution,
  interviewInstitution,
  issueRectificationNotice,
  liftSuspension,
  listInstitution,
  loadInstitution,
  loadInstitutionInScope,
  registerInstitution,
  removeFromBlacklist,
  revokeLicence,
  suspendInstitution,
  type RegisterInstitutionInput,
} from '../../../src/app/services/institutions.ts';
import { RegionScopeError } from '../../../src/app/services/region-scope.ts';
import { institutionStatusOn, creditGradeOn, occupationsOn } from '../../../src/domain/institution/status-on.ts';
import { onDayMs } from './applications-fixtures.ts';
import { COOK, ELECTRICIAN, GANZHOU_SCHOOL, NANCHANG_SCHOOL, ctxFor, givenInstitution, openTestApp, principals, rejectsWith } from './registry-fixtures.ts';

const registration = (over: Partial<RegisterInstitutionInput> = {}): RegisterInstitutionInput => ({
  creditCode: NANCHANG_SCHOOL,
  licenceNumber: 'L-001',
  name: '南昌职业技能培训学校',
  address: '南昌市红谷滩区',
  nature: 'private',
  regionCode: '360100',
  occupations: [COOK.occupationCode],
  creditGrade: 'B',
  registeredOn: '2025-06-01',
  ...over,
});

/** The admin acts on the ladder's last day (a licence revoked on 2026-12-01, then a step refused on 2026-12-02): no step may be dated after the request's day. */
const admin = () => ctxFor(principals.admin, onDayMs('2026-12-02'));

t.test('registration', async (t) => {
  const app = await openTestApp(t);
  const outcome = await registerInstitution(app.deps, ctxFor(principals.registrarNanchang), registration({ creditCode: NANCHANG_SCHOOL.toLowerCase() }));
  t.same(outcome.result, { institutionId: NANCHANG_SCHOOL }, 'the code is normalised and is the id');
  t.equal(outcome.steps[0]?.stream, `institution-${NANCHANG_SCHOOL}`);
  const state = await loadInstitution(app.deps, NANCHANG_SCHOOL);
  t.equal(institutionStatusOn(state, '2025-06-02'), 'unlisted', 'registered, not yet in the catalogue');

  await rejectsWith(t, registerInstitution(app.deps, ctxFor(principals.registrar), registration()), 'institution.already_registered', 'creditCode');
  await rejectsWith(t, registerInstitution(app.deps, admin(), registration({ creditCode: '91110000600037341X' })), 'institution.invalid_command', 'creditCode');
  await rejectsWith(t, registerInstitution(app.deps, admin(), registration({ creditCode: GANZHOU_SCHOOL, occupations: [] })), 'institution.invalid_command', 'occupations');

  const before = await app.rawStore.headPosition();
  await t.rejects(registerInstitution(app.deps, ctxFor(principals.registrarNanchang), registration({ creditCode: GANZHOU_SCHOOL, regionCode: '360700' })), RegionScopeError, 'Nanchang may not register a Ganzhou institution');
  t.equal(await app.rawStore.headPosition(), before, 'nothing written');
});

t.test('ten racing registrations of one code: one event, nine refusals', async (t) => {
  const app = await openTestApp(t);
  const results = await Promise.allSettled(Array.from({ length: 10 }, () => registerInstitution(app.deps, admin(), registration())));
  t.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  t.equal((await app.rawStore.readStream(`institution-${NANCHANG_SCHOOL}`)).length, 1);
});

t.test('when registered and listed', async (t) => {
  const app = await openTestApp(t);
  await givenInstitution(app);

  t.test('occupations and grade change from their dates', async (t) => {
    await changeOccupations(app.deps, admin(), NANCHANG_SCHOOL, { occupations: [COOK.occupationCode, ELECTRICIAN.occupationCode], effectiveOn: '2026-01-01', reason: '新增电工' });
    await changeCreditGrade(app.deps, admin(), NANCHANG_SCHOOL, { creditGrade: 'A', effectiveOn: '2026-01-01', reason: '年度评级' });
    const s = await loadInstitution(app.deps, NANCHANG_SCHOOL);
    t.same(occupationsOn(s, '2025-12-31'), [COOK.occupationCode]);
    t.same(occupationsOn(s, '2026-01-01'), [COOK.occupationCode, ELECTRICIAN.occupationCode]);
    t.equal(creditGradeOn(s, '2026-01-01'), 'A');
    await rejectsWith(t, changeCreditGrade(app.deps, admin(), NANCHANG_SCHOOL, { creditGrade: 'A', effectiveOn: '2026-02-01', reason: 'x' }), 'institution.no_change', 'creditGrade');
  });

  t.test('the sanctions ladder: interview, notice, suspension, lift, delist, relist after review', async (t) => {
    await interviewInstitution(app.deps, ctxFor(principals.inspector), NANCHANG_SCHOOL, { on: '2026-02-01', reason: '考勤异常' });
    await issueRectificationNotice(app.deps, ctxFor(principals.inspector), NANCHANG_SCHOOL, { on: '2026-02-02', reason: '考勤异常', deadline: '2026-02-20' });
    await rejectsWith(t, issueRectificationNotice(app.deps, admin(), NANCHANG_SCHOOL, { on: '2026-02-02', reason: 'x', deadline: '2026-02-01' }), 'institution.deadline_before_notice', 'deadline');
    await suspendInstitution(app.deps, admin(), NANCHANG_SCHOOL, { from: '2026-02-21', to: '2026-03-20', reason: '逾期未整改' });
    await rejectsWith(t, suspendInstitution(app.deps, admin(), NANCHANG_SCHOOL, { from: '2026-02-22', to: '2026-03-20', reason: 'x' }), 'institution.already_suspended', 'from');
    await liftSuspension(app.deps, admin(), NANCHANG_SCHOOL, { on: '2026-03-01', reason: '整改完成' });
    await delistInstitution(app.deps, admin(), NANCHANG_SCHOOL, { on: '2026-03-02', reason: '再次违规' });
    await rejectsWith(t, listInstitution(app.deps, admin(), NANCHANG_SCHOOL, { listedOn: '2026-04-01', reason: '复核通过' }), 'institution.relisting_requires_review', 'reviewRef');
    await listInstitution(app.deps, admin(), NANCHANG_SCHOOL, { listedOn: '2026-04-01', reason: '复核通过', reviewRef: '复核〔2026〕3号' });
    const s = await loadInstitution(app.deps, NANCHANG_SCHOOL);
    t.equal(institutionStatusOn(s, '2026-02-25'), 'suspended');
    t.equal(institutionStatusOn(s, '2026-03-10'), 'delisted');
    t.equal(institutionStatusOn(s, '2026-04-01'), 'listed');
    t.equal(s.registered && s.sanctions.length, 5, 'every step is recorded with its reason');
  });

  t.test('blacklisting with a term, removal only after it, revocation is final', async (t) => {
    await blacklistInstitution(app.deps, admin(), NANCHANG_SCHOOL, { from: '2026-05-01', until: '2026-10-31', reason: '虚假培训' });
    await rejectsWith(t, removeFromBlacklist(app.deps, admin(), NANCHANG_SCHOOL, { on: '2026-10-31', reason: 'x' }), 'institution.blacklist_term_running', 'on');
    await removeFromBlacklist(app.deps, admin(), NANCHANG_SCHOOL, { on: '2026-11-01', reason: '期满' });
    await revokeLicence(app.deps, admin(), NANCHANG_SCHOOL, { on: '2026-12-01', reason: '吊销' });
    await rejectsWith(t, interviewInstitution(app.deps, admin(), NANCHANG_SCHOOL, { on: '2026-12-02', reason: 'x' }), 'institution.licence_revoked');
  });
});

t.test('region scope on commands and reads', async (t) => {
  const app = await openTestApp(t);
  await givenInstitution(app, GANZHOU_SCHOOL, '360700');
  const before = await app.rawStore.headPosition();
  await t.rejects(suspendInstitution(app.deps, ctxFor(principals.adminNanchang), GANZHOU_SCHOOL, { from: '2026-03-01', to: '2026-03-31', reason: 'x' }), RegionScopeError);
  t.equal(await app.rawStore.headPosition(), before, 'nothing written');
  await t.rejects(loadInstitutionInScope(app.deps, ctxFor(principals.registrarNanchang), GANZHOU_SCHOOL), RegionScopeError);
  t.ok(await loadInstitutionInScope(app.deps, ctxFor(principals.registrarGanzhou), GANZHOU_SCHOOL));
  t.ok(await loadInstitutionInScope(app.deps, ctxFor(principals.registrar), GANZHOU_SCHOOL), 'the province sees its cities');
  t.equal(await loadInstitutionInScope(app.deps, ctxFor(principals.registrar), NANCHANG_SCHOOL), undefined, 'unknown');
});

t.test('commands on an unknown or malformed institution', async (t) => {
  const app = await openTestApp(t);
  await rejectsWith(t, listInstitution(app.deps, admin(), NANCHANG_SCHOOL, { listedOn: '2026-01-01', reason: 'x' }), 'institution.not_registered');
  await rejectsWith(t, listInstitution(app.deps, admin(), 'not-a-code', { listedOn: '2026-01-01', reason: 'x' }), 'institution.invalid_command', 'creditCode');
  await rejectsWith(t, listInstitution(app.deps, admin(), NANCHANG_SCHOOL, { listedOn: '2026-02-30', reason: 'x' }), 'institution.invalid_command', 'listedOn');
  t.equal(await app.rawStore.headPosition(), 0n);
});
