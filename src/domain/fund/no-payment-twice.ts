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
  return applicationAlreadyPaid(app.applicationId, app.livePaymentId);
}

/**
 * The one answer to "this application is already paid", whichever stream sees it first:
 * the application stream refuses a sequential second instruction with it before the saga
 * reaches the fund, and the fund refuses the losers of a race with it.
 */
export function applicationAlreadyPaid(applicationId: string, livePaymentId: string): Rejection {
  return reject('fund.application_already_paid', `application ${applicationId} already has payment ${livePaymentId} in flight or confirmed`, 'applicationId');
}
