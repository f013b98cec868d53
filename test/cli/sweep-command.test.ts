import t from 'tap';
import { runSweep } from '../../src/cli/sweep-command.ts';
import { raiseFinding } from '../../src/app/services/findings.ts';
import { loadInstitution } from '../../src/app/services/institutions.ts';
import { onDayMs } from '../app/services/applications-fixtures.ts';
import { ctxFor, givenInstitution, NANCHANG_SCHOOL, openTestApp, principals } from '../app/services/registry-fixtures.ts';

t.test('the scheduled sweep delists once for a finding open past its deadline, within its region only', async (t) => {
  const app = await openTestApp(t);
  await givenInstitution(app);
  const inspector = { ...principals.inspector, region: '360100' };
  // Raised on its own day: no finding may be dated after the request's day.
  await raiseFinding(app.deps, ctxFor(inspector, onDayMs('2026-04-10')), {
    findingId: 'f-s-1',
    number: 'n-1',
    category: 'fake_content',
    description: '伪造培训记录',
    institutionId: NANCHANG_SCHOOL,
    regionCode: '360100',
    amountInvolvedFen: 0,
    responsibleUnit: '培训机构',
    measuresRequired: '整改',
    deadlineWorkingDays: 1,
    noticeOn: '2026-04-10',
    raisedOn: '2026-04-10',
  });
  const now = Date.parse('2026-04-20T09:00:00+08:00');
  t.match(await runSweep(app.deps, '2026-04-14T00:00:00+08:00', '360700', now), { findingsChecked: 0, sanctioned: 0, events: 0 }, 'another region: nothing');
  t.match(await runSweep(app.deps, '2026-04-14T00:00:00+08:00', undefined, now), { findingsChecked: 1, sanctioned: 1, events: 2 });
  t.match(await runSweep(app.deps, '2026-04-15T00:00:00+08:00', undefined, now), { sanctioned: 0, events: 0 }, 'not twice');
  const institution = await loadInstitution(app.deps, NANCHANG_SCHOOL);
  t.equal(institution.registered && institution.statusTimeline.at(-1)?.status, 'delisted');
  const [delisted] = (await app.rawStore.readStream(`institution-${NANCHANG_SCHOOL}`)).slice(-1);
  t.match(delisted?.metadata.actor, { id: 'sweeper', role: 'admin' });
});
