import t from 'tap';
import { fundDecider } from '../../../src/domain/fund/decider.ts';
import { availableFen } from '../../../src/domain/fund/available.ts';
import { parseFundCommand, type FundCommand } from '../../../src/domain/fund/commands.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import { MAX_FUND_TOTAL_FEN } from '../../../src/domain/fund/total-limit.ts';
import { spec } from '../spec.ts';
import { FUND, allocated, bounced, committed, confirmed, funded, instructed, opened } from './fixtures.ts';

const fund = (tt: Parameters<typeof spec>[0]) => spec(tt, fundDecider);

/** Commands are parsed, so defaults (bankReference, findingId) are filled as the app layer would. */
function cmd(input: Record<string, unknown>): FundCommand {
  const c = parseFundCommand({ fundId: FUND, ...input });
  if (isRejection(c)) throw new Error(`fixture command invalid: ${c.message}`);
  return c;
}

const commitCmd = (applicationId: string, amountFen: number, subsidyKind = 'training') =>
  cmd({ type: 'CommitFunds', applicationId, subsidyKind, amountFen, committedOn: '2026-03-02' });
const instructCmd = (paymentId: string, applicationId: string, amountFen: number) =>
  cmd({ type: 'InstructPayment', paymentId, applicationId, amountFen, instructedOn: '2026-03-03' });

t.test('when not opened', async (t) => {
  t.test('OpenFund opens it', async (t) => {
    fund(t).given([]).when(cmd({ type: 'OpenFund', source: 'employment_subsidy', year: 2026, regionCode: '360100', openedOn: '2026-01-05' })).then([opened]);
  });
  t.test('every other command is fund.not_opened', async (t) => {
    fund(t).given([]).when(cmd({ type: 'ReceiveAllocation', allocationId: 'A1', amountFen: 1, documentRef: 'd', receivedOn: '2026-01-06' })).thenRejects('fund.not_opened', 'fundId');
  });
});

t.test('when opened', async (t) => {
  t.test('OpenFund again is fund.already_opened', async (t) => {
    fund(t).given([opened]).when(cmd({ type: 'OpenFund', source: 'ui_special_account', year: 2026, regionCode: '360100', openedOn: '2026-01-05' })).thenRejects('fund.already_opened');
  });
  t.test('ReceiveAllocation adds to allocated and available', async (t) => {
    const s = fund(t).given([opened]).when(cmd({ type: 'ReceiveAllocation', allocationId: 'A1', amountFen: 1_000_000, documentRef: '赣财社〔2026〕1号', receivedOn: '2026-01-06' })).then([allocated(1_000_000)]);
    t.equal(availableFen(s.totals), 1_000_000);
  });
  t.test('the same allocation again is a retry: nothing decided', async (t) => {
    fund(t).given(funded()).when(cmd({ type: 'ReceiveAllocation', allocationId: 'A1', amountFen: 1_000_000, documentRef: '赣财社〔2026〕1号', receivedOn: '2026-01-07' })).then([]);
  });
  t.test('the allocation id reused for another amount is fund.allocation_id_conflict', async (t) => {
    fund(t).given(funded()).when(cmd({ type: 'ReceiveAllocation', allocationId: 'A1', amountFen: 5, documentRef: '赣财社〔2026〕1号', receivedOn: '2026-01-07' })).thenRejects('fund.allocation_id_conflict', 'allocationId');
  });
});

