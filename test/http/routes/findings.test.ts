import t, { type Test } from 'tap';
import { fuzzRoute } from '../fuzz-routes.ts';
import { PROBLEM, problemOf, testServer } from '../helpers/test-server.ts';
import { fixedClock } from '../../../src/app/clock.ts';
import { onDayMs } from '../../app/services/applications-fixtures.ts';
import { creditCode } from '../../app/services/registry-fixtures.ts';

/**
 * Inspections and findings through HTTP, one server for the file: four eyes (the recorder
 * of a rectification cannot verify it), roles of the matrix, region scope, GET of one
 * record, and the deep fuzz over the command routes whose records exist. The server acts
 * on the story's last day (its withdrawal), as no step may be dated after the request's day.
 */

const STORY_LAST_DAY = '2026-03-07';

const SCHOOL = creditCode('360102', 'MA35H0001');
const HASH = (c: string) => c.repeat(64);

t.test('inspection and finding routes', async (t) => {
  const h = await testServer(t, { productionOnly: true, options: { rateLimitPerMinute: 0 }, clock: fixedClock(onDayMs(STORY_LAST_DAY), 1) });
  const inspectorA = h.tokenFor('inspector', '360100');
  const inspectorB = h.token.inspector;
  const ids = { a: 'u-test-inspector-360100', b: 'u-test-inspector' };
  const post = (url: string, payload: unknown, token: string) => h.call({ method: 'POST', url, payload: payload as object, token });
  const get = (url: string, token: string) => h.call({ method: 'GET', url, token });

  const matter = await post('/api/v1/inspection-matter-lists/360000/matters', { matterId: 'JX-SJ-PX-01', title: '职业培训补贴资金检查', basis: '办法', content: '培训真实性', publishedOn: '2026-03-01' }, h.token.admin);
  t.equal(matter.statusCode, 201, matter.body);

  const opening = {
    inspectionId: 'insp-h-1',
    basis: { kind: 'special', statedBasis: '群众举报' },
    institutionId: SCHOOL,
    regionCode: '360102',
    matterCodes: ['JX-SJ-PX-01'],
    inspectorIds: [ids.a, ids.b],
    startedOn: '2026-03-02',
  };
  t.equal((await post('/api/v1/inspections', opening, h.token.registrar)).statusCode, 403, 'registrars do not open inspections');
  t.match(problemOf(t, await post('/api/v1/inspections', opening, h.tokenFor('inspector', '360700'))), { status: 403, reason: 'region' });
  const opened = await post('/api/v1/inspections', opening, inspectorA);
  t.equal(opened.statusCode, 201, opened.body);
  const checked = await post('/api/v1/inspections/insp-h-1/matters-checked', { matterCode: 'JX-SJ-PX-01', checkedOn: '2026-03-02' }, inspectorA);
  t.equal(checked.statusCode, 201, checked.body);
  t.match(problemOf(t, await post('/api/v1/inspections/insp-h-1/evidence', { evidenceId: 'ev-1', sha256: HASH('a'), description: '签到表', attachedOn: '2026-03-02' }, h.tokenFor('inspector', '360102'))), {
    type: PROBLEM('domain-rejection'),
    code: 'inspection.not_on_team',
  });

  const raise = {
    findingId: 'f-h-1',
    number: '洪人社查〔2026〕2号-1',
    inspectionId: 'insp-h-1',
    category: 'fake_trainees',
    description: '花名册中 3 人未参训',
    institutionId: SCHOOL,
    regionCode: '360102',
    amountInvolvedFen: 360_000,
    responsibleUnit: '培训机构',
    measuresRequired: '核减并退回补贴',
    deadlineWorkingDays: 10,
    noticeOn: '2026-03-03',
    raisedOn: '2026-03-03',
  };
  // Before: the finding decider had no day; a finding raised tomorrow was 201 and recorded.
  const headBefore = await h.store.headPosition();
  const tomorrow = problemOf(t, await post('/api/v1/findings', { ...raise, raisedOn: '2026-03-08', noticeOn: '2026-03-08' }, inspectorA));
  t.match(tomorrow, { status: 422, type: PROBLEM('domain-rejection'), code: 'finding.date_in_future', errors: [{ path: 'raisedOn' }] }, 'a finding raised tomorrow is refused naming raisedOn');
  t.equal(await h.store.headPosition(), headBefore, 'nothing was written');
  t.equal((await get('/api/v1/findings/f-h-1', h.token.auditor)).statusCode, 404, 'the finding does not exist');
  const raised = await post('/api/v1/findings', raise, inspectorA);
  t.equal(raised.statusCode, 201, raised.body);
  t.match(problemOf(t, await post('/api/v1/findings', { ...raise, findingId: 'f-h-2', responsiblePerson: { personRef: null, maskedName: '张三丰', role: null } }, inspectorA)), { status: 400 }, 'an unmasked name is refused');

  const rectification = { submissionId: 'sub-h-1', measuresTaken: '已核减 3 人', evidence: [{ sha256: HASH('b'), description: '核减说明' }], submittedOn: '2026-03-05' };
  const submitted = await post('/api/v1/findings/f-h-1/rectifications', rectification, inspectorA);
  t.equal(submitted.statusCode, 200, submitted.body);
  // an extension: asked on the unit's behalf, decided by an admin
  const ext = await post('/api/v1/findings/f-h-1/deadline-extensions', { extensionId: 'ext-1', additionalWorkingDays: 3, reason: '补充材料', requestedOn: '2026-03-06' }, h.tokenFor('registrar', '360100'));
  t.equal(ext.statusCode, 201, ext.body);
  t.equal((await post('/api/v1/findings/f-h-1/deadline-extensions/ext-1/decision', { decision: 'approve', decidedOn: '2026-03-06' }, inspectorB)).statusCode, 403, 'only admins decide extensions');
  const approved = await post('/api/v1/findings/f-h-1/deadline-extensions/ext-1/decision', { decision: 'approve', decidedOn: '2026-03-06' }, h.token.admin);
  t.equal(approved.statusCode, 200, approved.body);

  const verify = { submissionId: 'sub-h-1', decision: 'accept', conclusion: '整改到位', verifiedOn: '2026-03-06' };
  t.equal((await post('/api/v1/findings/f-h-1/verifications', verify, h.tokenFor('registrar', '360100'))).statusCode, 403, 'registrars do not verify');
  t.match(problemOf(t, await post('/api/v1/findings/f-h-1/verifications', verify, inspectorA)), { status: 422, type: PROBLEM('domain-rejection'), code: 'finding.same_person', errors: [{ path: 'verifierId' }] }, 'four eyes: the recorder of the rectification cannot verify it');
  t.match(problemOf(t, await post('/api/v1/findings/f-h-1/verifications', verify, h.tokenFor('inspector', '360700'))), { status: 403, reason: 'region' });
  const verified = await post('/api/v1/findings/f-h-1/verifications', verify, inspectorB);
  t.equal(verified.statusCode, 200, verified.body);

  // The sanction saga writes the institution's stream first: a sanction dated tomorrow is refused before that step.
  const headBeforeSanction = await h.store.headPosition();
  const sanction = await post('/api/v1/findings/f-h-1/sanctions', { sanctionId: 's-h-1', step: 'interview', on: '2026-03-08', reason: '虚报学员' }, h.token.admin);
  t.match(problemOf(t, sanction), { status: 422, code: 'finding.date_in_future', errors: [{ path: 'on' }] }, 'a sanction dated tomorrow is refused naming on');
  t.equal(await h.store.headPosition(), headBeforeSanction, 'nothing was written, on the institution or the finding');

  const view = await get(`/api/v1/findings/f-h-1?minPosition=${verified.json().position}`, h.tokenFor('auditor', '360100'));
  t.equal(view.statusCode, 200, view.body);
  t.match(view.json(), { findingId: 'f-h-1', status: 'verified', deadlineOn: '2026-03-20', submissions: [{ submissionId: 'sub-h-1', submittedBy: ids.a, outcome: 'verified', verifierId: ids.b }] });
  t.match(problemOf(t, await get('/api/v1/findings/f-h-1', h.tokenFor('finance', '360700'))), { status: 403, reason: 'region' });
  t.equal((await get('/api/v1/findings/nope', h.token.auditor)).statusCode, 404);
  const inspection = await get('/api/v1/inspections/insp-h-1', h.token.auditor);
  t.match(inspection.json(), { inspectionId: 'insp-h-1', status: 'in_progress', basis: { kind: 'special' }, mattersChecked: [{ matterCode: 'JX-SJ-PX-01', inspectorIds: [ids.a] }] });
  t.equal((await get('/api/v1/inspections/insp-h-1', h.token.registrar)).statusCode, 403);
  t.equal((await get('/api/v1/recovery-orders/none', h.token.finance)).statusCode, 404);

  const { inspectionId: _i, ...withoutInspection } = raise;
  await raiseAnother(t, post, inspectorA, raise);
  for (const [url, validBody] of [
    ['/api/v1/inspections', { ...opening, inspectionId: 'insp-h-2' }],
    // inspectionId left out: null is a valid value of it, so a type change there could be accepted
    ['/api/v1/findings', { ...withoutInspection, findingId: 'f-h-9' }],
    ['/api/v1/findings/f-h-3/rectifications', rectification],
    ['/api/v1/findings/f-h-1/withdrawal', { reason: '误报', withdrawnOn: '2026-03-07' }],
  ] as const) {
    await fuzzRoute(t, h, { url, token: url.includes('withdrawal') ? h.token.admin : inspectorA, validBody });
  }
});

/** A second finding, open, for the rectification fuzz. */
async function raiseAnother(t: Test, post: (url: string, payload: unknown, token: string) => Promise<{ statusCode: number; body: string }>, token: string, raise: Record<string, unknown>): Promise<void> {
  const res = await post('/api/v1/findings', { ...raise, findingId: 'f-h-3', number: 'n-3' }, token);
  t.equal(res.statusCode, 201, res.body);
}
