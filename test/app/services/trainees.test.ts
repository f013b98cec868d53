import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { RegionScopeError } from '../../../src/app/services/region-scope.ts';
import {
  changeTraineeCategory,
  loadTrainee,
  loadTraineeInScope,
  lookupTrainee,
  recordCertificate,
  recordInsurance,
  registerTrainee,
} from '../../../src/app/services/trainees.ts';
import type { RegisterTraineeInput } from '../../../src/app/services/trainees-input.ts';
import { approveClassOpening, requestClassOpening } from '../../../src/app/services/classes.ts';
import { onDayMs } from './applications-fixtures.ts';
import type { EventStore } from '../../../src/eventstore/port.ts';
import { newRequestSeed } from '../../../src/app/deterministic-ids.ts';
import {
  COOK,
  ctxFor,
  givenApprovedClass,
  givenCatalogue,
  givenInstitution,
  givenTrainees,
  NANCHANG_SCHOOL,
  NOW_MS,
  openingRequest,
  openTestApp,
  principals,
  rejectsWith,
  residentId,
} from './registry-fixtures.ts';

const ID = residentId('360426', '19910101', '007');
const input = (over: Partial<RegisterTraineeInput> = {}): RegisterTraineeInput => ({
  idNumber: ID,
  name: '欧阳娜娜',
  phone: '138 0013 8000',
  bankAccount: '6222 0212 3456 7890',
  bankName: '中国工商银行南昌分行',
  socialSecurityCard: '3601 0000 1234 5678',
  category: 'rural_migrant_worker',
  registeredOn: '2026-02-01',
  ...over,
});
/** The registrar acts on the last day of the records below (certificates of 2026-03-20): none may be dated after the request's day. */
const registrar = () => ctxFor(principals.registrarNanchang, onDayMs('2026-03-20'));

t.test('registration: vault first, then an event with the pseudonym and masked forms only', async (t) => {
  const app = await openTestApp(t);
  const outcome = await registerTrainee(app.deps, registrar(), input({ idNumber: ID.toLowerCase() }));
  const ref = String(outcome.result?.personRef);
  t.match(ref, /^p_[A-Za-z0-9_-]{22}$/);
  t.same(await app.deps.vault.get(ref), { idNumber: ID, name: '欧阳娜娜', phone: '138 0013 8000', bankAccount: '6222 0212 3456 7890', bankName: '中国工商银行南昌分行', socialSecurityCard: '3601 0000 1234 5678' });
  const [event] = await app.rawStore.readStream(`trainee-${ref}`);
  t.same(event?.data, {
    personRef: ref,
    maskedId: '3604**********0071'.slice(0, 14) + ID.slice(-4),
    maskedName: '欧阳**',
    birthYear: 1991,
    category: 'rural_migrant_worker',
    socialSecurityCardMasked: '****5678',
    bankAccountMasked: '****7890',
    registeredOn: '2026-02-01',
  });
  t.same(await lookupTrainee(app.deps, principals.registrarNanchang, { idNumber: ID }), { personRef: ref, registered: true });
  t.same(await lookupTrainee(app.deps, principals.registrarNanchang, { idNumber: residentId('360426', '19910101', '009') }), { personRef: (await lookupTrainee(app.deps, principals.registrarNanchang, { idNumber: residentId('360426', '19910101', '009') })).personRef, registered: false });
});

t.test('a second registration is refused BEFORE the vault: the registered person’s data stays', async (t) => {
  const app = await openTestApp(t);
  const ref = String((await registerTrainee(app.deps, registrar(), input())).result?.personRef);
  await rejectsWith(t, registerTrainee(app.deps, ctxFor(principals.registrarGanzhou), input({ name: '冒名', bankAccount: '6222 9999 9999 9999' })), 'trainee.already_registered', 'personRef');
  t.equal((await app.deps.vault.get(ref))?.bankAccount, '6222 0212 3456 7890', 'the account was not replaced');
});

t.test('ten racing registrations of one person: one event', async (t) => {
  const app = await openTestApp(t);
  const results = await Promise.allSettled(Array.from({ length: 10 }, () => registerTrainee(app.deps, registrar(), input())));
  t.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  const ref = (await lookupTrainee(app.deps, principals.registrarNanchang, { idNumber: ID })).personRef;
  t.equal((await app.rawStore.readStream(`trainee-${ref}`)).length, 1);
});

