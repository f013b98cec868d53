import t from 'tap';
import fc from 'fast-check';
import path from 'node:path';
import { institutions } from '../../projections/institutions/projection.ts';
import { institutionOnDate, listInstitutions, listSanctions } from '../../projections/institutions/queries.ts';
import { addDays } from '../../src/domain/calendar/business-date.ts';
import { isRejection } from '../../src/domain/decider.ts';
import { creditCodeCheckChar } from '../../src/domain/identity/credit-code.ts';
import { parseInstitutionCommand } from '../../src/domain/institution/commands.ts';
import { institutionDecider } from '../../src/domain/institution/decider.ts';
import type { InstitutionEvent } from '../../src/domain/institution/events.ts';
import { initialInstitutionState, type InstitutionState } from '../../src/domain/institution/state.ts';
import { creditGradeOn, institutionStatusOn, occupationsOn } from '../../src/domain/institution/status-on.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { openReader } from '../../src/projections/readmodel-file.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import { recordedLog } from './fixtures/recorded-log.ts';

/**
 * The institutions read model against the institution aggregate: random sequences of
 * sanctions-ladder commands are decided by the domain's decider, projected, and on every
 * day of the period the status, occupations and grade the SQL reads from the timelines
 * equal what the domain's fold says (institutionStatusOn, occupationsOn, creditGradeOn).
 */

const code = (area: string, org: string) => `91${area}${org}` + creditCodeCheckChar(`91${area}${org}`);
const INSTITUTIONS = [
  { creditCode: code('360100', 'MA35F0001'), regionCode: '360100' },
  { creditCode: code('360700', 'MA35F0002'), regionCode: '360702' },
] as const;
const START = '2025-06-01';
const DAYS = 240;
const day = fc.integer({ min: 0, max: DAYS - 40 }).map((n) => addDays(START, n));
const COOK = '4-03-02-01';
const WELD = '6-18-02-04';

const command: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('ListInstitution'), listedOn: day, reason: fc.constant('评审通过'), reviewRef: fc.constantFrom(undefined, '复核 1 号') }, { requiredKeys: ['type', 'listedOn', 'reason'] }) },
  { weight: 3, arbitrary: fc.tuple(day, fc.integer({ min: 0, max: 30 })).map(([from, n]) => ({ type: 'SuspendInstitution', from, to: addDays(from, n), reason: '停业整顿' })) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('LiftSuspension'), on: day, reason: fc.constant('整改完成') }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('DelistInstitution'), on: day, reason: fc.constant('移出目录') }) },
  { weight: 2, arbitrary: fc.tuple(day, fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined })).map(([from, n]) => ({ type: 'BlacklistInstitution', from, reason: '黑名单', ...(n === undefined ? {} : { until: addDays(from, n) }) })) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('RemoveFromBlacklist'), on: day, reason: fc.constant('期满') }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('RevokeLicence'), on: day, reason: fc.constant('吊销') }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('InterviewInstitution'), on: day, reason: fc.constant('约谈') }) },
  { weight: 2, arbitrary: fc.tuple(day, fc.integer({ min: 1, max: 30 })).map(([on, n]) => ({ type: 'IssueRectificationNotice', on, deadline: addDays(on, n), reason: '整改函' })) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('ChangeOccupations'), occupations: fc.constantFrom([COOK], [WELD], [COOK, WELD]), effectiveOn: day, reason: fc.constant('变更') }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('ChangeCreditGrade'), creditGrade: fc.constantFrom('A', 'B', 'C', 'D'), effectiveOn: day, reason: fc.constant('评级') }) },
);

/** Listed, interviewed, given notice, suspended and lifted, blacklisted; the other listed, then delisted. */
const LADDER: [number, Record<string, unknown>][] = [
  [0, { type: 'ListInstitution', listedOn: addDays(START, 1), reason: '评审通过' }],
  [1, { type: 'ListInstitution', listedOn: addDays(START, 1), reason: '评审通过' }],
  [0, { type: 'InterviewInstitution', on: addDays(START, 5), reason: '约谈' }],
  [0, { type: 'IssueRectificationNotice', on: addDays(START, 8), deadline: addDays(START, 20), reason: '整改函' }],
  [0, { type: 'SuspendInstitution', from: addDays(START, 25), to: addDays(START, 45), reason: '停业整顿' }],
  [0, { type: 'LiftSuspension', on: addDays(START, 46), reason: '整改完成' }],
  [0, { type: 'BlacklistInstitution', from: addDays(START, 60), reason: '黑名单' }],
  [1, { type: 'DelistInstitution', on: addDays(START, 70), reason: '移出目录' }],
];

function recordedOf(log: { stream: string; event: InstitutionEvent; actor: string }[]): RecordedEvent[] {
  return recordedLog(log.map(({ stream, event, actor }) => ({ stream, event, actor: { id: actor, role: 'admin' } })));
}

function run(steps: [number, Record<string, unknown>][]): { events: RecordedEvent[]; states: Map<string, InstitutionState> } {
  const states = new Map<string, InstitutionState>();
  const log: { stream: string; event: InstitutionEvent; actor: string }[] = [];
  const register = INSTITUTIONS.map((inst, i): [number, Record<string, unknown>] => [
    i,
    { type: 'RegisterInstitution', ...inst, licenceNumber: `L-${i}`, name: `学校 ${i}`, address: '地址', nature: 'private', occupations: [COOK], creditGrade: 'B', registeredOn: START },
  ]);
  for (const [i, input] of [...register, ...steps]) {
    const { creditCode } = INSTITUTIONS[i]!;
    const c = parseInstitutionCommand({ ...input });
    if (isRejection(c)) throw new Error(`generated command invalid: ${c.message}`);
    let state = states.get(creditCode) ?? initialInstitutionState();
    const decision = institutionDecider.decide(c, state);
    if (isRejection(decision)) continue;
    for (const e of decision) {
      state = institutionDecider.evolve(state, e);
      log.push({ stream: `institution-${creditCode}`, event: e, actor: `admin-${i}` });
    }
    states.set(creditCode, state);
  }
  return { events: recordedOf(log), states };
}

