import t from 'tap';
import fc from 'fast-check';
import { loadPolicy } from '../../../src/policy/load.ts';
import { CERTIFICATE_LEVELS, compareLevels } from '../../../src/domain/policy/certificate-level.ts';
import { procedureRuleOn, quotaRuleOn, skillUpgradeRuleOn, trainingSubsidyRuleOn } from '../../../src/domain/policy/policy-set.ts';
import {
  applicationWindowLastDay,
  insuredLongEnough,
  skillUpgradeAmountFen,
  skillUpgradeLimitPerYear,
  trainingSubsidyAmountFen,
  withinApplicationWindow,
} from '../../../src/domain/policy/subsidy-amount.ts';

const policy = loadPolicy();
const training = trainingSubsidyRuleOn(policy, '2026-01-05').value;

t.test('full hours: the level rate', async (t) => {
  t.equal(trainingSubsidyAmountFen(training, 'junior', { standardHours: 80, attendedHours: 80 }), 120000);
  t.equal(trainingSubsidyAmountFen(training, 'senior_technician', { standardHours: 160, attendedHours: 170 }), 500000);
  t.equal(trainingSubsidyAmountFen(training, 'special_ability', { standardHours: 40, attendedHours: 40 }), 100000);
});

t.test('hours short: 100 yuan per full 8-hour day, at most 60 % of the rate', async (t) => {
  // 初级, 40 of 80 hours: 5 days x 100 yuan = 500 yuan, below the cap of 720 yuan.
  t.equal(trainingSubsidyAmountFen(training, 'junior', { standardHours: 80, attendedHours: 40 }), 50000);
  // 47 hours is still 5 full days.
  t.equal(trainingSubsidyAmountFen(training, 'junior', { standardHours: 80, attendedHours: 47 }), 50000);
  // 72 of 80 hours: 9 days = 900 yuan, capped at 60 % of 1200 = 720 yuan.
  t.equal(trainingSubsidyAmountFen(training, 'junior', { standardHours: 80, attendedHours: 72 }), 72000);
  // 技师, 120 of 200 hours: 15 days = 1500 yuan, under the cap of 2400 yuan.
  t.equal(trainingSubsidyAmountFen(training, 'technician', { standardHours: 200, attendedHours: 120 }), 150000);
  t.equal(trainingSubsidyAmountFen(training, 'junior', { standardHours: 80, attendedHours: 7 }), 0, 'less than one day');
});

t.test('property: the hours-short amount never exceeds the cap and grows with hours', async () => {
  fc.assert(
    fc.property(fc.constantFrom(...CERTIFICATE_LEVELS), fc.integer({ min: 8, max: 400 }), fc.nat(400), fc.nat(400), (level, standardHours, h1, h2) => {
      const [lo, hi] = h1 <= h2 ? [h1, h2] : [h2, h1];
      const a = trainingSubsidyAmountFen(training, level, { standardHours, attendedHours: lo });
      const b = trainingSubsidyAmountFen(training, level, { standardHours, attendedHours: hi });
      const rate = training.ratesFen[level];
      const short = lo < standardHours;
      return a <= b && b <= rate && (!short || a <= Math.floor(rate * 0.6));
    }),
  );
});

t.test('skill-upgrade: rates for 初级/中级/高级 only, insured months by date', async (t) => {
  const now = skillUpgradeRuleOn(policy, '2026-01-05').value;
  t.equal(skillUpgradeAmountFen(now, 'junior'), 100000);
  t.equal(skillUpgradeAmountFen(now, 'intermediate'), 150000);
  t.equal(skillUpgradeAmountFen(now, 'senior'), 200000);
  t.equal(skillUpgradeAmountFen(now, 'technician'), undefined);
  t.ok(insuredLongEnough(now, 12));
  t.notOk(insuredLongEnough(now, 11));
  t.notOk(insuredLongEnough(skillUpgradeRuleOn(policy, '2018-03-01').value, 35), 'older rule: 36 months');
});

t.test('yearly limits', async (t) => {
  const q2025 = quotaRuleOn(policy, '2025-03-01').value;
  t.equal(q2025.subsidiesPerPersonPerYear, 3);
  t.equal(skillUpgradeLimitPerYear(q2025, false), 1);
  t.equal(skillUpgradeLimitPerYear(q2025, true), 3, '1 + 2 for a shortage occupation');
  t.equal(skillUpgradeLimitPerYear(quotaRuleOn(policy, '2024-03-01').value, false), 3, 'before 2025: only the overall quota');
});

t.test('application window: 12 months, the issue day not counted (民法典 arts. 201-202)', async (t) => {
  const rule = procedureRuleOn(policy, '2025-03-15').value;
  t.equal(applicationWindowLastDay(rule, '2025-03-15'), '2026-03-15');
  t.ok(withinApplicationWindow(rule, '2025-03-15', '2026-03-15'));
  t.notOk(withinApplicationWindow(rule, '2025-03-15', '2026-03-16'));
  t.notOk(withinApplicationWindow(rule, '2025-03-15', '2025-03-14'), 'not before the certificate exists');
  t.equal(applicationWindowLastDay(rule, '2024-02-29'), '2025-02-28', 'no 29 February: the month end');
});

t.test('level order: a higher grade compares greater; ungraded levels have no order', async (t) => {
  t.ok((compareLevels('senior', 'junior') ?? 0) > 0);
  t.ok((compareLevels('junior', 'senior_technician') ?? 0) < 0);
  t.equal(compareLevels('junior', 'junior'), 0);
  t.equal(compareLevels('special_ability', 'junior'), undefined);
});