t.test('adjustments', async (t) => {
  const adj = (amountFen: number, adjustmentId = 'ADJ1') => cmd({ type: 'AdjustFund', adjustmentId, amountFen, reasonCode: 'treasury_clawback', documentRef: '赣财社〔2026〕9号', adjustedOn: '2026-04-01' });
  t.test('a negative adjustment within available takes money out', async (t) => {
    const s = fund(t).given(funded(1000)).when(adj(-400)).then([{ type: 'FundAdjusted', data: { fundId: FUND, adjustmentId: 'ADJ1', amountFen: -400, reasonCode: 'treasury_clawback', documentRef: '赣财社〔2026〕9号', adjustedOn: '2026-04-01' } }]);
    t.equal(availableFen(s.totals), 600);
  });
  t.test('a negative adjustment beyond available is fund.insufficient_available', async (t) => {
    fund(t).given([...funded(1000), committed('APP-1', 700)]).when(adj(-301)).thenRejects('fund.insufficient_available', 'amountFen');
  });
  t.test('a positive adjustment is always possible', async (t) => {
    const s = fund(t).given([opened]).when(adj(250)).then([{ type: 'FundAdjusted', data: { fundId: FUND, adjustmentId: 'ADJ1', amountFen: 250, reasonCode: 'treasury_clawback', documentRef: '赣财社〔2026〕9号', adjustedOn: '2026-04-01' } }]);
    t.equal(availableFen(s.totals), 250);
  });
  t.test('an adjustment id reused differently is fund.adjustment_id_conflict; the same is a retry', async (t) => {
    const given = [...funded(1000), { type: 'FundAdjusted' as const, data: { fundId: FUND, adjustmentId: 'ADJ1', amountFen: 250, reasonCode: 'treasury_clawback', documentRef: '赣财社〔2026〕9号', adjustedOn: '2026-04-01' } }];
    fund(t).given(given).when(adj(-250)).thenRejects('fund.adjustment_id_conflict', 'adjustmentId');
    fund(t).given(given).when(adj(250)).then([]);
  });
});

t.test('commitments', async (t) => {
  t.test('CommitFunds within available moves available to committed', async (t) => {
    const s = fund(t).given(funded(150_000)).when(commitCmd('APP-1', 150_000)).then([committed('APP-1', 150_000)]);
    t.equal(availableFen(s.totals), 0);
    t.equal(s.totals.committedFen, 150_000);
  });
  t.test('one fen more than available is fund.insufficient_available', async (t) => {
    fund(t).given(funded(150_000)).when(commitCmd('APP-1', 150_001)).thenRejects('fund.insufficient_available', 'amountFen');
  });
  t.test('earlier commitments count against available', async (t) => {
    fund(t).given([...funded(200_000), committed('APP-1', 150_000)]).when(commitCmd('APP-2', 50_001)).thenRejects('fund.insufficient_available');
  });
  t.test('a skill-upgrade subsidy from an employment-subsidy fund is fund.source_not_allowed', async (t) => {
    fund(t).given(funded()).when(commitCmd('APP-1', 1000, 'skill_upgrade')).thenRejects('fund.source_not_allowed', 'subsidyKind');
  });
  t.test('a skill-upgrade subsidy from the 专账 is allowed', async (t) => {
    const uiOpened = { type: 'FundOpened' as const, data: { ...opened.data, source: 'ui_special_account' as const } };
    fund(t).given([uiOpened, allocated(5000)]).when(commitCmd('APP-1', 1000, 'skill_upgrade')).then([
      { type: 'FundCommitted', data: { fundId: FUND, applicationId: 'APP-1', subsidyKind: 'skill_upgrade', amountFen: 1000, committedOn: '2026-03-02' } },
    ]);
  });
  t.test('the same commitment again is a retry: nothing decided, nothing double-committed', async (t) => {
    const s = fund(t).given([...funded(), committed('APP-1', 150_000)]).when(commitCmd('APP-1', 150_000)).then([]);
    t.equal(s.totals.committedFen, 150_000);
  });
  t.test('a second commitment of another amount is fund.already_committed', async (t) => {
    fund(t).given([...funded(), committed('APP-1', 150_000)]).when(commitCmd('APP-1', 120_000)).thenRejects('fund.already_committed', 'applicationId');
  });
  t.test('after release the application cannot be committed again: fund.commitment_released', async (t) => {
    fund(t).given([...funded(), committed('APP-1', 150_000), released('APP-1', 150_000)]).when(commitCmd('APP-1', 150_000)).thenRejects('fund.commitment_released');
  });
});

function released(applicationId: string, amountFen: number) {
  return { type: 'FundCommitmentReleased' as const, data: { fundId: FUND, applicationId, amountFen, reasonCode: 'withdrawn', releasedOn: '2026-03-10' } };
}
const releaseCmd = (applicationId: string) => cmd({ type: 'ReleaseCommitment', applicationId, reasonCode: 'withdrawn', releasedOn: '2026-03-10' });

