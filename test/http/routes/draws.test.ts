import t from 'tap';
import { verifyDrawRecord } from '../../../src/app/services/draws-verify.ts';
import { PROBLEM, problemOf } from '../helpers/test-server.ts';
import { draftBody, drawnRecord, drawServer, LOTTERY, PLAN_ID, publishMatter } from './draws-flow.ts';
import { INST, inspectors, LOTTERY_VALUE } from '../../domain/inspection-plan/fixtures.ts';

t.test('create plan → commit → enter randomness → draw → public record', async (t) => {
  const f = await drawServer(t);
  const { h, clock, post } = f;
  await publishMatter(f);
  const list = await h.call({ method: 'GET', url: '/public/inspection-matter-lists/360000' });
  t.equal(list.statusCode, 200, 'the matter list is public');
  t.same(list.json().matters.map((m: { matterId: string }) => m.matterId), ['JX-SJ-PX-01']);

  clock.set('2026-03-02T09:00:00+08:00');
  const drafted = await post('/api/v1/inspection-plans', draftBody());
  t.equal(drafted.statusCode, 201, drafted.body);
  t.match(drafted.json(), { result: { planId: PLAN_ID }, events: [{ stream: `inspectionplan-${PLAN_ID}` }] });
  t.equal((await h.call({ method: 'GET', url: `/public/draws/${PLAN_ID}` })).statusCode, 404, 'a draft is not published');
  const internal = await h.call({ method: 'GET', url: `/api/v1/inspection-plans/${PLAN_ID}`, as: 'auditor' });
  t.match(internal.json(), { status: 'draft', rosters: { subjects: { entries: { length: 8 } } } }, 'auditors read drafts');

  clock.set('2026-03-02T10:00:00+08:00');
  const committed = await post(`/api/v1/inspection-plans/${PLAN_ID}/randomness-commitment`, { source: LOTTERY });
  t.equal(committed.statusCode, 200, committed.body);
  const early = await h.call({ method: 'GET', url: `/public/draws/${PLAN_ID}?minPosition=${committed.json().position}` });
  t.equal(early.statusCode, 200, 'no token needed');
  t.match(early.json(), { status: 'committed', randomness: { source: LOTTERY, valueNotBefore: '2026-03-05T00:00:00.000+08:00' } }, 'the commitment is public before the value exists');
  t.notOk('value' in early.json().randomness);

  await t.test('refusals while committed write nothing', async (t) => {
    const head = await h.store.headPosition();
    const draw = await post(`/api/v1/inspection-plans/${PLAN_ID}/draw`, {});
    t.equal(draw.statusCode, 422);
    t.match(problemOf(t, draw), { type: PROBLEM('domain-rejection'), code: 'inspection_plan.randomness_not_entered' });
    const { planId: _p, regionCode: _r, ...content } = draftBody();
    const changed = await post(`/api/v1/inspection-plans/${PLAN_ID}/revisions`, { ...content, title: '改' });
    t.equal(changed.statusCode, 409, 'a plan changed after commitment');
    t.match(problemOf(t, changed), { type: PROBLEM('domain-conflict'), code: 'inspection_plan.already_committed' });
    const tooEarly = await post(`/api/v1/inspection-plans/${PLAN_ID}/randomness-value`, { value: LOTTERY_VALUE });
    t.match(problemOf(t, tooEarly), { status: 422, code: 'inspection_plan.value_not_yet_published', errors: [{ path: 'value' }] });
    t.equal(await h.store.headPosition(), head);
  });

  clock.set('2026-03-05T21:40:00+08:00');
  t.equal((await post(`/api/v1/inspection-plans/${PLAN_ID}/randomness-value`, { value: LOTTERY_VALUE })).statusCode, 200);
  clock.set('2026-03-06T09:00:00+08:00');
  const drawn = await post(`/api/v1/inspection-plans/${PLAN_ID}/draw`, {});
  t.equal(drawn.statusCode, 200, drawn.body);

  const published = await h.call({ method: 'GET', url: `/public/draws/${PLAN_ID}` });
  const record = published.json();
  t.match(record, { schema: 'taizhang.draw-record/1', status: 'drawn', draw: { algorithm: 'taizhang-sampling/1', outcome: { ok: true } } });
  t.equal(record.draw.outcome.subjects.length, 4);
  t.equal(record.draw.outcome.assignments.every((a: { inspectorIds: string[] }) => a.inspectorIds.length === 2), true, 'two inspectors per subject');
  const report = verifyDrawRecord(record);
  t.ok(report.matches, report.checks.map((c) => `${c.ok ? 'ok' : 'FAIL'} ${c.name}: ${c.detail}`).join('\n'));

  const again = await post(`/api/v1/inspection-plans/${PLAN_ID}/draw`, {});
  t.match(problemOf(t, again), { status: 409, code: 'inspection_plan.already_drawn' });

  await t.test('the readable page', async (t) => {
    const page = await h.call({ method: 'GET', url: `/public/draws/${PLAN_ID}/page` });
    t.equal(page.statusCode, 200);
    t.match(page.headers['content-type'], /^text\/html/);
    t.match(page.headers['content-security-policy'], /default-src 'none'/);
    t.match(page.body, /^<!doctype html>/);
    t.match(page.body, record.title);
    t.match(page.body, record.draw.outcome.seed, 'the seed');
    for (const a of record.draw.outcome.assignments) t.match(page.body, `${a.subjectId}</td>`, 'each drawn subject');
    t.match(page.body, `taizhang draw verify http://localhost:80/public/draws/${PLAN_ID}`);
    t.notMatch(page.body, /<script/i);
    t.equal((await h.call({ method: 'GET', url: '/public/draws/NOPE/page' })).statusCode, 404);
  });
});

