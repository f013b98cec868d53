import { reject, type Rejection } from '../decider.ts';
import type { ApplicationLedger } from './state.ts';

/**
 * No payment twice for one application: at most one payment per application may be in
 * flight or confirmed. A bounced payment no longer counts, so a corrected instruction can
 * follow it. Decided on the fund stream, whose expected revision serialises two
 * instructions racing for the same application (the loser re-decides and sees this).
 */
export function requireNoLivePayment(app: Readonly<ApplicationLedger>): Rejection | undefined {
  if (app.livePaymentId === null) return undefined;
  return reject(
    'fund.application_already_paid',
    `application ${app.applicationId} already has payment ${app.livePaymentId} in flight or confirmed`,
    'applicationId',
  );
}
