import t from 'tap';
import { LEDGER_COLUMNS, yuanOfFen } from '../../src/export/ledger-columns.ts';
import { csvField, csvHeaderLine, csvLine, ledgerCsv } from '../../src/export/ledger-csv.ts';
import type { LedgerRow } from '../../projections/problem-ledger/queries.ts';

t.test('yuan from fen, exactly', async (t) => {
  t.same([0, 5, 100, 123_456, 300_000, -5, -12_345].map(yuanOfFen), ['0.00', '0.05', '1.00', '1234.56', '3000.00', '-0.05', '-123.45']);
  t.equal(yuanOfFen(2 ** 53 - 1), '90071992547409.91');
  t.throws(() => yuanOfFen(1.5), RangeError);
});

t.test('fields are quoted only when they must be, quotes doubled', async (t) => {
  t.equal(csvField('南昌，某校'), '南昌，某校');
  t.equal(csvField('a,b'), '"a,b"');
  t.equal(csvField('他说"整改"'), '"他说""整改"""');
  t.equal(csvField('两行\r\n文字'), '"两行\r\n文字"');
  t.equal(csvField('一行\n'), '"一行\n"');
});

const row = (patch: Partial<LedgerRow>): LedgerRow =>
  ({
    findingId: 'F1', number: '2026-F1', inspectionId: null, category: 'other', categoryLabel: '其他', description: '描述', institutionId: 'X', institutionName: null,
    regionCode: '360100', classIds: [], applicationIds: [], paymentIds: [], amountInvolvedFen: 1, responsibleUnit: '单位', responsiblePerson: null,
    measuresRequired: '措施', raisedBy: 'i', raisedOn: '2026-01-05', noticeOn: '2026-01-05', deadlineWorkingDays: 5, deadlineOn: '2026-01-12', extensionCount: 0,
    status: 'open', statusLabel: '待整改', submissionCount: 0, lastSubmittedOn: null, lastSubmittedOnTime: null, measuresTaken: null, rejectionCount: 0,
    lastRejectionReasons: null, verificationConclusion: null, verifiedBy: null, verifiedOn: null, closedBy: null, closedOn: null, withdrawnOn: null,
    withdrawalReason: null, sanctionCount: 0, lastSanctionStep: null, amountOrderedFen: 0, amountRecoveredFen: 0,
    overdue: false, dueSoon: false, daysOverdue: 0, workingDaysOverdue: 0, workingDaysLeft: 3, ...patch,
  }) as LedgerRow;

t.test('a line per row, every column; text typed as a formula is defused', async (t) => {
  const line = csvLine(row({ description: '=HYPERLINK("http://x")', measuresRequired: '+1', responsibleUnit: '@SUM(A1)' }));
  t.ok(line.endsWith('\r\n'));
  t.ok(line.includes(`"'=HYPERLINK(""http://x"")"`), 'apostrophe, then quoted because of the quotes');
  t.ok(line.includes(",'+1,"));
  t.ok(line.includes(",'@SUM(A1),"));
  t.equal(line.trimEnd().split(',').length, LEDGER_COLUMNS.length, 'no field here holds a comma: one per column');
});

t.test('the stream: BOM and header first, then one chunk per non-empty page', async (t) => {
  async function* pages() {
    yield [row({ findingId: 'F1' }), row({ findingId: 'F2', number: '2026-F2' })];
    yield [];
    yield [row({ findingId: 'F3', number: '2026-F3' })];
  }
  const chunks: string[] = [];
  for await (const c of ledgerCsv(pages())) chunks.push(c);
  t.equal(chunks.length, 3);
  t.equal(chunks[0], csvHeaderLine());
  t.ok(chunks[0]!.startsWith('\uFEFF问题编号,检查编号,问题类别'));
  t.equal(chunks.join('').split('\r\n').length - 1, 4, 'header and three rows');
});