t.test('bad input: a clear problem, nothing written', async (t) => {
  const f = await drawServer(t);
  const { h, clock, post } = f;
  await publishMatter(f);
  clock.set('2026-03-02T09:00:00+08:00');
  const head = await h.store.headPosition();

  const empty = await post('/api/v1/inspection-plans', draftBody({ design: { method: 'simple', stratifyBy: ['region'], strata: [{ key: ['360102'], count: 1 }, { key: ['360103'], count: 1 }, { key: ['360111'], rateBp: 300 }] } }));
  t.match(problemOf(t, empty), { status: 422, code: 'inspection_plan.empty_stratum', errors: [{ path: 'design.strata.2.key' }] });
  t.match(empty.json().detail, /360111/);

  const k = await post('/api/v1/inspection-plans', draftBody({ assignment: { inspectorsPerSubject: 6, excludeOwnRegion: false } }));
  t.match(problemOf(t, k), { status: 422, code: 'inspection_plan.k_exceeds_eligible', errors: [{ path: 'assignment.inspectorsPerSubject' }] });

  const named = await post('/api/v1/inspection-plans', draftBody({ inspectors: inspectors().map((i) => ({ ...i, name: '张三' })) }));
  t.match(problemOf(t, named), { status: 400, type: PROBLEM('validation-failed') });
  t.match(JSON.stringify(named.json()), /name/, 'the stray name is named');

  const offList = await post('/api/v1/inspection-plans', draftBody({ matterId: 'JX-SJ-NOPE' }));
  t.match(problemOf(t, offList), { status: 422, code: 'inspection_plan.matter_not_listed' });

  const notDrafted = await post('/api/v1/inspection-plans/NOPE/randomness-commitment', { source: LOTTERY });
  t.match(problemOf(t, notDrafted), { status: 422, code: 'inspection_plan.not_drafted' });

  const role = await h.call({ method: 'POST', url: '/api/v1/inspection-plans', payload: draftBody(), as: 'registrar' });
  t.equal(role.statusCode, 403);
  const region = await h.call({ method: 'POST', url: '/api/v1/inspection-plans', payload: draftBody(), token: h.tokenFor('inspector', '360700') });
  t.match(problemOf(t, region), { status: 403 });
  t.equal(await h.store.headPosition(), head, 'nothing written');

  t.equal((await post('/api/v1/inspection-plans', draftBody())).statusCode, 201);
  const past = await post(`/api/v1/inspection-plans/${PLAN_ID}/randomness-commitment`, { source: { ...LOTTERY, drawDate: '2026-03-01' } });
  t.match(problemOf(t, past), { status: 422, code: 'inspection_plan.randomness_not_in_future', errors: [{ path: 'source.drawDate' }] });
  const otherRegion = await h.call({ method: 'GET', url: `/api/v1/inspection-plans/${PLAN_ID}`, token: h.tokenFor('inspector', '360700') });
  t.equal(otherRegion.statusCode, 403, 'another region’s plan is not shown');
  t.equal(INST.length, 8);
});

t.test('the published record is the one drawnRecord returns, and verify matches', async (t) => {
  const f = await drawServer(t);
  await publishMatter(f);
  const text = await drawnRecord(f);
  t.ok(verifyDrawRecord(JSON.parse(text)).matches);
});