t.test('refusals name the field and leave neither an event nor a vault entry', async (t) => {
  const app = await openTestApp(t);
  const bad = ID.slice(0, 17) + (ID.endsWith('1') ? '2' : '1');
  try {
    await registerTrainee(app.deps, registrar(), input({ idNumber: bad }));
    t.fail('accepted a wrong check character');
  } catch (err) {
    t.match(err, { rejection: { code: 'trainee.invalid_command', field: 'idNumber' } });
    t.notMatch(String((err as Error).message), bad, 'the message never repeats the number');
  }
  await rejectsWith(t, registerTrainee(app.deps, registrar(), input({ name: '张三3' })), 'trainee.invalid_command', 'name');
  await rejectsWith(t, registerTrainee(app.deps, registrar(), input({ bankAccount: 'abc' })), 'trainee.invalid_command', 'bankAccount');
  await rejectsWith(t, registerTrainee(app.deps, registrar(), input({ extra: 1 } as never)), 'trainee.invalid_command', 'extra');
  await rejectsWith(t, registerTrainee(app.deps, registrar(), input({ category: 'graduate_in_graduation_year' })), 'trainee.graduation_year_required', 'graduationYear');
  // 16 exactly on the day, not the day before (the event keeps only the year; the app checks the date).
  const teen = residentId('360102', '20100301', '004');
  await rejectsWith(t, registerTrainee(app.deps, registrar(), input({ idNumber: teen, registeredOn: '2026-02-28' })), 'trainee.under_minimum_age', 'idNumber');
  t.equal(await app.rawStore.headPosition(), 0n, 'no event');
  t.equal(await app.deps.vault.has((await lookupTrainee(app.deps, principals.registrarNanchang, { idNumber: ID })).personRef), false, 'no vault entry');
  await registerTrainee(app.deps, registrar(), input({ idNumber: teen, registeredOn: '2026-03-01' }));
});

t.test('a crash between the vault and the append leaves an unused vault entry; the retry registers', async (t) => {
  const app = await openTestApp(t);
  const real = app.deps.store;
  let fail = true;
  const flaky: EventStore = Object.create(real, {
    append: {
      value: (...args: Parameters<EventStore['append']>) => {
        if (fail) {
          fail = false;
          return Promise.reject(new Error('disk gone'));
        }
        return real.append(...args);
      },
    },
  });
  await t.rejects(registerTrainee({ ...app.deps, store: flaky }, registrar(), input()), /disk gone/);
  const ref = (await lookupTrainee(app.deps, principals.registrarNanchang, { idNumber: ID })).personRef;
  t.equal(await app.deps.vault.has(ref), true, 'the vault was written first');
  t.equal(await app.rawStore.headPosition(), 0n, 'no event names a person the vault lacks');
  await registerTrainee(app.deps, registrar(), input());
  t.equal((await loadTrainee(app.deps, ref)).registered, true);
});

t.test('no personal data in the store file: ID numbers, names, accounts, phones', async (t) => {
  const app = await openTestApp(t);
  await givenCatalogue(app);
  await givenInstitution(app);
  const people = [
    { idNumber: residentId('360102', '19850505', '011'), name: '李晓明', bankAccount: '6217 0011 2233 4455', phone: '13907910001' },
    { idNumber: residentId('360731', '19920315', '022'), name: '阿依古丽·买买提', bankAccount: '6228480402564890018', phone: '13907910002' },
    { idNumber: residentId('362101', '19791230', '032'), name: '王芳', bankAccount: '6013-8200-0011-2233', phone: '13907910003' },
  ];
  const refs: string[] = [];
  for (const p of people) refs.push(String((await registerTrainee(app.deps, registrar(), { ...p, category: 'registered_unemployed', registeredOn: '2026-02-01' })).result?.personRef));
  await givenApprovedClass(app, 'c-pii', NANCHANG_SCHOOL, refs);
  await recordCertificate(app.deps, registrar(), refs[0]!, { serialNumber: 'S-2026-0001', occupationCode: COOK.occupationCode, level: 'junior', issuedOn: '2026-03-20', issuer: '江西省职业技能鉴定中心' });
  t.ok((await app.rawStore.headPosition()) > 5n);
  const dir = t.testdirName;
  const storeFiles = fs.readdirSync(dir).filter((f) => f.startsWith('events.sqlite'));
  t.ok(storeFiles.includes('events.sqlite'));
  const bytes = Buffer.concat(storeFiles.map((f) => fs.readFileSync(path.join(dir, f))));
  // Controls: the scan reads the events as stored (the pseudonym and masked forms are there).
  t.not(bytes.indexOf(Buffer.from(refs[0]!, 'utf8')), -1, 'control: the personRef is found');
  t.not(bytes.indexOf(Buffer.from('李**', 'utf8')), -1, 'control: the masked name is found');
  for (const p of people) {
    const digits = p.bankAccount.replace(/\D/g, '');
    for (const needle of [p.idNumber, p.idNumber.slice(6, 14) + p.idNumber.slice(14), p.name, p.bankAccount, digits, digits.slice(0, 12), p.phone]) {
      t.equal(bytes.indexOf(Buffer.from(needle, 'utf8')), -1, `the store holds no ${needle === p.name ? 'name' : 'number'} of ${refs[people.indexOf(p)]}`);
    }
  }
  const vaultBytes = fs.readFileSync(path.join(dir, 'vault.sqlite'));
  t.equal(vaultBytes.indexOf(Buffer.from(people[0]!.idNumber)), -1, 'the vault holds it encrypted');
});

