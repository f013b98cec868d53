import t, { type Test } from 'tap';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_POLICY_DIR, PolicyDataError, loadCalendar, loadPolicy } from '../../src/policy/load.ts';

/** A scratch copy of the shipped policy data, edited by `mutate`, then loaded. */
function loadEdited(t: Test, file: string, mutate: (json: any) => unknown): unknown {
  const dir = mkdtempSync(path.join(tmpdir(), 'taizhang-policy-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true });
  const p = path.join(dir, file);
  const json = JSON.parse(readFileSync(p, 'utf8'));
  writeFileSync(p, JSON.stringify(mutate(json) ?? json));
  try {
    return loadPolicy({ dir });
  } catch (err) {
    return err;
  }
}

function expectError(t: Test, err: unknown, file: string, field: string, message: RegExp) {
  t.type(err, PolicyDataError);
  const e = err as PolicyDataError;
  t.equal(e.file, file, 'names the file');
  t.equal(e.field, field, 'names the field');
  t.match(e.message, message);
  t.equal(e.code, 'policy.invalid_data');
}

t.test('the shipped Jiangxi data loads', async (t) => {
  const p = loadPolicy();
  t.equal(p.region, 'jiangxi');
  t.same(p.calendar.years, [2025, 2026]);
  t.ok(Object.isFrozen(p));
});

t.test('a negative rate names its field', async (t) => {
  const err = loadEdited(t, 'jiangxi/training-subsidy.json', (j) => void (j.versions[0].value.ratesFen.junior = -5));
  expectError(t, err, 'jiangxi/training-subsidy.json', 'versions.0.value.ratesFen.junior', /versions\.0\.value\.ratesFen\.junior/);
});

t.test('a rate in yuan with decimals is refused (money is integer fen)', async (t) => {
  const err = loadEdited(t, 'jiangxi/training-subsidy.json', (j) => void (j.versions[0].value.ratesFen.senior = 2000.5));
  expectError(t, err, 'jiangxi/training-subsidy.json', 'versions.0.value.ratesFen.senior', /expected int/);
});

t.test('a missing field is named', async (t) => {
  const err = loadEdited(t, 'jiangxi/training-subsidy.json', (j) => void delete j.versions[0].value.hoursShort.capPercent);
  expectError(t, err, 'jiangxi/training-subsidy.json', 'versions.0.value.hoursShort.capPercent', /capPercent/);
});

t.test('a misspelt key is refused, not ignored', async (t) => {
  const err = loadEdited(t, 'jiangxi/procedure.json', (j) => {
    j.versions[0].value.publicityWorkingDay = 7;
  });
  expectError(t, err, 'jiangxi/procedure.json', 'versions.0.value', /publicityWorkingDay/);
});

t.test('an unknown certificate level is named', async (t) => {
  const err = loadEdited(t, 'jiangxi/skill-upgrade.json', (j) => void (j.versions[1].value.ratesFen.master = 300000));
  t.type(err, PolicyDataError);
  t.match((err as PolicyDataError).field, /^versions\.1\.value\.ratesFen/);
});

t.test('versions out of order name the later version', async (t) => {
  const err = loadEdited(t, 'jiangxi/skill-upgrade.json', (j) => void (j.versions[1].effectiveFrom = '2016-01-01'));
  expectError(t, err, 'jiangxi/skill-upgrade.json', 'versions.1.effectiveFrom', /ascending/);
});

t.test('a calendar day that is not a weekend cannot be a worked weekend day', async (t) => {
  const err = loadEdited(t, 'calendar/2026.json', (j) => void j.workedWeekendDays.push('2026-03-03'));
  expectError(t, err, 'calendar/2026.json', 'workedWeekendDays.6', /not a Saturday or Sunday/);
});

t.test('a calendar file whose name and year disagree', async (t) => {
  const err = loadEdited(t, 'calendar/2025.json', (j) => void (j.year = 2024));
  t.type(err, PolicyDataError);
  t.equal((err as PolicyDataError).file, 'calendar/2025.json');
});

t.test('broken JSON and missing files are PolicyDataErrors too', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'taizhang-policy-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true });
  writeFileSync(path.join(dir, 'jiangxi', 'quota.json'), '{ "versions": [ ');
  t.throws(() => loadPolicy({ dir }), { name: 'PolicyDataError', file: 'jiangxi/quota.json', message: /not JSON/ });
  unlinkSync(path.join(dir, 'jiangxi', 'quota.json'));
  t.throws(() => loadPolicy({ dir }), { name: 'PolicyDataError', file: 'jiangxi/quota.json', message: /ENOENT/ });
  t.throws(() => loadPolicy({ dir, region: 'hubei' }), { name: 'PolicyDataError', file: 'hubei/training-subsidy.json' });
  t.throws(() => loadPolicy({ dir, region: '../x' }), PolicyDataError);
  rmSync(path.join(dir, 'calendar'), { recursive: true });
  t.throws(() => loadCalendar(dir), { name: 'PolicyDataError', file: 'calendar/' });
});
