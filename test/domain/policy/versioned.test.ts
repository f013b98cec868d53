import t from 'tap';
import { z } from 'zod';
import { loadPolicy } from '../../../src/policy/load.ts';
import { PolicyNotInForceError, policyInForce, versionInForce, versionedTableSchema } from '../../../src/domain/policy/versioned.ts';
import { procedureRuleOn, quotaRuleOn, skillUpgradeRuleOn, trainingSubsidyRuleOn } from '../../../src/domain/policy/policy-set.ts';

const policy = loadPolicy();

t.test('the version in force is the latest one that started on or before the date', async (t) => {
  const table = [
    { effectiveFrom: '2017-05-01', source: 'a', value: 36 },
    { effectiveFrom: '2019-01-01', source: 'b', value: 12 },
  ];
  t.equal(policyInForce(table, '2017-05-01').value, 36, 'in force from its first day');
  t.equal(policyInForce(table, '2018-12-31').value, 36, 'until the day before the next');
  t.equal(policyInForce(table, '2019-01-01').value, 12);
  t.equal(policyInForce(table, '2030-06-30').value, 12, 'the last version stays in force');
  t.equal(versionInForce(table, '2017-04-30'), undefined);
  t.throws(() => policyInForce(table, '2017-04-30', 'skillUpgrade'), {
    name: 'PolicyNotInForceError',
    code: 'policy.not_in_force',
    table: 'skillUpgrade',
    date: '2017-04-30',
    earliest: '2017-05-01',
  });
  t.throws(() => policyInForce([], '2026-01-01'), PolicyNotInForceError);
});

t.test('Jiangxi: an application uses the rule in force on its certificate date', async (t) => {
  t.equal(trainingSubsidyRuleOn(policy, '2026-02-14').value.ratesFen.junior, 120000, '初级 1200 yuan');
  t.same(trainingSubsidyRuleOn(policy, '2025-06-01').value.ratesFen, {
    junior: 120000,
    intermediate: 150000,
    senior: 200000,
    technician: 400000,
    senior_technician: 500000,
    special_ability: 100000,
    training_qualified: 100000,
  });
  t.same(trainingSubsidyRuleOn(policy, '2025-06-01').value.hoursShort, { feePerDayFen: 10000, hoursPerDay: 8, capPercent: 60 });
  t.equal(skillUpgradeRuleOn(policy, '2018-06-30').value.insuredMonthsMin, 36, 'a 2018 certificate: the older rule');
  t.equal(skillUpgradeRuleOn(policy, '2019-01-01').value.insuredMonthsMin, 12);
  t.same(skillUpgradeRuleOn(policy, '2026-01-05').value.ratesFen, { junior: 100000, intermediate: 150000, senior: 200000 });
  t.equal(quotaRuleOn(policy, '2024-12-31').value.skillUpgradePerYear, null);
  t.same(quotaRuleOn(policy, '2025-01-01').value, { subsidiesPerPersonPerYear: 3, skillUpgradePerYear: { base: 1, shortageOccupationBonus: 2 } });
  t.same(procedureRuleOn(policy, '2026-03-01').value, { applicationWindowMonths: 12, publicityWorkingDays: 5, reviewDeadlineWorkingDays: 10 });
  t.throws(() => trainingSubsidyRuleOn(policy, '2018-12-31'), { code: 'policy.not_in_force', table: 'trainingSubsidy' });
});

t.test('a table schema refuses versions out of order or repeated', async (t) => {
  const schema = versionedTableSchema(z.number());
  const paths = (d: unknown) => schema.safeParse(d).error?.issues.map((i) => i.path.join('.'));
  t.same(paths([{ effectiveFrom: '2019-01-01', source: 'a', value: 1 }, { effectiveFrom: '2018-01-01', source: 'b', value: 2 }]), ['1.effectiveFrom']);
  t.same(paths([{ effectiveFrom: '2019-01-01', source: 'a', value: 1 }, { effectiveFrom: '2019-01-01', source: 'b', value: 2 }]), ['1.effectiveFrom']);
  t.same(paths([]), [''], 'a table needs at least one version');
  t.same(paths([{ effectiveFrom: '2019-02-30', source: 'a', value: 1 }]), ['0.effectiveFrom']);
});
