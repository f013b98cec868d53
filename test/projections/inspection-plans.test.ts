import t from 'tap';
import path from 'node:path';
import { inspectionPlans } from '../../projections/inspection-plans/projection.ts';
import { listInspectionPlans } from '../../projections/inspection-plans/queries.ts';
import type { InspectionPlanEvent } from '../../src/domain/inspection-plan/events.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { openReader } from '../../src/projections/readmodel-file.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import { decided, draftCommand, drawCommand, givenValueEntered } from '../domain/inspection-plan/fixtures.ts';
import { recordedLog } from './fixtures/recorded-log.ts';

/**
 * The inspection-plans read model from events the plan decider itself decided: three
 * plans (one drawn, one a revised draft, one of the province), interleaved in one log.
 */

const drawn = givenValueEntered();
const all = [...drawn, ...decided(drawCommand(), drawn)];
const draft2 = decided(draftCommand({ planId: 'NC-2026-SJ-002' }), []);
const { type: _d, planId: _p, regionCode: _r, ...content } = draftCommand({ title: '第二批（修订）', at: '2026-03-03T09:00:00.000+08:00' });
const revised = decided({ ...content, type: 'ReviseInspectionPlan' } as Parameters<typeof decided>[0], draft2);
const province = decided(draftCommand({ planId: 'JX-2026-SJ-001', regionCode: '360000' }), []);

const log: [string, InspectionPlanEvent][] = [
  ...draft2.map((e): [string, InspectionPlanEvent] => ['NC-2026-SJ-002', e]),
  ...all.slice(0, 2).map((e): [string, InspectionPlanEvent] => ['NC-2026-SJ-001', e]),
  ...province.map((e): [string, InspectionPlanEvent] => ['JX-2026-SJ-001', e]),
  ...revised.map((e): [string, InspectionPlanEvent] => ['NC-2026-SJ-002', e]),
  ...all.slice(2).map((e): [string, InspectionPlanEvent] => ['NC-2026-SJ-001', e]),
];

function recorded(entries: [string, InspectionPlanEvent][]): RecordedEvent[] {
  return recordedLog(entries.map(([planId, event]) => ({ stream: `inspectionplan-${planId}`, event, actor: { id: 'insp-1', role: 'inspector' } })));
}

const events = recorded(log);

t.test('plans by region and stage, a page at a time; the same rows whatever the batch size', async (t) => {
  t.equal(events.length, 7, 'three drafts, a revision, a commitment, a value and a draw');
  const digests = [1, 3, 1000].map((n) => replayToDigest(inspectionPlans, events, path.join(t.testdir(), `plans-${n}.sqlite`), n).sha256);
  t.equal(new Set(digests).size, 1);
  const file = path.join(t.testdir(), 'plans.sqlite');
  replayToDigest(inspectionPlans, events, file, 2);
  const db = openReader(file);
  t.teardown(() => db.close());
  const city = listInspectionPlans(db, { prefix: '3601' }).items;
  t.same(city.map((p) => [p.planId, p.stage]), [['NC-2026-SJ-001', 'drawn'], ['NC-2026-SJ-002', 'drafted']], 'Nanchang: its two plans, not the province\'s');
  t.match(city[1], { title: '第二批（修订）', stageAt: '2026-03-03T09:00:00.000+08:00', regionCode: '360100', matterListId: '360000' }, 'a revision replaces the title');
  t.ok(city[0]!.subjects > 0);
  t.same(listInspectionPlans(db, { prefix: undefined, stages: ['drafted'] }).items.map((p) => p.planId), ['JX-2026-SJ-001', 'NC-2026-SJ-002']);
  const first = listInspectionPlans(db, { prefix: '36', limit: 2 });
  t.same(first.items.map((p) => p.planId), ['JX-2026-SJ-001', 'NC-2026-SJ-001']);
  t.same(listInspectionPlans(db, { prefix: '36', limit: 2, cursor: first.nextCursor! }).items.map((p) => p.planId), ['NC-2026-SJ-002'], 'the next page follows');
  t.same(listInspectionPlans(db, { prefix: '3607' }).items, [], 'another city: nothing');
  const fewer = replayToDigest(inspectionPlans, events.slice(0, -1), path.join(t.testdir(), 'fewer.sqlite'), 1000).sha256;
  t.not(fewer, digests[0], 'the digest sees the draw');
});

t.test('an event for a plan never drafted stops the projection', async (t) => {
  const orphan = recorded([['NC-2026-SJ-001', all[1]!]]);
  t.throws(() => replayToDigest(inspectionPlans, orphan, path.join(t.testdir(), 'orphan.sqlite'), 10), /never drafted/);
});