t.test('when registered and on a Nanchang class', async (t) => {
  const app = await openTestApp(t);
  await givenCatalogue(app);
  await givenInstitution(app);
  const [ann, bo] = await givenTrainees(app, 2);
  const ref = ann!;

  t.test('region scope before and after the roster is approved', async (t) => {
    await t.rejects(recordInsurance(app.deps, registrar(), bo!, { months: 12, asOf: '2026-02-01' }), RegionScopeError, 'on no roster: only principals without a region may act');
    await t.rejects(recordInsurance(app.deps, ctxFor(principals.registrar), bo!, { months: 12, asOf: '2026-02-01' }), RegionScopeError, 'nor the province-scoped registrar');
    await recordInsurance(app.deps, ctxFor(principals.admin), bo!, { months: 12, asOf: '2026-02-01' });
    await requestClassOpening(app.deps, registrar(), openingRequest('c-1', NANCHANG_SCHOOL, [ann!, bo!]));
    await t.rejects(recordInsurance(app.deps, registrar(), bo!, { months: 13, asOf: '2026-03-01' }), RegionScopeError, 'on a roster only requested: still in no region (R2 item 5)');
    await approveClassOpening(app.deps, ctxFor(principals.reviewer), 'c-1', { decidedOn: '2026-03-01' });
    await recordInsurance(app.deps, registrar(), bo!, { months: 13, asOf: '2026-03-01' });
    await t.rejects(loadTraineeInScope(app.deps, principals.registrarGanzhou, ref), RegionScopeError);
    await t.rejects(changeTraineeCategory(app.deps, ctxFor(principals.registrarGanzhou), ref, { category: 'registered_unemployed', effectiveOn: '2026-03-01', reason: 'x' }), RegionScopeError);
    t.ok(await loadTraineeInScope(app.deps, principals.registrarNanchang, ref));
  });

  t.test('category, insurance and certificates', async (t) => {
    await changeTraineeCategory(app.deps, registrar(), ref, { category: 'registered_unemployed', effectiveOn: '2026-03-01', reason: '失业登记' });
    await rejectsWith(t, changeTraineeCategory(app.deps, registrar(), ref, { category: 'registered_unemployed', effectiveOn: '2026-03-02', reason: 'x' }), 'trainee.no_change', 'category');
    await recordInsurance(app.deps, registrar(), ref, { months: 14, asOf: '2026-03-01' });
    await rejectsWith(t, recordInsurance(app.deps, registrar(), ref, { months: 14, asOf: '2026-01-01' }), 'trainee.date_before_last_change', 'asOf');
    const cert = await recordCertificate(app.deps, registrar(), ref, { serialNumber: ' s-2026-0001 ', occupationCode: COOK.occupationCode, level: COOK.level, issuedOn: '2026-03-20', issuer: '江西省职业技能鉴定中心', classId: 'c-1' });
    t.same(cert.steps.map((s) => s.stream), ['certificate-S-2026-0001', `trainee-${ref}`], 'the serial is claimed, then recorded');
    await rejectsWith(t, recordCertificate(app.deps, registrar(), bo!, { serialNumber: 'S-2026-0001', occupationCode: COOK.occupationCode, level: COOK.level, issuedOn: '2026-03-20', issuer: 'x' }), 'certificate.serial_taken', 'serialNumber');
    await rejectsWith(t, recordCertificate(app.deps, registrar(), ref, { serialNumber: 'S-2026-0001', occupationCode: COOK.occupationCode, level: COOK.level, issuedOn: '2026-03-20', issuer: 'x' }), 'trainee.duplicate_certificate_serial', 'serialNumber');
    await rejectsWith(t, recordCertificate(app.deps, registrar(), 'p_AAAAAAAAAAAAAAAAAAAAAA', { serialNumber: 'S-2026-0002', occupationCode: COOK.occupationCode, level: COOK.level, issuedOn: '2026-03-20', issuer: 'x' }), 'trainee.not_registered');
    t.equal((await app.rawStore.readStream('certificate-S-2026-0002')).length, 0, 'no claim for an unregistered person');
    await rejectsWith(t, recordInsurance(app.deps, registrar(), 'not-a-ref', { months: 1, asOf: '2026-03-01' }), 'trainee.invalid_command', 'personRef');
  });
});

t.test('a replay of a registration that was applied (crash before the answer) writes nothing new', async (t) => {
  const app = await openTestApp(t);
  const seed = newRequestSeed(NOW_MS);
  const outcome = await registerTrainee(app.deps, ctxFor(principals.registrarNanchang, NOW_MS, seed), input());
  const again = await registerTrainee(app.deps, ctxFor(principals.registrarNanchang, NOW_MS, seed, true), input());
  t.equal(again.steps[0]?.replayed, true);
  t.same(again.steps[0]?.eventIds, outcome.steps[0]?.eventIds, 'the same events answer');
  t.equal(await app.rawStore.headPosition(), 1n);
});
