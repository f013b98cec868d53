import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import t from 'tap';
import { fixedClock } from '../../../src/app/clock.ts';
import { openApp, type OpenedApp } from '../../../src/app/open-app.ts';
import { closeFinding, loadFinding, raiseFinding, submitRectification, verifyRectification, type RaiseFindingInput } from '../../../src/app/services/findings.ts';
import { loadInstitution } from '../../../src/app/services/institutions.ts';
import { issueRecoveryOrder, loadRecoveryOrder, recordOrderRecovery, withdrawRecoveryOrder } from '../../../src/app/services/recovery-orders.ts';
import { RegionScopeError } from '../../../src/app/services/region-scope.ts';
import { sweepOverdueRectifications } from '../../../src/app/services/sanctions.ts';
import { availableFen } from '../../../src/domain/fund/available.ts';
import type { FundState } from '../../../src/domain/fund/state.ts';
import { AMOUNT_FEN, buildMoneyWorld, FUND, fundFromStore, givenApplication, people } from './applications-fixtures.ts';
import { ctxFor, GANZHOU_SCHOOL, NANCHANG_SCHOOL, NOW_MS, rejectsWith } from './registry-fixtures.ts';

const inspector = { id: 'insp-nc-1', name: 'Inspector', role: 'inspector', region: '360100' } as const;
const inspector2 = { id: 'insp-nc-2', name: 'Inspector 2', role: 'inspector', region: '360100' } as const;
// No step may be dated after its request's day: everyone acts on the last day of the orders' story.
const ORDERS_DONE_MS = Date.parse('2026-04-17T10:00:00+08:00');
const finance = () => ctxFor(people.finance, ORDERS_DONE_MS);
const ALLOCATED = 10 * AMOUNT_FEN;

/** Two paid applications (a-1, a-2: 1 200 yuan each) in a fresh app of its own directory. */
async function paidWorld(dir: string): Promise<OpenedApp> {
  const app = await openApp({ storeUrl: 'sqlite:', dataDir: mkdtempSync(path.join(dir, 'w-')), maxEventBytes: 1 << 20 }, fixedClock(NOW_MS, 1000));
  const w = await buildMoneyWorld(app, 2);
  await givenApplication(w, 0, 'a-1', 'paid');
  await givenApplication(w, 1, 'a-2', 'paid');
  return app;
}

function finding(over: Partial<RaiseFindingInput> = {}): RaiseFindingInput {
  return {
    findingId: 'f-1',
    number: '洪人社查〔2026〕9号-1',
    category: 'inflated_headcount',
    description: '虚报培训人数',
    institutionId: NANCHANG_SCHOOL,
    regionCode: '360100',
    applicationIds: ['a-1', 'a-2'],
    paymentIds: ['pay-a-1', 'pay-a-2'],
    amountInvolvedFen: 2 * AMOUNT_FEN,
    responsibleUnit: '培训机构',
    measuresRequired: '退回补贴',
    deadlineWorkingDays: 20,
    noticeOn: '2026-04-10',
    raisedOn: '2026-04-10',
    ...over,
  };
}

const lines = (fen1: number, fen2: number) => [
  { fundId: FUND, paymentId: 'pay-a-1', applicationId: 'a-1', amountFen: fen1 },
  { fundId: FUND, paymentId: 'pay-a-2', applicationId: 'a-2', amountFen: fen2 },
];

function conserved(s: FundState['totals']): boolean {
  return s.allocatedFen + s.recoveredFen + s.adjustedFen === availableFen(s) + s.committedFen + s.paidFen;
}

