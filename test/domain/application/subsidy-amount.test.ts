import t from 'tap';
import { applicationDecider } from '../../../src/domain/application/decider.ts';
import { skillUpgradeSubsidy, trainingSubsidy } from '../../../src/domain/application/subsidy-amount.ts';
import type { PolicySet } from '../../../src/domain/policy/policy-set.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import { spec } from '../spec.ts';
import { facts, policy, submitCmd } from './fixtures.ts';

const cert = (level: 'junior' | 'intermediate' | 'senior' | 'technician', issuedOn = '2026-01-20') => ({ ...facts().certificate!, level, issuedOn });
const project = (standardHours: number) => ({ ...facts().project!, standardHours });

function amountOf(r: ReturnType<typeof trainingSubsidy>): number {
  if (isRejection(r)) throw new Error(r.message);
  return r.amountFen;
}

t.test('full hours: the rate for the level (赣人社发〔2019〕3号)', async (t) => {
  t.equal(amountOf(trainingSubsidy(policy, cert('junior'), project(80), 80)), 120_000, '初级 1 200 yuan');
  t.equal(amountOf(trainingSubsidy(policy, cert('senior'), project(120), 130)), 200_000, '高级 2 000 yuan, extra hours earn nothing more');
  t.equal(amountOf(trainingSubsidy(policy, cert('technician'), project(200), 200)), 400_000, '技师 4 000 yuan');
});

t.test('hours short, certificate earned: 100 yuan per full 8-hour day, at most 60 %', async (t) => {
  // 初级, 80 standard hours, 44 attended: 44 / 8 = 5 full days (4 hours left over) = 500 yuan; cap 720.
  const r = trainingSubsidy(policy, cert('junior'), project(80), 44);
  t.equal(amountOf(r), 50_000);
  if (!isRejection(r)) t.same(r.basis, { rule: 'hours_short', policyEffectiveFrom: '2019-01-01', policySource: '赣人社发〔2019〕3号', rateFen: 120_000, standardHours: 80, attendedHours: 44, fullDays: 5, capFen: 72_000 });
  // 初级, 79 of 80 hours: 9 full days = 900 yuan, above the cap of 60 % × 1 200 = 720 yuan.
  t.equal(amountOf(trainingSubsidy(policy, cert('junior'), project(80), 79)), 72_000, 'capped at 720 yuan');
  // 中级, 64 of 120 hours: 8 days = 800 yuan, under the cap of 60 % × 1 500 = 900 yuan.
  t.equal(amountOf(trainingSubsidy(policy, cert('intermediate'), project(120), 64)), 80_000);
  // 中级, 72 of 120 hours: 9 days = 900 yuan, exactly the cap.
  t.equal(amountOf(trainingSubsidy(policy, cert('intermediate'), project(120), 72)), 90_000);
  // 技师, 150 of 200 hours: 18 days = 1 800 yuan, cap 2 400 yuan.
  t.equal(amountOf(trainingSubsidy(policy, cert('technician'), project(200), 150)), 180_000);
  t.equal(amountOf(trainingSubsidy(policy, cert('junior'), project(80), 7.5)), 0, 'less than one full day earns nothing');
});

t.test('less than one full day: the application is application.no_subsidy_due', async (t) => {
  const c = { trainingClass: { ...facts().trainingClass!, attendedHours: 7 } };
  spec(t, applicationDecider({ policy, submission: facts(c) })).given([]).when(submitCmd()).thenRejects('application.no_subsidy_due', 'classId');
});

/** Jiangxi's table plus a hypothetical revision from 2026-03-01: 初级 1 500 yuan, 50 % cap. */
const revised: PolicySet = {
  ...policy,
  trainingSubsidy: [
    ...policy.trainingSubsidy,
    {
      effectiveFrom: '2026-03-01',
      source: 'test revision',
      value: { ...policy.trainingSubsidy[0]!.value, ratesFen: { ...policy.trainingSubsidy[0]!.value.ratesFen, junior: 150_000 }, hoursShort: { feePerDayFen: 10_000, hoursPerDay: 8, capPercent: 50 } },
    },
  ],
};

t.test('the rate in force on the CERTIFICATE date applies when the table changes', async (t) => {
  t.equal(amountOf(trainingSubsidy(revised, cert('junior', '2026-02-28'), project(80), 80)), 120_000, 'issued the day before the revision: old rate');
  t.equal(amountOf(trainingSubsidy(revised, cert('junior', '2026-03-01'), project(80), 80)), 150_000, 'issued on the first day of the revision: new rate');
  // Hours short under the new table: 79 h = 9 days = 900 yuan, cap 50 % × 1 500 = 750 yuan.
  t.equal(amountOf(trainingSubsidy(revised, cert('junior', '2026-03-01'), project(80), 79)), 75_000);
  // … and under the old one for an older certificate: cap 60 % × 1 200 = 720 yuan.
  t.equal(amountOf(trainingSubsidy(revised, cert('junior', '2026-02-28'), project(80), 79)), 72_000);
  const r = trainingSubsidy(revised, cert('junior', '2026-03-01'), project(80), 80);
  if (!isRejection(r)) t.equal(r.basis.policyEffectiveFrom, '2026-03-01', 'the basis names the version used');
  t.test('an application submitted after the revision for an older certificate keeps the old rate', async (t) => {
    const decider = applicationDecider({ policy: revised, submission: facts({ certificate: cert('junior', '2026-02-20') }) });
    const events = decider.decide(submitCmd({ submittedOn: '2026-04-01' }), decider.initialState());
    t.ok(!isRejection(events) && events[0]?.type === 'ApplicationSubmitted' && events[0].data.amountFen === 120_000, '1 200 yuan');
  });
});

t.test('no table version on the certificate date: application.no_policy_in_force', async (t) => {
  const r = trainingSubsidy(policy, cert('junior', '2018-12-20'), project(80), 80);
  t.ok(isRejection(r) && r.code === 'application.no_policy_in_force');
  // The procedure table is in force on the application date, so the window passes and the amount refuses.
  spec(t, applicationDecider({ policy, submission: facts({ certificate: cert('junior', '2018-12-20') }) })).given([]).when(submitCmd({ submittedOn: '2019-01-10' })).thenRejects('application.no_policy_in_force');
});

t.test('skill-upgrade rates: 初级 1 000, 中级 1 500, 高级 2 000 yuan', async (t) => {
  for (const [level, fen] of [['junior', 100_000], ['intermediate', 150_000], ['senior', 200_000]] as const) {
    const r = skillUpgradeSubsidy(policy, cert(level));
    t.equal(isRejection(r) ? r.code : r.amountFen, fen, level);
  }
});
