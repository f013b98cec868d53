import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { problemLedger } from '../../../projections/problem-ledger/projection.ts';
import { LEDGER_COLUMNS } from '../../../src/export/ledger-columns.ts';
import { CSV_BOM } from '../../../src/export/ledger-csv.ts';
import type { ReadModelsPort } from '../../../src/http/read-models.ts';
import { UnknownProjectionError } from '../../../src/projections/errors.ts';
import { openReader } from '../../../src/projections/readmodel-file.ts';
import { replayToDigest } from '../../../src/projections/replay.ts';
import { calendar, ledgerScenario, NAME_IN_BASIS } from '../../projections/problem-ledger/scenario.ts';
import { capturedLogs, problemOf, PROBLEM, testServer } from '../helpers/test-server.ts';

/**
 * The problem-ledger routes over the ledger built from the scenario of
 * test/projections/problem-ledger (six findings, three completed inspections); the
 * finding F4's events are also in the server's store, for its history.
 */

const log = ledgerScenario();
const dir = t.testdir();
replayToDigest(problemLedger, log.events, path.join(dir, 'ledger.sqlite'), 1000);
const db = openReader(path.join(dir, 'ledger.sqlite'));
t.teardown(() => db.close());

const readModels: ReadModelsPort = {
  waitForPosition: async () => {},
  status: () => [],
  close: async () => {},
  query: async (name, q) => {
    if (name !== 'problem-ledger') throw new UnknownProjectionError(name, ['problem-ledger']);
    return q(db);
  },
};

fs.mkdirSync(path.join(dir, 'server'));
const h = await testServer(t, { readModels, dataDir: path.join(dir, 'server') });
for (const e of log.events.filter((e) => e.stream === 'finding-F4')) {
  await h.store.append(e.stream, [{ id: e.id, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata }], 'any');
}

const get = async (url: string, token?: string) => h.call({ method: 'GET', url, ...(token === undefined ? {} : { token }) });
const numbers = (body: { items: { findingId: string }[] }) => body.items.map((r) => r.findingId);

t.test('the ledger list: filters, clock asOf, pages and region scope', async (t) => {
  const all = await get('/api/v1/problem-ledger?asOf=2026-02-25', h.token.auditor);
  t.equal(all.statusCode, 200);
  t.same(numbers(all.json()), ['F1', 'F2', 'F3', 'F4', 'F5', 'F6']);
  t.match(all.json().items[0], { findingId: 'F1', number: '2026-F1', deadlineOn: '2026-02-24', overdue: true, daysOverdue: 1, amountRecoveredFen: 150_000, responsiblePerson: { maskedName: '张*' } });
  t.same(numbers((await get('/api/v1/problem-ledger?asOf=2026-02-25&tracking=overdue', h.token.finance)).json()), ['F1', 'F2', 'F6']);
  // Thu 02-12: the next three working days reach over the Spring Festival to 02-24.
  t.same(numbers((await get('/api/v1/problem-ledger?asOf=2026-02-12&tracking=due_soon', h.token.inspector)).json()), ['F1', 'F2', 'F6']);
  t.same(numbers((await get('/api/v1/problem-ledger?status=closed,withdrawn', h.token.admin)).json()), ['F4', 'F5']);
  t.same(numbers((await get('/api/v1/problem-ledger?category=hours_short', h.token.admin)).json()), ['F3']);

  const first = (await get('/api/v1/problem-ledger?limit=4', h.token.admin)).json();
  t.same(numbers(first), ['F1', 'F2', 'F3', 'F4']);
  t.same(numbers((await get(`/api/v1/problem-ledger?limit=4&cursor=${first.nextCursor}`, h.token.admin)).json()), ['F5', 'F6']);

  const nanchang = h.tokenFor('inspector', '360100');
  const jiujiang = h.tokenFor('inspector', '360200');
  t.same(numbers((await get('/api/v1/problem-ledger', nanchang)).json()), ['F1', 'F2', 'F3', 'F4', 'F5']);
  t.same(numbers((await get('/api/v1/problem-ledger', jiujiang)).json()), ['F6']);
  t.same(numbers((await get('/api/v1/problem-ledger?regionCode=360200', nanchang)).json()), [], 'another region asked: an empty page');
  t.same(numbers((await get('/api/v1/problem-ledger', h.tokenFor('auditor', '360000'))).json()).length, 6, 'a provincial scope covers both cities');

  t.equal((await get('/api/v1/problem-ledger', h.token.registrar)).statusCode, 403);
  const badCursor = await get('/api/v1/problem-ledger?cursor=nope', h.token.admin);
  t.equal(badCursor.statusCode, 400);
  t.match(problemOf(t, badCursor).errors, [{ path: 'querystring.cursor' }]);
  const beyond = await get('/api/v1/problem-ledger?asOf=2031-06-01', h.token.admin);
  t.equal(beyond.statusCode, 400, 'a day beyond the loaded calendar is refused, naming asOf');
  t.match(problemOf(t, beyond).errors, [{ path: 'querystring.asOf' }]);
});