t.test('a recovery order partly then fully recovered: the money is back in the fund, and only then does the finding close', async (t) => {
  const app = await paidWorld(t.testdir());
  t.teardown(() => app.close());
  const d = app.deps;
  await raiseFinding(d, ctxFor(inspector, ORDERS_DONE_MS), finding());
  await rejectsWith(t, issueRecoveryOrder(d, ctxFor(inspector, ORDERS_DONE_MS), { orderId: 'o-1', findingId: 'f-1', documentRef: '追回决定书 1号', lines: [{ fundId: 'other-fund', paymentId: 'pay-a-1', applicationId: 'a-1', amountFen: 1 }], issuedOn: '2026-04-13' }), 'recovery.line_mismatch', 'lines.0.paymentId');
  await rejectsWith(t, issueRecoveryOrder(d, ctxFor(inspector, ORDERS_DONE_MS), { orderId: 'o-1', findingId: 'f-1', documentRef: '追回决定书 1号', lines: lines(AMOUNT_FEN + 1, 1), issuedOn: '2026-04-13' }), 'recovery.line_mismatch', 'lines.0.amountFen');
  await rejectsWith(t, issueRecoveryOrder(d, ctxFor(inspector, ORDERS_DONE_MS), { orderId: 'o-1', findingId: 'f-nope', documentRef: 'x', lines: lines(1, 1), issuedOn: '2026-04-13' }), 'recovery.unknown_finding', 'findingId');
  await issueRecoveryOrder(d, ctxFor(inspector, ORDERS_DONE_MS), { orderId: 'o-1', findingId: 'f-1', documentRef: '追回决定书 1号', lines: lines(AMOUNT_FEN, 50_000), issuedOn: '2026-04-13' });
  await t.rejects(recordOrderRecovery(d, ctxFor(people.financeGanzhou, ORDERS_DONE_MS), 'o-1', { paymentId: 'pay-a-1', amountFen: 1, documentRef: 'r', recoveredOn: '2026-04-14' }), RegionScopeError);

  const before = (await fundFromStore(app)).totals;
  const part = await recordOrderRecovery(d, finance(), 'o-1', { recoveryId: 'r-1', paymentId: 'pay-a-1', amountFen: 70_000, documentRef: '回单 001', recoveredOn: '2026-04-14' });
  t.same(part.steps.map((s) => s.stream), ['recovery-o-1', `fund-${FUND}`, 'application-a-1'], 'order, then fund, then application');
  let fund = (await fundFromStore(app)).totals;
  t.equal(availableFen(fund) - availableFen(before), 70_000, 'a partial recovery adds to available');
  t.ok(conserved(fund), 'money is conserved');

  // closing waits for the money: verified but 100 000 fen outstanding
  await submitRectification(d, ctxFor(people.registrarNanchang, ORDERS_DONE_MS), 'f-1', { submissionId: 's-1', measuresTaken: '已退回部分补贴', evidence: [{ sha256: 'e'.repeat(64), description: '回单' }], submittedOn: '2026-04-15' });
  await verifyRectification(d, ctxFor(inspector2, ORDERS_DONE_MS), 'f-1', { submissionId: 's-1', decision: 'accept', conclusion: '整改到位', verifiedOn: '2026-04-16' });
  await rejectsWith(t, closeFinding(d, ctxFor(inspector2, ORDERS_DONE_MS), 'f-1', { closedOn: '2026-04-16' }), 'finding.recovery_outstanding');
  await rejectsWith(t, recordOrderRecovery(d, finance(), 'o-1', { paymentId: 'pay-a-2', amountFen: 50_001, documentRef: 'r', recoveredOn: '2026-04-17' }), 'recovery.exceeds_ordered', 'amountFen');
  await rejectsWith(t, withdrawRecoveryOrder(d, ctxFor(inspector, ORDERS_DONE_MS), 'o-1', { reason: '撤销', withdrawnOn: '2026-04-17' }), 'recovery.has_recoveries');

  await recordOrderRecovery(d, finance(), 'o-1', { paymentId: 'pay-a-1', amountFen: 50_000, documentRef: '回单 002', recoveredOn: '2026-04-17' });
  await recordOrderRecovery(d, finance(), 'o-1', { paymentId: 'pay-a-2', amountFen: 50_000, documentRef: '回单 003', recoveredOn: '2026-04-17' });
  const order = await loadRecoveryOrder(d, 'o-1');
  t.equal(order.status, 'fulfilled');
  fund = (await fundFromStore(app)).totals;
  t.equal(fund.recoveredFen, order.recoveredFen, 'the fund holds exactly what the order recorded');
  t.equal(availableFen(fund), ALLOCATED - 2 * AMOUNT_FEN + 170_000);
  t.ok(conserved(fund));
  await closeFinding(d, ctxFor(inspector2, ORDERS_DONE_MS), 'f-1', { closedOn: '2026-04-17' });
  t.equal((await loadFinding(d, 'f-1')).status, 'closed', '销号 once nothing is outstanding');
});

