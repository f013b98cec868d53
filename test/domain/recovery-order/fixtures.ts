import type { RecoveryOrderCommandOf } from '../../../src/domain/recovery-order/commands.ts';
import type { RecoveryOrderContext } from '../../../src/domain/recovery-order/context.ts';
import { recoveryOrderDecider } from '../../../src/domain/recovery-order/decider.ts';
import type { RecoveryOrderEvent, RecoveryOrderEventOf } from '../../../src/domain/recovery-order/events.ts';

export const ORDER = 'RO-2026-0007';
export const FINDING = 'F-2026-0007';
export const FUND = 'F2026-360100-emp';

export const ctx: RecoveryOrderContext = {
  finding: { findingId: FINDING, status: 'open', paymentIds: ['PAY-1', 'PAY-2', 'PAY-3'], amountInvolvedFen: 300_000 },
};
export const decider = recoveryOrderDecider(ctx);

export const issueCommand: RecoveryOrderCommandOf<'IssueRecoveryOrder'> = {
  type: 'IssueRecoveryOrder',
  orderId: ORDER,
  findingId: FINDING,
  documentRef: '洪人社追〔2026〕3号',
  lines: [
    { fundId: FUND, paymentId: 'PAY-1', applicationId: 'APP-1', amountFen: 150_000 },
    { fundId: FUND, paymentId: 'PAY-2', applicationId: 'APP-2', amountFen: 120_000 },
  ],
  issuedBy: 'fin-1',
  issuedOn: '2026-03-02',
};

export const issued: RecoveryOrderEventOf<'RecoveryOrderIssued'> = {
  type: 'RecoveryOrderIssued',
  data: { ...(({ type: _t, ...rest }) => rest)(issueCommand), totalFen: 270_000 },
};

export const recordCommand = (recoveryId: string, paymentId: string, amountFen: number, recoveredOn = '2026-03-05'): RecoveryOrderCommandOf<'RecordOrderRecovery'> => ({
  type: 'RecordOrderRecovery',
  orderId: ORDER,
  recoveryId,
  paymentId,
  amountFen,
  documentRef: '收款凭证 2026-031',
  recoveredOn,
});

export const recorded = (recoveryId: string, paymentId: string, amountFen: number, lineRecoveredFen: number, orderRecoveredFen: number): RecoveryOrderEvent => ({
  type: 'RecoveryOrderRecoveryRecorded',
  data: {
    recoveryId,
    fundId: FUND,
    paymentId,
    applicationId: paymentId === 'PAY-1' ? 'APP-1' : 'APP-2',
    amountFen,
    documentRef: '收款凭证 2026-031',
    recoveredOn: '2026-03-05',
    lineRecoveredFen,
    orderRecoveredFen,
    fulfilled: orderRecoveredFen === 270_000,
  },
});