t.test('status, occupations and grade on every day equal the domain\'s fold (property)', async (t) => {
  const dir = t.testdir();
  let runs = 0;
  const seen = new Set<string>();
  const result = fc.check(
    fc.property(fc.array(fc.tuple(fc.constantFrom(0, 0, 1), command), { minLength: 3, maxLength: 40 }), (steps) => {
      const { events, states } = run(steps);
      const file = path.join(dir, `run-${runs++}.sqlite`);
      replayToDigest(institutions, events, file, 1 + (runs % 7));
      const db = openReader(file);
      try {
        for (let d = -2; d < DAYS; d += 3) {
          const date = addDays(START, d);
          const page = listInstitutions(db, { prefix: undefined, asOf: date });
          for (const [creditCode, state] of states) {
            const got = institutionOnDate(db, creditCode, date)!;
            const want = { status: institutionStatusOn(state, date), occupations: [...occupationsOn(state, date)], creditGrade: creditGradeOn(state, date) ?? null };
            seen.add(want.status);
            if (JSON.stringify({ status: got.status, occupations: got.occupations, creditGrade: got.creditGrade }) !== JSON.stringify(want)) {
              throw new Error(`${creditCode} on ${date}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
            }
            if (page.items.find((i) => i.creditCode === creditCode)?.status !== want.status) throw new Error(`list disagrees on ${date}`);
          }
        }
        for (const [creditCode, state] of states) {
          if (!state.registered) continue;
          const history = listSanctions(db, { prefix: undefined, creditCode, limit: 200 }).items;
          const want = [...state.sanctions].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
          if (JSON.stringify(history.map((h) => [h.step, h.on])) !== JSON.stringify(want.map((s) => [s.step, s.on]))) throw new Error(`sanctions of ${creditCode} differ`);
        }
        return true;
      } finally {
        db.close();
      }
    }),
    // The example walks the ladder once, so that the statuses below are reached whatever the
    // seed (40 random runs missed 'suspended' in one CI run); the random runs explore the rest.
    { numRuns: 40, examples: [[LADDER]] },
  );
  t.notOk(result.failed, result.failed ? (fc.defaultReportMessage(result) ?? 'failed') : 'holds');
  t.ok(['listed', 'suspended', 'delisted', 'blacklisted'].every((s) => seen.has(s)), `the runs reached the statuses that matter: ${[...seen].join(', ')}`);
});

t.test('lists: status and occupation filters, region scope, sanctions by date with paging', async (t) => {
  const [nc, gz] = INSTITUTIONS;
  const { events } = run([
    [0, { type: 'ListInstitution', listedOn: '2025-06-10', reason: '评审通过' }],
    [1, { type: 'ListInstitution', listedOn: '2025-06-10', reason: '评审通过' }],
    [1, { type: 'ChangeOccupations', occupations: [WELD], effectiveOn: '2025-07-01', reason: '变更' }],
    [0, { type: 'InterviewInstitution', on: '2025-08-01', reason: '约谈' }],
    [0, { type: 'SuspendInstitution', from: '2025-08-10', to: '2025-08-20', reason: '停业整顿' }],
    [1, { type: 'DelistInstitution', on: '2025-09-01', reason: '移出目录' }],
  ]);
  const file = path.join(t.testdir(), 'inst.sqlite');
  replayToDigest(institutions, events, file, 3);
  const db = openReader(file);
  t.teardown(() => db.close());
  const codes = (asOf: string, q: Partial<Parameters<typeof listInstitutions>[1]> = {}) => listInstitutions(db, { prefix: undefined, asOf, ...q }).items.map((i) => `${i.creditCode === nc.creditCode ? 'nc' : 'gz'}:${i.status}`);
  t.same(codes('2025-08-15'), ['nc:suspended', 'gz:listed']);
  t.same(codes('2025-08-21'), ['nc:listed', 'gz:listed'], 'a suspension ends by itself after its last day');
  t.same(codes('2025-09-01', { statuses: ['listed'] }), ['nc:listed']);
  t.same(codes('2025-06-20', { occupationCode: WELD }), [], 'welding only from July');
  t.same(codes('2025-07-01', { occupationCode: WELD }), ['gz:listed']);
  t.same(codes('2025-08-01', { prefix: '3607' }), ['gz:listed'], 'a Ganzhou principal sees Ganzhou only');
  t.same(codes('2025-05-31'), ['nc:unlisted', 'gz:unlisted'], 'before registration');
  const first = listSanctions(db, { prefix: undefined, limit: 2 });
  t.same(first.items.map((s) => s.step), ['interview', 'suspend']);
  t.same(listSanctions(db, { prefix: undefined, limit: 2, cursor: first.nextCursor! }).items.map((s) => s.step), ['delist']);
  t.same(listSanctions(db, { prefix: '3601' }).items.map((s) => [s.step, s.until]), [['interview', null], ['suspend', '2025-08-20']]);
  t.same(listSanctions(db, { prefix: undefined, steps: ['delist'] }).items.map((s) => s.institutionName), ['学校 1']);
  t.equal(listSanctions(db, { prefix: undefined, from: '2025-08-05', to: '2025-08-31' }).items.length, 1);
  t.equal(institutionOnDate(db, gz.creditCode, '2025-09-02')?.sanctions, 1);
});
