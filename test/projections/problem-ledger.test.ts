import t, { type Test } from 'tap';
import path from 'node:path';
import { problemLedger } from '../../projections/problem-ledger/projection.ts';
import { ledgerPage, ledgerRow, ledgerRows, LedgerQueryError, type LedgerFilter } from '../../projections/problem-ledger/queries.ts';
import { disclosurePage } from '../../projections/problem-ledger/disclosure.ts';
import { rectificationTracking } from '../../projections/problem-ledger/tracking.ts';
import { SumOutOfRangeError } from '../../projections/shared/exact-fen.ts';
import { CalendarRangeError } from '../../src/domain/calendar/errors.ts';
import { buildEventRegistry } from '../../src/app/event-registry.ts';
import { openSqliteStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { withRegistry } from '../../src/eventstore/validating-store.ts';
import { digestReadModelFile } from '../../src/projections/projection-digest.ts';
import { openReader } from '../../src/projections/readmodel-file.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { startProjections } from './helpers.ts';
import { calendar, ledgerScenario, NANCHANG_SCHOOL, OTHER_SCHOOL } from './problem-ledger/scenario.ts';

const log = ledgerScenario();

function withLedger(t: Test, use: (db: SqliteDatabase) => void): void {
  const file = path.join(t.testdir(), 'ledger.sqlite');
  replayToDigest(problemLedger, log.events, file, 1000);
  const db = openReader(file);
  try {
    use(db);
  } finally {
    db.close();
  }
}

const at = (asOf: string) => ({ asOf, calendar });
const ids = (db: SqliteDatabase, asOf: string, filter: LedgerFilter) => ledgerPage(db, { ...at(asOf), filter, limit: 500 }).rows.map((r) => r.findingId);

t.test('one row per finding with every field the register keeps', async (t) => {
  withLedger(t, (db) => {
    const f1 = ledgerRow(db, 'F1', at('2026-02-12T10:00:00+08:00'));
    t.match(f1, {
      findingId: 'F1', number: '2026-F1', inspectionId: 'INS-1', category: 'proxy_signature', categoryLabel: '代签',
      description: '签到表由他人代签', institutionId: NANCHANG_SCHOOL, institutionName: '南昌市某职业培训学校', regionCode: '360100',
      classIds: ['CLS-1'], applicationIds: ['APP-1'], paymentIds: ['PAY-1', 'PAY-2'], amountInvolvedFen: 300_000,
      responsibleUnit: '南昌市某职业培训学校', responsiblePerson: { maskedName: '张*', role: '校长', personRef: null },
      measuresRequired: '退回补贴，整改考勤制度', noticeOn: '2026-02-10', deadlineWorkingDays: 5, deadlineOn: '2026-02-24',
      status: 'open', statusLabel: '待整改', extensionCount: 0, sanctionCount: 1, lastSanctionStep: 'interview',
      amountOrderedFen: 270_000, amountRecoveredFen: 150_000, verificationConclusion: null, closedOn: null,
    });
    const f4 = ledgerRow(db, 'F4', at('2026-03-02T10:00:00+08:00'));
    t.match(f4, {
      status: 'closed', statusLabel: '已销号', submissionCount: 2, rejectionCount: 1, lastRejectionReasons: '凭证不全', lastSubmittedOn: '2026-02-13', lastSubmittedOnTime: true,
      verificationConclusion: '现场核查，整改到位', verifiedBy: 'insp-b', verifiedOn: '2026-02-24', closedOn: '2026-02-25', amountRecoveredFen: 80_000,
      overdue: false, dueSoon: false, daysOverdue: 0,
    });
    t.match(ledgerRow(db, 'F5', at('2026-03-02T10:00:00+08:00')), { status: 'withdrawn', withdrawnOn: '2026-02-12', withdrawalReason: '误将他校班级记入', amountOrderedFen: 0, overdue: false });
    t.match(ledgerRow(db, 'F6', at('2026-03-02T10:00:00+08:00')), { institutionName: null, responsiblePerson: null, status: 'rectification_submitted', lastSubmittedOnTime: false });
    t.equal(ledgerRow(db, 'F-none', at('2026-03-02T10:00:00+08:00')), undefined);
  });
});

t.test('due soon and overdue across the 2026 Spring Festival, counted by hand', async (t) => {
  withLedger(t, (db) => {
    const row = (id: string, asOf: string) => ledgerRow(db, id, at(asOf))!;
    // Wed 02-11: the next 3 working days are 02-12, 02-13, Sat 02-14 (worked). F2 (Fri 02-13)
    // is due soon; F1 (Tue 02-24) is not, though only 13 calendar days away.
    t.match(row('F2', '2026-02-11T10:00:00+08:00'), { dueSoon: true, overdue: false, workingDaysLeft: 2 });
    t.match(row('F1', '2026-02-11T10:00:00+08:00'), { dueSoon: false, overdue: false, workingDaysLeft: 4 });
    // Thu 02-12: 02-13, 02-14, then the holiday, then 02-24: F1 is due soon, 12 calendar days ahead.
    t.match(row('F1', '2026-02-12T10:00:00+08:00'), { dueSoon: true, workingDaysLeft: 3 });
    t.same(ids(db, '2026-02-12T10:00:00+08:00', { tracking: 'due_soon' }), ['F1', 'F2', 'F6']);
    // F2's deadline ends at 24:00 on Fri 02-13.
    t.match(row('F2', '2026-02-13T23:59:59+08:00'), { overdue: false, dueSoon: true, workingDaysLeft: 0 });
    t.match(row('F2', '2026-02-14T00:00:00+08:00'), { overdue: true, daysOverdue: 1, workingDaysOverdue: 1 });
    // Tue 02-24 morning: F2 is 11 calendar days late but only 2 working days (Sat 02-14, Tue 02-24).
    t.match(row('F2', '2026-02-24T09:00:00+08:00'), { overdue: true, daysOverdue: 11, workingDaysOverdue: 2 });
    t.match(row('F1', '2026-02-24T23:59:59+08:00'), { overdue: false, dueSoon: true, workingDaysLeft: 0 });
    t.match(row('F1', '2026-02-25T00:00:00+08:00'), { overdue: true, daysOverdue: 1, workingDaysOverdue: 1 });
    t.match(row('F1', '2026-02-24T16:00:00Z'), { overdue: true, daysOverdue: 1 }, 'an instant in UTC is read in Shanghai');
    // Awaiting verification does not stop the clock; closed and withdrawn rows are never overdue.
    t.same(ids(db, '2026-02-25T09:00:00+08:00', { tracking: 'overdue' }), ['F1', 'F2', 'F6']);
  });
});

t.test('due soon and overdue across National Day 2026, counted by hand', async (t) => {
  withLedger(t, (db) => {
    const row = (asOf: string) => ledgerRow(db, 'F3', at(asOf))!;
    t.equal(row('2026-09-29T10:00:00+08:00').deadlineOn, '2026-10-09', 'notice Tue 09-29 + 3: 09-30, 10-08, 10-09');
    // Mon 09-28: next 3 working days 09-29, 09-30, 10-08: not yet due soon.
    t.match(row('2026-09-28T10:00:00+08:00'), { dueSoon: false, workingDaysLeft: 4 });
    // Wed 09-30: next 3 are 10-08, 10-09, Sat 10-10 (worked): due soon, 9 calendar days ahead.
    t.match(row('2026-09-30T10:00:00+08:00'), { dueSoon: true, workingDaysLeft: 2 });
    t.match(row('2026-10-05T10:00:00+08:00'), { dueSoon: true, workingDaysLeft: 2 }, 'mid-holiday nothing is counted');
    // Mon 10-12: 3 calendar days late, 2 working days (Sat 10-10 worked, Mon 10-12).
    t.match(row('2026-10-12T09:00:00+08:00'), { overdue: true, daysOverdue: 3, workingDaysOverdue: 2 });
  });
});

t.test('filters and pages', async (t) => {
  withLedger(t, (db) => {
    const asOf = '2026-03-02T10:00:00+08:00';
    t.same(ids(db, asOf, {}), ['F1', 'F2', 'F3', 'F4', 'F5', 'F6'], 'register order: by number');
    t.same(ids(db, asOf, { statuses: ['closed', 'withdrawn'] }), ['F4', 'F5']);
    t.same(ids(db, asOf, { statuses: [] }), []);
    t.same(ids(db, asOf, { category: 'fake_trainees' }), ['F2']);
    t.same(ids(db, asOf, { institutionId: OTHER_SCHOOL }), ['F6']);
    t.same(ids(db, asOf, { regionCode: '360100', tracking: 'overdue' }), ['F1', 'F2']);
    t.same(ids(db, asOf, { inspectionId: 'INS-9' }), []);
    const pages: string[][] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = ledgerPage(db, { ...at(asOf), limit: 4, ...(after === undefined ? {} : { after }) });
      pages.push(page.rows.map((r) => r.findingId));
      if (page.next === null) break;
      after = page.next;
    }
    t.same(pages, [['F1', 'F2', 'F3', 'F4'], ['F5', 'F6']]);
    t.same([...ledgerRows(db, { ...at(asOf), filter: { statuses: ['open'] } })].map((r) => r.findingId), ['F1', 'F2', 'F3']);
    t.throws(() => ledgerPage(db, { ...at(asOf), limit: 0 }), new LedgerQueryError('ledger.invalid_limit', 'limit', 'limit must be 1..500'));
    t.throws(() => ledgerPage(db, { ...at(asOf), after: 'not-a-cursor' }), { code: 'ledger.invalid_cursor', field: 'after' });
    t.throws(() => ledgerPage(db, at('2027-06-01T10:00:00+08:00')), CalendarRangeError, 'a day the calendar does not cover is refused, not guessed');
    t.throws(() => ledgerPage(db, at('2026-03-02')), { code: 'calendar.invalid_instant' });
  });
});