t.test('releasing a commitment', async (t) => {
  t.test('returns the committed amount to available', async (t) => {
    const s = fund(t).given([...funded(200_000), committed('APP-1', 150_000)]).when(releaseCmd('APP-1')).then([released('APP-1', 150_000)]);
    t.equal(availableFen(s.totals), 200_000);
  });
  t.test('after a bounce the returned amount is released too', async (t) => {
    fund(t).given([...funded(200_000), committed('APP-1', 150_000), instructed('P1', 'APP-1', 150_000), bounced('P1', 'APP-1', 150_000)]).when(releaseCmd('APP-1')).then([released('APP-1', 150_000)]);
  });
  t.test('again is a retry', async (t) => {
    fund(t).given([...funded(200_000), committed('APP-1', 150_000), released('APP-1', 150_000)]).when(releaseCmd('APP-1')).then([]);
  });
  t.test('with nothing committed is fund.not_committed', async (t) => {
    fund(t).given(funded()).when(releaseCmd('APP-9')).thenRejects('fund.not_committed', 'applicationId');
  });
  t.test('beside a live payment is fund.payment_in_flight', async (t) => {
    fund(t).given([...funded(), committed('APP-1', 150_000), instructed('P1', 'APP-1', 150_000)]).when(releaseCmd('APP-1')).thenRejects('fund.payment_in_flight');
  });
});

t.test('payments', async (t) => {
  const withCommitment = [...funded(200_000), committed('APP-1', 150_000)];
  t.test('InstructPayment moves committed to paid', async (t) => {
    const s = fund(t).given(withCommitment).when(instructCmd('P1', 'APP-1', 150_000)).then([instructed('P1', 'APP-1', 150_000)]);
    t.equal(s.totals.committedFen, 0);
    t.equal(s.totals.paidFen, 150_000);
    t.equal(availableFen(s.totals), 50_000);
  });
  t.test('a payment for an uncommitted application is fund.not_committed', async (t) => {
    fund(t).given(funded()).when(instructCmd('P1', 'APP-1', 100)).thenRejects('fund.not_committed');
  });
  t.test('a payment after release is fund.commitment_released', async (t) => {
    fund(t).given([...withCommitment, released('APP-1', 150_000)]).when(instructCmd('P1', 'APP-1', 150_000)).thenRejects('fund.commitment_released');
  });
  t.test('above the commitment is fund.payment_exceeds_commitment', async (t) => {
    fund(t).given(withCommitment).when(instructCmd('P1', 'APP-1', 150_001)).thenRejects('fund.payment_exceeds_commitment', 'amountFen');
  });
  t.test('a second payment for the application is fund.application_already_paid', async (t) => {
    fund(t).given([...withCommitment, instructed('P1', 'APP-1', 100_000)]).when(instructCmd('P2', 'APP-1', 50_000)).thenRejects('fund.application_already_paid', 'applicationId');
    fund(t).given([...withCommitment, instructed('P1', 'APP-1', 150_000), confirmed('P1', 'APP-1', 150_000)]).when(instructCmd('P2', 'APP-1', 1)).thenRejects('fund.application_already_paid');
  });
  t.test('the same instruction again is a retry', async (t) => {
    fund(t).given([...withCommitment, instructed('P1', 'APP-1', 150_000)]).when(instructCmd('P1', 'APP-1', 150_000)).then([]);
  });
  t.test('a payment id reused for another application is fund.payment_id_conflict', async (t) => {
    fund(t).given([...withCommitment, committed('APP-2', 10_000), instructed('P1', 'APP-1', 150_000)]).when(instructCmd('P1', 'APP-2', 10_000)).thenRejects('fund.payment_id_conflict', 'paymentId');
  });
  t.test('after a bounce a new instruction may follow', async (t) => {
    const s = fund(t).given([...withCommitment, instructed('P1', 'APP-1', 150_000), bounced('P1', 'APP-1', 150_000)]).when(instructCmd('P2', 'APP-1', 150_000)).then([instructed('P2', 'APP-1', 150_000)]);
    t.equal(s.totals.paidFen, 150_000);
  });
});

