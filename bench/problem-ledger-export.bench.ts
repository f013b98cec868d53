/**
 * The problem-ledger export at scale: N findings replayed into the read model, then
 * exported as CSV and as .xlsx a page (500 rows) at a time, as the route does, into a
 * counting sink. Reports rows/s, bytes and the peak RSS/heap growth, to show memory stays
 * flat (streamed) rather than growing with the ledger.
 *
 *   npx tsx bench/problem-ledger-export.bench.ts [findings=20000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { problemLedger } from '../projections/problem-ledger/projection.ts';
import { ledgerPage, type LedgerRow } from '../projections/problem-ledger/queries.ts';
import { findingDecider, findingStream } from '../src/domain/finding/decider.ts';
import { isRejection } from '../src/domain/decider.ts';
import type { RecordedEvent } from '../src/eventstore/port.ts';
import { ledgerCsv } from '../src/export/ledger-csv.ts';
import { writeLedgerXlsx } from '../src/export/ledger-xlsx.ts';
import { openReader } from '../src/projections/readmodel-file.ts';
import { replayToDigest } from '../src/projections/replay.ts';
import { loadCalendar } from '../src/policy/load.ts';

const N = Number(process.argv[2] ?? 20_000);
const calendar = loadCalendar();
const decider = findingDecider({ calendar, outstandingRecoveryFen: 0 });
const CATEGORIES = ['fake_trainees', 'proxy_signature', 'hours_short', 'duplicate_claim', 'other'] as const;

function* events(): Generator<RecordedEvent> {
  for (let i = 0; i < N; i++) {
    const id = `F${String(i).padStart(7, '0')}`;
    const decision = decider.decide(
      {
        type: 'RaiseFinding', findingId: id, number: `2026-${id}`, inspectionId: `INS-${i % 500}`, category: CATEGORIES[i % CATEGORIES.length]!,
        description: `第${i}号问题：签到表由他人代签，涉及学员若干名，"详见附件"`, institutionId: '91350100M000100Y43', regionCode: i % 2 === 0 ? '360100' : '360200',
        classIds: [`CLS-${i}`], applicationIds: [`APP-${i}`], paymentIds: [`PAY-${i}`], amountInvolvedFen: 100_000 + i, responsibleUnit: '某职业培训学校',
        responsiblePerson: { personRef: null, maskedName: '张*', role: '校长' }, measuresRequired: '退回补贴，整改考勤制度', deadlineWorkingDays: 5 + (i % 20),
        noticeOn: '2026-02-10', evidence: [], raisedBy: 'insp-a', raisedOn: '2026-02-09',
      },
      decider.initialState(),
    );
    if (isRejection(decision)) throw new Error(decision.message);
    for (const e of decision) {
      yield { id: `0190f000-0000-7000-8000-${String(i).padStart(12, '0')}`, type: e.type, schemaVersion: 1, data: e.data, metadata: { actor: { id: 'b', role: 'inspector' }, correlationId: 'c', causationId: 'c', requestId: 'r', occurredAt: '2026-02-09T09:00:00+08:00' }, stream: findingStream(id), revision: 0n, position: BigInt(i + 1), recordedAt: '2026-02-09T01:00:00.000Z' } as RecordedEvent;
    }
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-export-'));
const file = path.join(dir, 'ledger.sqlite');
let t0 = performance.now();
replayToDigest(problemLedger, events(), file, 1000);
console.log(`replayed ${N} findings in ${(performance.now() - t0).toFixed(0)} ms`);
const db = openReader(file);
const clock = { asOf: '2026-03-02T12:00:00+08:00', calendar };

async function* pages(): AsyncGenerator<LedgerRow[]> {
  let after: string | undefined;
  for (;;) {
    const page = ledgerPage(db, { ...clock, limit: 500, ...(after === undefined ? {} : { after }) });
    yield page.rows;
    if (page.next === null) return;
    after = page.next;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function sink(): Writable & { bytes: number } {
  const w = new Writable({ write(chunk: Buffer, _enc, done) { w.bytes += chunk.length; done(); } }) as Writable & { bytes: number };
  w.bytes = 0;
  return w;
}

async function measure(name: string, run: (out: Writable) => Promise<void>) {
  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const out = sink();
  t0 = performance.now();
  await run(out);
  const ms = performance.now() - t0;
  clearInterval(timer);
  const mb = (b: number) => (b / 1048576).toFixed(1);
  console.log(`${name}: ${N} rows in ${ms.toFixed(0)} ms (${Math.round((N / ms) * 1000)} rows/s), ${mb(out.bytes)} MB out, peak RSS +${mb(peakRss - before.rss)} MB, peak heap +${mb(peakHeap - before.heapUsed)} MB`);
}

await measure('csv', (out) => pipeline(Readable.from(ledgerCsv(pages())), out));
await measure('xlsx', async (out) => {
  const finished = new Promise<void>((resolve, reject) => out.on('finish', resolve).on('error', reject));
  await writeLedgerXlsx(out, pages(), { title: 'bench' });
  await finished;
});
db.close();
fs.rmSync(dir, { recursive: true, force: true });
