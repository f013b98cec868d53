/**
 * The event type of each step, and which stream it was recorded on. A link row keeps the
 * step only: its type and stream follow from it (an application's own events are on
 * `application-{id}`, the fund's on `fund-{fundId}`), which made the row two strings
 * narrower for the two thirds of the log payment-trace writes one row for.
 */
export const STEP_EVENT_TYPES = {
  submitted: 'ApplicationSubmitted',
  initial_review: 'ApplicationInitialReviewPassed',
  final_review: 'ApplicationFinalReviewPassed',
  rejected: 'ApplicationRejected',
  publicity: 'ApplicationPublicityStarted',
  objection_raised: 'ApplicationObjectionRaised',
  objection_resolved: 'ApplicationObjectionResolved',
  approval: 'ApplicationApprovedForPayment',
  instruction_recorded: 'ApplicationPaymentInstructed',
  paid: 'ApplicationPaid',
  bounce_recorded: 'ApplicationPaymentBounced',
  recovery_recorded: 'ApplicationRecoveryRecorded',
  withdrawn: 'ApplicationWithdrawn',
  commitment: 'FundCommitted',
  commitment_released: 'FundCommitmentReleased',
  payment_instructed: 'FundPaymentInstructed',
  bank_confirmed: 'FundPaymentConfirmed',
  bank_bounced: 'FundPaymentBounced',
  recovery_received: 'FundRecoveryReceived',
  fund_opened: 'FundOpened',
  allocation: 'FundAllocationReceived',
  adjustment: 'FundAdjusted',
} as const;

export type Step = keyof typeof STEP_EVENT_TYPES;

export function eventTypeOfStep(step: string): string {
  const type = (STEP_EVENT_TYPES as Record<string, string>)[step];
  if (type === undefined) throw new Error(`payment-trace: unknown step ${step}`);
  return type;
}

/** The stream a link's event was recorded on. */
export function streamOfStep(step: string, applicationId: string, fundId: string | null): string {
  if (!eventTypeOfStep(step).startsWith('Fund')) return `application-${applicationId}`;
  if (fundId === null) throw new Error(`payment-trace: a ${step} link without its fund`);
  return `fund-${fundId}`;
}