t.test('one finding with its history, in the region only', async (t) => {
  const res = await get('/api/v1/problem-ledger/F4?asOf=2026-03-02', h.token.auditor);
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.match(body.finding, { findingId: 'F4', status: 'closed', closedOn: '2026-02-25', verificationConclusion: '现场核查，整改到位' });
  t.same(body.history.map((e: { type: string }) => e.type), log.events.filter((e) => e.stream === 'finding-F4').map((e) => e.type));
  t.ok(body.history.length >= 5, 'raised, submitted, rejected, submitted again, verified, closed');
  const f1 = (await get('/api/v1/problem-ledger/F1', h.token.finance)).json();
  t.same(f1.recoveryOrders, [{ orderId: 'RO-1', orderedFen: 270_000, status: 'issued', issuedOn: '2026-02-12' }]);
  const outside = await get('/api/v1/problem-ledger/F1', h.tokenFor('inspector', '360200'));
  t.equal(outside.statusCode, 403);
  t.equal(problemOf(t, outside).type, PROBLEM('forbidden'));
  t.equal((await get('/api/v1/problem-ledger/F-none', h.token.admin)).statusCode, 404);
});

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field), records.push(record), (record = []), (field = ''), i++;
    } else field += c;
  }
  if (field !== '' || record.length > 0) record.push(field), records.push(record);
  return records;
}