t.test('rectification tracking: counts and amounts, by region, institution and category', async (t) => {
  withLedger(t, (db) => {
    const r = rectificationTracking(db, at('2026-02-24T09:00:00+08:00'));
    t.equal(r.asOfDate, '2026-02-24');
    t.equal(r.dueSoonLast, '2026-02-27');
    // The ledger holds the latest state (F4 closed, F5 withdrawn); asOf only moves the clock.
    // Running: F1, F2, F3, F6. Overdue on 02-24: F2 and F6 (both due 02-13). Due soon: F1 (today).
    t.same(r.total, {
      findings: 6, running: 4, overdue: 2, dueSoon: 1, closed: 1, withdrawn: 1,
      amountInvolvedFen: 300_000 + 120_000 + 50_000 + 80_000 + 10_000, overdueAmountFen: 120_000 + 10_000,
      orderedFen: 270_000, recoveredFen: 230_000, outstandingFen: 120_000,
    });
    t.same(r.byRegion.map((g) => [g.key, g.findings, g.overdue, g.dueSoon, g.amountInvolvedFen]), [
      ['360100', 5, 1, 1, 550_000],
      ['360200', 1, 1, 0, 10_000],
    ]);
    t.same(r.byInstitution.map((g) => [g.key, g.label, g.findings, g.recoveredFen]), [
      [OTHER_SCHOOL, null, 1, 0],
      [NANCHANG_SCHOOL, '南昌市某职业培训学校', 5, 230_000],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    t.same(r.byCategory.map((g) => [g.key, g.findings]), [['fake_trainees', 1], ['hours_short', 1], ['proxy_signature', 4]]);
    const scoped = rectificationTracking(db, { ...at('2026-02-24T09:00:00+08:00'), scope: { regionCode: '360200' } });
    t.same([scoped.total.findings, scoped.total.overdue, scoped.byRegion.length], [1, 1, 1]);
  });
});

t.test('the digest is deterministic across batch sizes and sees every event', async (t) => {
  const dir = t.testdir();
  const digests = [1, 7, 1000].map((n) => replayToDigest(problemLedger, log.events, path.join(dir, `b${n}.sqlite`), n));
  t.equal(new Set(digests.map((d) => d.sha256)).size, 1, `batch sizes agree: ${digests[0]?.sha256}`);
  t.equal(digests[0]?.position, BigInt(log.events.length));
  const i = log.events.findIndex((e) => e.type === 'FindingRectificationRejected');
  const dropped = log.events.filter((_, j) => j !== i);
  t.not(replayToDigest(problemLedger, dropped, path.join(dir, 'dropped.sqlite'), 1000).sha256, digests[0]?.sha256, 'one event fewer: another digest');
  const published = log.events.filter((e) => e.type !== 'InspectionResultsPublished');
  t.equal(published.length, log.events.length - 1);
  t.not(replayToDigest(problemLedger, published, path.join(dir, 'unpublished.sqlite'), 1000).sha256, digests[0]?.sha256, 'an unpublished result: another digest');
});

t.test('through the runner over the validating store, at two batch sizes: the replay digest', async (t) => {
  const dir = t.testdir();
  const raw = await openSqliteStore({ file: path.join(dir, 'events.sqlite'), writer: 'inline', pollIntervalMs: 20 });
  t.teardown(() => raw.close());
  const store = withRegistry(raw, buildEventRegistry());
  for (const e of log.events) await store.append(e.stream, [{ id: e.id, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata }], 'any');
  const replayed = replayToDigest(problemLedger, log.events, path.join(dir, 'replay.sqlite'), 1000).sha256;
  for (const batchSize of [3, 1000]) {
    const dataDir = path.join(dir, `data-${batchSize}`);
    const projections = startProjections(t, { store, dataDir, definitions: [problemLedger], batchSize });
    await projections.waitForPosition(BigInt(log.events.length), 60_000);
    await projections.close();
    t.equal(digestReadModelFile(problemLedger, path.join(dataDir, 'readmodels', `problem-ledger.v${problemLedger.version}.sqlite`)).sha256, replayed, `batch size ${batchSize}`);
  }
});

t.test('rectification tracking refuses an amount sum it cannot answer exactly, never rounds it (R4 lead)', async (t) => {
  // Before: findings of up to 2^53 - 1 fen each were summed into a number that is no longer
  // exact, and the report's response schema then failed with a 500.
  const huge = log.events.map((e) => (e.type === 'FindingRaised' ? { ...e, data: { ...(e.data as object), amountInvolvedFen: Number.MAX_SAFE_INTEGER } } : e));
  const file = path.join(t.testdir(), 'huge.sqlite');
  replayToDigest(problemLedger, huge as typeof log.events, file, 1000);
  const db = openReader(file);
  t.teardown(() => db.close());
  t.throws(() => rectificationTracking(db, at('2026-02-24T09:00:00+08:00')), SumOutOfRangeError);
  const one = rectificationTracking(db, { ...at('2026-02-24T09:00:00+08:00'), scope: { regionCode: '360200' } });
  t.equal(one.total.amountInvolvedFen, Number.MAX_SAFE_INTEGER, 'one finding alone is still exact');
  t.throws(() => disclosurePage(db, { ...at('2026-02-24T09:00:00+08:00'), limit: 50 }), SumOutOfRangeError, 'the public disclosure of an inspection\'s results too');
});
