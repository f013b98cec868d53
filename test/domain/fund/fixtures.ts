import type { FundEvent, FundEventOf } from '../../../src/domain/fund/events.ts';

/** Events and commands for fund specs; amounts in fen. */
export const FUND = 'F2026-360100-emp';
export const UI_FUND = 'F2026-360100-ui';

export const opened: FundEventOf<'FundOpened'> = {
  type: 'FundOpened',
  data: { fundId: FUND, source: 'employment_subsidy', year: 2026, regionCode: '360100', openedOn: '2026-01-05' },
};

export function allocated(amountFen: number, allocationId = 'A1'): FundEvent {
  return { type: 'FundAllocationReceived', data: { fundId: FUND, allocationId, amountFen, documentRef: '赣财社〔2026〕1号', receivedOn: '2026-01-06' } };
}

export function committed(applicationId: string, amountFen: number): FundEvent {
  return { type: 'FundCommitted', data: { fundId: FUND, applicationId, subsidyKind: 'training', amountFen, committedOn: '2026-03-02' } };
}

export function instructed(paymentId: string, applicationId: string, amountFen: number): FundEvent {
  return { type: 'FundPaymentInstructed', data: { fundId: FUND, paymentId, applicationId, amountFen, instructedOn: '2026-03-03' } };
}

export function confirmed(paymentId: string, applicationId: string, amountFen: number): FundEvent {
  return { type: 'FundPaymentConfirmed', data: { fundId: FUND, paymentId, applicationId, amountFen, bankReference: 'BK-1', confirmedOn: '2026-03-04' } };
}

export function bounced(paymentId: string, applicationId: string, amountFen: number): FundEvent {
  return { type: 'FundPaymentBounced', data: { fundId: FUND, paymentId, applicationId, amountFen, reasonCode: 'bank.account_closed', bouncedOn: '2026-03-05' } };
}

/** An open fund with one allocation (default 10 000 yuan). */
export const funded = (amountFen = 1_000_000): FundEvent[] => [opened, allocated(amountFen)];