t.test('CSV export: BOM, Chinese headers, one line per row, parses back', async (t) => {
  const res = await get('/api/v1/problem-ledger/export?format=csv&asOf=2026-02-25&regionCode=360100', h.token.inspector);
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/csv; charset=utf-8/);
  t.match(res.headers['content-disposition'], /attachment; filename="problem-ledger-2026-02-25\.csv"/);
  t.ok(res.body.startsWith(CSV_BOM), 'starts with the UTF-8 byte-order mark');
  t.same([...res.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const records = parseCsv(res.body.slice(CSV_BOM.length));
  t.same(records[0], LEDGER_COLUMNS.map((c) => c.header));
  t.same(records.slice(1).map((r) => r[0]), ['2026-F1', '2026-F2', '2026-F3', '2026-F4', '2026-F5'], 'region 360100 only, in register order');
  const col = (header: string) => LEDGER_COLUMNS.findIndex((c) => c.header === header);
  const f1 = records[1]!;
  t.equal(f1[col('涉及金额（元）')], '3000.00');
  t.equal(f1[col('已追回金额（元）')], '1500.00');
  t.equal(f1[col('责任人（脱敏）')], '张*');
  t.equal(f1[col('整改状态')], '待整改');
  t.equal(f1[col('是否逾期')], '是');
  t.equal(f1[col('整改要求')], '退回补贴，整改考勤制度', 'a full-width comma needs no quotes');
  t.equal(records[4]![col('查验结论')], '现场核查，整改到位');
  t.ok(records.every((r) => r.length === LEDGER_COLUMNS.length), 'every record has every column');
  t.notOk(res.body.includes('p_'), 'no pseudonym in the export');
  const logged = capturedLogs().filter((l) => l.includes('problem ledger exported')).map((l) => JSON.parse(l) as { format: string; rows: number });
  t.match(logged.at(-1), { format: 'csv', rows: 5 }, 'the export is on record with its row count');

  const empty = await get('/api/v1/problem-ledger/export?format=csv&regionCode=360200', h.tokenFor('finance', '360100'));
  t.equal(parseCsv(empty.body.slice(CSV_BOM.length)).length, 1, 'outside the scope: the header only');
  t.equal((await get('/api/v1/problem-ledger/export?format=pdf', h.token.admin)).statusCode, 400);
  t.equal((await get('/api/v1/problem-ledger/export', h.token.reviewer)).statusCode, 403);
});

t.test('xlsx export: read back with exceljs, headers and rows as in the ledger', async (t) => {
  const res = await get('/api/v1/problem-ledger/export?format=xlsx&asOf=2026-02-25', h.token.admin);
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('问题台账');
  t.ok(sheet, 'the sheet is named 问题台账');
  const values = (n: number) => (sheet!.getRow(n).values as unknown[]).slice(1);
  t.same(values(1), LEDGER_COLUMNS.map((c) => c.header));
  t.equal(sheet!.rowCount, 7, 'a header and six findings');
  const col = (header: string) => LEDGER_COLUMNS.findIndex((c) => c.header === header);
  const f1 = values(2);
  t.equal(f1[col('问题编号')], '2026-F1');
  t.equal(f1[col('问题类别')], '代签');
  t.equal(f1[col('涉及金额（元）')], 3000);
  t.equal(f1[col('责令退回金额（元）')], 2700);
  t.equal(f1[col('整改截止日期')], '2026-02-24', 'dates stay text');
  t.equal(f1[col('逾期天数')], 1);
  const f6 = values(7);
  t.equal(f6[col('问题编号')], '2026-F6');
  t.equal(f6[col('责任人（脱敏）')], undefined, 'no person: an empty cell');
  t.equal(values(6)[col('撤销原因')], '误将他校班级记入');
});

t.test('rectification summary: counts, amounts and publication, in the region', async (t) => {
  const all = (await get('/api/v1/rectification/summary?asOf=2026-02-24', h.token.admin)).json();
  t.match(all.total, { findings: 6, running: 4, overdue: 2, dueSoon: 1, closed: 1, withdrawn: 1, orderedFen: 270_000, recoveredFen: 230_000, outstandingFen: 120_000 });
  t.equal(all.dueSoonLast, '2026-02-27');
  t.same(all.publication, { completed: 3, published: 1, publishedLate: 0, pending: 2, overdue: 0 });
  const late = (await get('/api/v1/rectification/summary?asOf=2026-03-13', h.token.admin)).json();
  t.same(late.publication, { completed: 3, published: 1, publishedLate: 0, pending: 1, overdue: 1 }, 'INS-2 unpublished past 03-12');
  const jiujiang = (await get('/api/v1/rectification/summary?asOf=2026-02-24', h.tokenFor('auditor', '360200'))).json();
  t.match(jiujiang.total, { findings: 1, overdue: 1, amountInvolvedFen: 10_000 });
  t.same(jiujiang.byRegion.map((g: { key: string }) => g.key), ['360200']);
  t.equal((await get('/api/v1/rectification/summary?regionCode=360100', h.tokenFor('auditor', '360200'))).statusCode, 403);
});

t.test('public inspection results: the 20-working-day deadline tracked, nothing personal', async (t) => {
  // Counted by hand in scenario.ts; the calendar agrees.
  t.equal(calendar.addWorkingDays('2026-02-06', 20), '2026-03-12', 'across the Spring Festival');
  t.equal(calendar.addWorkingDays('2026-09-25', 20), '2026-10-29', 'across National Day');
  const on = async (asOf: string, extra = '') => (await get(`/public/inspection-results?asOf=${asOf}${extra}`)).json();
  const march12 = await on('2026-03-12');
  t.same(march12.items.map((i: { inspectionId: string }) => i.inspectionId), ['INS-3', 'INS-2', 'INS-1'], 'the latest ended first; INS-4 is not over');
  const byId = (body: { items: { inspectionId: string }[] }, id: string) => body.items.find((i) => i.inspectionId === id) as Record<string, any>;
  t.match(byId(march12, 'INS-2').publication, { status: 'pending', workingDaysLeft: 0, daysOverdue: 0 });
  t.equal(byId(march12, 'INS-2').results, null, 'results unpublished are not shown');
  t.match(byId(march12, 'INS-1'), { publication: { status: 'published', publishedOn: '2026-03-10', onTime: true }, results: { findings: 4, subjectsWithFindings: 1 } });
  t.same(byId(march12, 'INS-1').results.byCategory.map((g: { category: string; findings: number }) => [g.category, g.findings]), [['fake_trainees', 1], ['hours_short', 1], ['proxy_signature', 2]], 'the withdrawn F5 is not a result');
  t.match(byId(await on('2026-03-13'), 'INS-2').publication, { status: 'overdue', daysOverdue: 1 });
  // National Day: on Wed 09-30 twenty-nine calendar days remain but only 17 working days after today.
  t.match(byId(await on('2026-09-30'), 'INS-3').publication, { status: 'pending', workingDaysLeft: 17 });
  t.match(byId(await on('2026-10-29'), 'INS-3').publication, { status: 'pending', workingDaysLeft: 0 });
  t.match(byId(await on('2026-10-30'), 'INS-3').publication, { status: 'overdue', daysOverdue: 1 });
  t.same((await on('2026-03-13', '&publication=overdue')).items.map((i: { inspectionId: string }) => i.inspectionId), ['INS-2']);
  t.same((await on('2026-03-13', '&regionCode=360100')).items.map((i: { inspectionId: string }) => i.inspectionId), ['INS-3', 'INS-1']);
  const paged = await on('2026-03-13', '&limit=2');
  t.same((await on('2026-03-13', `&limit=2&cursor=${paged.nextCursor}`)).items.map((i: { inspectionId: string }) => i.inspectionId), ['INS-1']);

  const raw = (await get('/public/inspection-results?asOf=2026-10-30')).body;
  const personal = [NAME_IN_BASIS, '张*', '校长', 'insp-a', 'insp-b', 'lead-1', 'admin-1', '签到表由他人代签', '退回补贴', '群众举报', 'p_'];
  t.same(personal.filter((s) => raw.includes(s)), [], 'no person, official, free text or pseudonym');
  t.notMatch(raw, /\d{17}[\dXx]|1[3-9]\d{9}/, 'no identity or phone number');
});