t.test('overdue rectification leads to delisting: the sweep with asOf, once per deadline', async (t) => {
  const app = await paidWorld(t.testdir());
  t.teardown(() => app.close());
  const d = app.deps;
  // notice Fri 10 April + 1 working day = Mon 13 April
  await raiseFinding(d, ctxFor(inspector, ORDERS_DONE_MS), finding({ deadlineWorkingDays: 1 }));
  await raiseFinding(d, ctxFor(inspector, ORDERS_DONE_MS), finding({ findingId: 'f-2', number: 'n-2', deadlineWorkingDays: 30 }));
  const late = Date.parse('2026-04-20T09:00:00+08:00');
  const admin = (ms = late) => ctxFor(people.admin, ms);
  await rejectsWith(t, sweepOverdueRectifications(d, admin(), { asOf: '2026-04-21T09:00:00+08:00' }), 'finding.as_of_in_future', 'asOf');
  await rejectsWith(t, sweepOverdueRectifications(d, admin(), { asOf: 'yesterday' }), 'finding.invalid_command', 'asOf');
  const onTime = await sweepOverdueRectifications(d, admin(), { asOf: '2026-04-13T23:59:00+08:00' });
  t.match(onTime.result, { findingsChecked: 2, sanctioned: 0 }, 'the last day itself is not overdue');

  const swept = await sweepOverdueRectifications(d, admin(), { asOf: '2026-04-14T00:00:00+08:00' });
  t.match(swept.result, { findingsChecked: 2, sanctioned: 1, refused: 0, rule: 'delist' });
  t.same(swept.steps.map((s) => s.stream), [`institution-${NANCHANG_SCHOOL}`, 'finding-f-1']);
  const institution = await loadInstitution(d, NANCHANG_SCHOOL);
  t.equal(institution.registered && institution.statusTimeline.at(-1)?.status, 'delisted');
  t.ok((await loadFinding(d, 'f-1')).sanctions.has('overdue-2026-04-13'));

  const again = await sweepOverdueRectifications(d, admin(), { asOf: '2026-04-20T09:00:00+08:00' });
  t.match(again.result, { sanctioned: 0 }, 'a second sweep issues nothing twice');
  t.equal(again.steps.length, 0);
});

