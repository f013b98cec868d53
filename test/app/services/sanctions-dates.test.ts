import t from 'tap';
import { raiseFinding } from '../../../src/app/services/findings.ts';
import { institutionStream } from '../../../src/app/services/institutions.ts';
import { issueSanction } from '../../../src/app/services/sanctions.ts';
import { onDayMs } from './applications-fixtures.ts';
import { ctxFor, givenInstitution, NANCHANG_SCHOOL, openTestApp, principals, rejectsWith } from './registry-fixtures.ts';

/**
 * A sanction from a finding is a saga: the institution's stream decides on the ladder
 * first, then the finding records it. A sanction dated after the request's day must be
 * refused before the first step: refused by the finding's step alone, the institution
 * would already carry a sanction dated tomorrow.
 */
t.test('a sanction dated tomorrow writes nothing, on the institution or the finding; dated today it is issued', async (t) => {
  const app = await openTestApp(t);
  await givenInstitution(app);
  const DAY = '2026-04-10';
  const inspector = { ...principals.inspector, region: '360100' };
  await raiseFinding(app.deps, ctxFor(inspector, onDayMs(DAY)), {
    findingId: 'f-s-1',
    number: 'n-1',
    category: 'fake_content',
    description: '伪造培训记录',
    institutionId: NANCHANG_SCHOOL,
    regionCode: '360100',
    amountInvolvedFen: 0,
    responsibleUnit: '培训机构',
    measuresRequired: '整改',
    deadlineWorkingDays: 5,
    noticeOn: DAY,
    raisedOn: DAY,
  });
  const institutionBefore = (await app.rawStore.readStream(institutionStream(NANCHANG_SCHOOL))).length;
  const findingBefore = (await app.rawStore.readStream('finding-f-s-1')).length;
  const admin = ctxFor(principals.admin, onDayMs(DAY));
  await rejectsWith(t, issueSanction(app.deps, admin, 'f-s-1', { sanctionId: 's-1', step: 'interview', on: '2026-04-11', reason: '伪造培训记录' }), 'finding.date_in_future', 'on');
  t.equal((await app.rawStore.readStream(institutionStream(NANCHANG_SCHOOL))).length, institutionBefore, 'the institution carries no sanction');
  t.equal((await app.rawStore.readStream('finding-f-s-1')).length, findingBefore, 'the finding records none');
  const issued = await issueSanction(app.deps, ctxFor(principals.admin, onDayMs(DAY)), 'f-s-1', { sanctionId: 's-1', step: 'interview', on: DAY, reason: '伪造培训记录' });
  t.equal(issued.steps.length, 2, 'dated today: the institution and the finding steps');
});