t.test('bank answers', async (t) => {
  const inFlight = [...funded(200_000), committed('APP-1', 150_000), instructed('P1', 'APP-1', 150_000)];
  const confirmCmd = cmd({ type: 'ConfirmPayment', paymentId: 'P1', bankReference: 'BK-1', confirmedOn: '2026-03-04' });
  const bounceCmd = cmd({ type: 'BouncePayment', paymentId: 'P1', reasonCode: 'bank.account_closed', bouncedOn: '2026-03-05' });
  t.test('ConfirmPayment confirms, moving no money', async (t) => {
    const s = fund(t).given(inFlight).when(confirmCmd).then([confirmed('P1', 'APP-1', 150_000)]);
    t.equal(s.totals.paidFen, 150_000);
  });
  t.test('confirming twice is a retry', async (t) => {
    fund(t).given([...inFlight, confirmed('P1', 'APP-1', 150_000)]).when(confirmCmd).then([]);
  });
  t.test('BouncePayment returns the amount to committed', async (t) => {
    const s = fund(t).given(inFlight).when(bounceCmd).then([bounced('P1', 'APP-1', 150_000)]);
    t.equal(s.totals.paidFen, 0);
    t.equal(s.totals.committedFen, 150_000);
  });
  t.test('bouncing twice is a retry', async (t) => {
    fund(t).given([...inFlight, bounced('P1', 'APP-1', 150_000)]).when(bounceCmd).then([]);
  });
  t.test('a confirmed payment cannot bounce, a bounced one cannot be confirmed: fund.payment_not_in_flight', async (t) => {
    fund(t).given([...inFlight, confirmed('P1', 'APP-1', 150_000)]).when(bounceCmd).thenRejects('fund.payment_not_in_flight', 'paymentId');
    fund(t).given([...inFlight, bounced('P1', 'APP-1', 150_000)]).when(confirmCmd).thenRejects('fund.payment_not_in_flight');
  });
  t.test('an unknown payment is fund.unknown_payment', async (t) => {
    fund(t).given(funded()).when(confirmCmd).thenRejects('fund.unknown_payment', 'paymentId');
    fund(t).given(funded()).when(bounceCmd).thenRejects('fund.unknown_payment');
  });
});

t.test('recoveries', async (t) => {
  const paid = [...funded(200_000), committed('APP-1', 150_000), instructed('P1', 'APP-1', 150_000), confirmed('P1', 'APP-1', 150_000)];
  const recoverCmd = (amountFen: number, recoveryId = 'R1') => cmd({ type: 'RecordRecovery', recoveryId, paymentId: 'P1', amountFen, findingId: 'FIND-7', documentRef: '追回决定书 2026-3', recoveredOn: '2026-06-01' });
  const recovered = (amountFen: number, recoveryId = 'R1') => ({
    type: 'FundRecoveryReceived' as const,
    data: { fundId: FUND, recoveryId, paymentId: 'P1', applicationId: 'APP-1', amountFen, findingId: 'FIND-7', documentRef: '追回决定书 2026-3', recoveredOn: '2026-06-01' },
  });
  t.test('a partial recovery adds back to available', async (t) => {
    const s = fund(t).given(paid).when(recoverCmd(50_000)).then([recovered(50_000)]);
    t.equal(availableFen(s.totals), 100_000);
    t.equal(s.totals.paidFen, 150_000, 'paid stays gross; recovered is an inflow');
  });
  t.test('the rest may follow, but not a fen more: fund.recovery_exceeds_paid', async (t) => {
    fund(t).given([...paid, recovered(50_000)]).when(recoverCmd(100_000, 'R2')).then([recovered(100_000, 'R2')]);
    fund(t).given([...paid, recovered(50_000)]).when(recoverCmd(100_001, 'R2')).thenRejects('fund.recovery_exceeds_paid', 'amountFen');
  });
  t.test('a recovery id reused differently is fund.recovery_id_conflict; the same is a retry', async (t) => {
    fund(t).given([...paid, recovered(50_000)]).when(recoverCmd(40_000)).thenRejects('fund.recovery_id_conflict', 'recoveryId');
    fund(t).given([...paid, recovered(50_000)]).when(recoverCmd(50_000)).then([]);
  });
  t.test('only a confirmed payment can be recovered: fund.payment_not_confirmed', async (t) => {
    fund(t).given(paid.slice(0, -1)).when(recoverCmd(1)).thenRejects('fund.payment_not_confirmed', 'paymentId');
  });
  t.test('an unknown payment is fund.unknown_payment', async (t) => {
    fund(t).given(funded()).when(recoverCmd(1)).thenRejects('fund.unknown_payment');
  });
});