t.test('property: any instalments of any order keep the fund conserved and equal to the order', async (t) => {
  const dir = t.testdir();
  const cut = fc.record({ line: fc.constantFrom(0, 1), percent: fc.integer({ min: 1, max: 100 }) });
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: AMOUNT_FEN }), fc.integer({ min: 1, max: AMOUNT_FEN }), fc.array(cut, { maxLength: 5 }), async (fen1, fen2, cuts) => {
      const app = await paidWorld(dir);
      try {
        const d = app.deps;
        await raiseFinding(d, ctxFor(inspector, ORDERS_DONE_MS), finding());
        await issueRecoveryOrder(d, ctxFor(inspector, ORDERS_DONE_MS), { orderId: 'o-p', findingId: 'f-1', documentRef: '追回决定书', lines: lines(fen1, fen2), issuedOn: '2026-04-13' });
        const start = availableFen((await fundFromStore(app)).totals);
        const left = [fen1, fen2];
        const pay = ['pay-a-1', 'pay-a-2'] as const;
        let recovered = 0;
        const check = async () => {
          const fund = (await fundFromStore(app)).totals;
          const order = await loadRecoveryOrder(d, 'o-p');
          if (!conserved(fund) || fund.recoveredFen !== recovered || order.recoveredFen !== recovered || availableFen(fund) !== start + recovered) {
            throw new Error(`sums diverge: fund ${JSON.stringify(fund)}, order ${order.recoveredFen}, expected ${recovered}`);
          }
        };
        for (const c of [...cuts, { line: 0, percent: 100 }, { line: 1, percent: 100 }]) {
          const lacking = left[c.line]!;
          const amountFen = lacking === 0 ? 1 : Math.max(1, Math.floor((lacking * c.percent) / 100));
          const attempt = recordOrderRecovery(d, finance(), 'o-p', { paymentId: pay[c.line]!, amountFen, documentRef: '回单', recoveredOn: '2026-04-14' });
          if (lacking === 0) {
            await attempt.then(() => { throw new Error('over-recovery accepted'); }, () => undefined);
          } else {
            await attempt;
            left[c.line] = lacking - amountFen;
            recovered += amountFen;
          }
          await check();
        }
        if ((await loadRecoveryOrder(d, 'o-p')).status !== 'fulfilled') throw new Error('everything ordered came back but the order is not fulfilled');
      } finally {
        await app.close();
      }
    }),
    { numRuns: 6 },
  );
  t.pass('6 random orders and instalment sequences held');
});

t.test('R2 item 3: a finding and an order of another region cannot name this region\'s applications and payments', async (t) => {
  const app = await paidWorld(t.testdir());
  t.teardown(() => app.close());
  const d = app.deps;
  const gz = ctxFor({ id: 'insp-gz-1', name: 'Inspector GZ', role: 'inspector', region: '360700' }, ORDERS_DONE_MS);
  const foreign = finding({ findingId: 'f-gz', institutionId: GANZHOU_SCHOOL, regionCode: '360700', applicationIds: ['a-1'], paymentIds: ['pay-a-1'], amountInvolvedFen: AMOUNT_FEN });
  await t.rejects(raiseFinding(d, gz, foreign), RegionScopeError, 'a finding naming another region\'s application is refused');
  t.equal((await loadFinding(d, 'f-gz')).raised, null, 'nothing raised');
});

t.test('R2 item 6: an order line above what is still unrecovered on the payment is refused naming the amount', async (t) => {
  const app = await paidWorld(t.testdir());
  t.teardown(() => app.close());
  const d = app.deps;
  await raiseFinding(d, ctxFor(inspector, ORDERS_DONE_MS), finding());
  await issueRecoveryOrder(d, ctxFor(inspector, ORDERS_DONE_MS), { orderId: 'o-1', findingId: 'f-1', documentRef: '追回决定书 1号', lines: lines(100_000, 1), issuedOn: '2026-04-13' });
  await recordOrderRecovery(d, finance(), 'o-1', { paymentId: 'pay-a-1', amountFen: 100_000, documentRef: '回单 001', recoveredOn: '2026-04-14' });
  await rejectsWith(t, issueRecoveryOrder(d, ctxFor(inspector, ORDERS_DONE_MS), { orderId: 'o-2', findingId: 'f-1', documentRef: '追回决定书 2号', lines: [lines(AMOUNT_FEN, 1)[0]!], issuedOn: '2026-04-15' }), 'recovery.line_mismatch', 'lines.0.amountFen');
  await issueRecoveryOrder(d, ctxFor(inspector, ORDERS_DONE_MS), { orderId: 'o-2', findingId: 'f-1', documentRef: '追回决定书 2号', lines: [lines(AMOUNT_FEN - 100_000, 1)[0]!], issuedOn: '2026-04-15' });
  t.not((await loadRecoveryOrder(d, 'o-2')).issued, null, 'the unrecovered rest can be ordered');
});