t.test('a fund takes in at most MAX_FUND_TOTAL_FEN (allocated + recovered + positive adjustments)', async (t) => {
  const L = MAX_FUND_TOTAL_FEN;
  const alloc = (amountFen: number, allocationId = 'A2') => cmd({ type: 'ReceiveAllocation', allocationId, amountFen, documentRef: '赣财社〔2026〕2号', receivedOn: '2026-01-07' });
  const adj = (amountFen: number, adjustmentId = 'ADJ1') => cmd({ type: 'AdjustFund', adjustmentId, amountFen, reasonCode: 'correction', documentRef: '赣财社〔2026〕9号', adjustedOn: '2026-04-01' });
  const adjusted = (amountFen: number, adjustmentId = 'ADJ0') => ({ type: 'FundAdjusted' as const, data: { fundId: FUND, adjustmentId, amountFen, reasonCode: 'correction', documentRef: '赣财社〔2026〕9号', adjustedOn: '2026-04-01' } });
  t.test('allocations up to the limit are taken; one fen more is fund.total_limit_exceeded', async (t) => {
    const s = fund(t).given(funded(L - 1)).when(alloc(1)).then([{ type: 'FundAllocationReceived', data: { fundId: FUND, allocationId: 'A2', amountFen: 1, documentRef: '赣财社〔2026〕2号', receivedOn: '2026-01-07' } }]);
    t.equal(s.totals.allocatedFen, L);
    fund(t).given(funded(L)).when(alloc(1)).thenRejects('fund.total_limit_exceeded', 'amountFen');
    fund(t).given(funded(1)).when(alloc(L)).thenRejects('fund.total_limit_exceeded', 'amountFen');
  });
  t.test('a retried allocation at the limit is still a retry, not a refusal', async (t) => {
    fund(t).given(funded(L)).when(alloc(L, 'A1')).thenRejects('fund.allocation_id_conflict', 'allocationId');
    fund(t).given(funded(L)).when(cmd({ type: 'ReceiveAllocation', allocationId: 'A1', amountFen: L, documentRef: '赣财社〔2026〕1号', receivedOn: '2026-01-06' })).then([]);
  });
  t.test('a positive adjustment beyond the limit is refused; a negative one never is, for the limit', async (t) => {
    fund(t).given(funded(L - 10)).when(adj(11)).thenRejects('fund.total_limit_exceeded', 'amountFen');
    fund(t).given(funded(L - 10)).when(adj(10)).then([adjusted(10, 'ADJ1')]);
    fund(t).given([...funded(L), adjusted(-5)]).when(adj(-L + 5)).then([adjusted(-L + 5, 'ADJ1')]);
  });
  t.test('money taken out makes no room for new allocations (allocated alone would grow without end)', async (t) => {
    fund(t).given([...funded(L), adjusted(-L)]).when(alloc(1)).thenRejects('fund.total_limit_exceeded', 'amountFen');
  });
  t.test('a positive adjustment may give back what a negative one took, up to the limit', async (t) => {
    fund(t).given([...funded(L), adjusted(-L)]).when(adj(L)).then([adjusted(L, 'ADJ1')]);
    fund(t).given([...funded(L - 100), adjusted(-50)]).when(adj(150)).then([adjusted(150, 'ADJ1')]);
    fund(t).given([...funded(L - 100), adjusted(-50)]).when(adj(151)).thenRejects('fund.total_limit_exceeded', 'amountFen');
  });
  t.test('a recovery counts in: paid stays gross, so commit-pay-recover cycles would otherwise grow paid and recovered without end', async (t) => {
    const paid = [...funded(L - 100), committed('APP-1', 1000), instructed('P1', 'APP-1', 1000), confirmed('P1', 'APP-1', 1000)];
    const recoverCmd = (amountFen: number) => cmd({ type: 'RecordRecovery', recoveryId: 'R1', paymentId: 'P1', amountFen, documentRef: '追回决定书 2026-3', recoveredOn: '2026-06-01' });
    fund(t).given(paid).when(recoverCmd(101)).thenRejects('fund.total_limit_exceeded', 'amountFen');
    const s = fund(t).given(paid).when(recoverCmd(100)).then([{ type: 'FundRecoveryReceived', data: { fundId: FUND, recoveryId: 'R1', paymentId: 'P1', applicationId: 'APP-1', amountFen: 100, findingId: null, documentRef: '追回决定书 2026-3', recoveredOn: '2026-06-01' } }]);
    t.equal(s.totals.allocatedFen + s.totals.recoveredFen, L);
  });
  t.test('one command moves at most the limit: more is fund.invalid_command naming amountFen', async (t) => {
    for (const input of [
      { type: 'ReceiveAllocation', allocationId: 'A', amountFen: L + 1, documentRef: 'd', receivedOn: '2026-01-06' },
      { type: 'ReceiveAllocation', allocationId: 'A', amountFen: Number.MAX_SAFE_INTEGER, documentRef: 'd', receivedOn: '2026-01-06' },
      { type: 'AdjustFund', adjustmentId: 'X', amountFen: L + 1, reasonCode: 'r', documentRef: 'd', adjustedOn: '2026-01-01' },
      { type: 'AdjustFund', adjustmentId: 'X', amountFen: -L - 1, reasonCode: 'r', documentRef: 'd', adjustedOn: '2026-01-01' },
      { type: 'RecordRecovery', recoveryId: 'R', paymentId: 'P', amountFen: L + 1, documentRef: 'd', recoveredOn: '2026-01-01' },
      { type: 'CommitFunds', applicationId: 'APP-1', subsidyKind: 'training', amountFen: L + 1, committedOn: '2026-03-02' },
    ]) {
      const r = parseFundCommand({ fundId: FUND, ...input });
      t.ok(isRejection(r) && r.code === 'fund.invalid_command' && r.field === 'amountFen', `${input.type} of ${input.amountFen} is refused`);
    }
    t.notOk(isRejection(parseFundCommand({ fundId: FUND, type: 'AdjustFund', adjustmentId: 'X', amountFen: -L, reasonCode: 'r', documentRef: 'd', adjustedOn: '2026-01-01' })), 'exactly the limit is well-formed');
  });
});

t.test('bad input names the field at fault', async (t) => {
  const cases: [Record<string, unknown>, string][] = [
    [{ type: 'CommitFunds', fundId: FUND, applicationId: 'APP-1', subsidyKind: 'training', amountFen: 0, committedOn: '2026-03-02' }, 'amountFen'],
    [{ type: 'CommitFunds', fundId: FUND, applicationId: 'APP-1', subsidyKind: 'training', amountFen: 1.5, committedOn: '2026-03-02' }, 'amountFen'],
    [{ type: 'CommitFunds', fundId: FUND, applicationId: 'APP 1', subsidyKind: 'training', amountFen: 1, committedOn: '2026-03-02' }, 'applicationId'],
    [{ type: 'CommitFunds', fundId: FUND, applicationId: 'APP-1', subsidyKind: 'bonus', amountFen: 1, committedOn: '2026-03-02' }, 'subsidyKind'],
    [{ type: 'ReceiveAllocation', fundId: FUND, allocationId: 'A', amountFen: 1, documentRef: 'd', receivedOn: '2026-02-30' }, 'receivedOn'],
    [{ type: 'OpenFund', fundId: FUND, source: 'lottery', year: 2026, regionCode: '360100', openedOn: '2026-01-01' }, 'source'],
    [{ type: 'OpenFund', fundId: FUND, source: 'employment_subsidy', year: 2026, regionCode: '3601', openedOn: '2026-01-01' }, 'regionCode'],
    [{ type: 'AdjustFund', fundId: FUND, adjustmentId: 'X', amountFen: 0, reasonCode: 'r', documentRef: 'd', adjustedOn: '2026-01-01' }, 'amountFen'],
    [{ type: 'BouncePayment', fundId: FUND, paymentId: 'P', reasonCode: 'Account closed by 张三', bouncedOn: '2026-01-01' }, 'reasonCode'],
    [{ type: 'ConfirmPayment', fundId: FUND, paymentId: 'P', confirmedOn: '2026-01-01', accountNumber: '6222020200112233445' }, 'accountNumber'],
    [{ type: 'Teleport', fundId: FUND }, 'type'],
  ];
  for (const [input, field] of cases) {
    const r = parseFundCommand(input);
    t.ok(isRejection(r), `${JSON.stringify(input)} is refused`);
    if (isRejection(r)) {
      t.equal(r.code, 'fund.invalid_command');
      t.equal(r.field ?? '', field, `field for ${input.type}`);
      t.notMatch(r.message, /6222020200112233445|张三/, 'the value is not echoed');
    }
  }
});
