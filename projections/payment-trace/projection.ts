import type { ApplicationEventSchemas } from '../../src/domain/application/events.ts';
import type { ClassEventSchemas } from '../../src/domain/class/events.ts';
import type { FundEventSchemas } from '../../src/domain/fund/events.ts';
import type { InstitutionEventSchemas } from '../../src/domain/institution/events.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { byEventType, defineProjection, folderOf } from '../../src/projections/definition.ts';
import { FUND_EVENT_TYPES } from '../funds/projection.ts';
import { PLACEMENT_DIGEST, PLACEMENT_EVENT_TYPES, PLACEMENT_INCLUDE, preparePlacement } from '../shared/placement.ts';
import { idOfStream } from '../shared/streams.ts';
import { STEP_EVENT_TYPES, streamOfStep, type Step } from './steps.ts';

export const APPLICATION_EVENT_TYPES = [
  'ApplicationSubmitted',
  'ApplicationInitialReviewPassed',
  'ApplicationFinalReviewPassed',
  'ApplicationRejected',
  'ApplicationPublicityStarted',
  'ApplicationObjectionRaised',
  'ApplicationObjectionResolved',
  'ApplicationApprovedForPayment',
  'ApplicationPaymentInstructed',
  'ApplicationPaid',
  'ApplicationPaymentBounced',
  'ApplicationRecoveryRecorded',
  'ApplicationWithdrawn',
] as const;

type Schemas = typeof ApplicationEventSchemas & typeof FundEventSchemas & typeof InstitutionEventSchemas & typeof ClassEventSchemas;

interface Link {
  step: Step;
  date: string;
  amountFen?: number | undefined;
  fundId?: string | undefined;
  paymentId?: string | undefined;
  /** Codes and references only; JSON.stringify keeps the key order written here, so rows are stable. */
  detail?: Record<string, unknown>;
}

/**
 * payment-trace: the chain fund → allocation → application → reviews → publicity →
 * approval (commitment) → payment instruction → bank confirmation or bounce → recovery.
 * Both sides of each money step are links: the fund's event (the money decided) and the
 * application's (its record of it), each with its own id and position.
 */
export const paymentTrace = defineProjection({
  name: 'payment-trace',
  // v2: links keyed by position (rowid) with an index by application, not clustered by application
  // v3: placement tables created from projections/shared/placement.sql (includes), not copied into the migration
  // v4: no stream or event type in the link rows (both follow from the step): narrower rows, a faster rebuild
  // v5: placement follows ClassOpeningApproved; a request alone places no one (pl_class.approved)
  version: 5,
  eventTypes: [...APPLICATION_EVENT_TYPES, ...FUND_EVENT_TYPES, ...PLACEMENT_EVENT_TYPES],
  migrationsDir: folderOf(import.meta.url),
  includes: [PLACEMENT_INCLUDE],
  // trace_link_by_application is not deferred (deferredIndexes): application ids grow with time,
  // so its entries land near its right edge, cheaper than the 0.7 CPU-s its CREATE INDEX takes
  // at 1 M events; measured both ways in processes of their own, deferring it was no faster.
  digest: [
    { table: 'trace_application', key: ['application_id'] },
    { table: 'trace_link', key: ['application_id', 'position'] },
    { table: 'trace_fund_link', key: ['fund_id', 'position'] },
    { table: 'trace_payment', key: ['payment_id'] },
    ...PLACEMENT_DIGEST,
  ],
  prepare(db) {
    const placement = preparePlacement(db);
    const insertApplication = db.prepare('INSERT INTO trace_application VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)');
    const committed = db.prepare('UPDATE trace_application SET fund_id = ?, committed_position = ? WHERE application_id = ?');
    const insertLink = db.prepare('INSERT INTO trace_link VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const insertFundLink = db.prepare('INSERT INTO trace_fund_link VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const insertPayment = db.prepare('INSERT INTO trace_payment VALUES (?, ?, ?)');

    const link = (applicationId: string, e: RecordedEvent, l: Link): void => {
      // The row does not keep them: the step must say them exactly (steps.ts).
      if (e.type !== STEP_EVENT_TYPES[l.step] || e.stream !== streamOfStep(l.step, applicationId, l.fundId ?? null)) {
        throw new Error(`a ${e.type} on ${e.stream} is not a ${l.step} link of application ${applicationId}`);
      }
      const { actor, occurredAt } = e.metadata;
      insertLink.run(
        e.position, applicationId, e.id, l.step, actor.id, actor.role, occurredAt, e.recordedAt, l.date,
        l.amountFen ?? null, l.fundId ?? null, l.paymentId ?? null, JSON.stringify(l.detail ?? {}),
      );
    };
    const onApp = (e: RecordedEvent, l: Link) => link(idOfStream('application', e.stream), e, l);
    const fundLink = (fundId: string, e: RecordedEvent, step: Step, date: string, amountFen: number | null, detail: Record<string, unknown>): void => {
      if (e.type !== STEP_EVENT_TYPES[step] || e.stream !== `fund-${fundId}`) throw new Error(`a ${e.type} on ${e.stream} is not a ${step} link of fund ${fundId}`);
      const { actor, occurredAt } = e.metadata;
      insertFundLink.run(fundId, e.position, e.id, step, actor.id, actor.role, occurredAt, e.recordedAt, date, amountFen, JSON.stringify(detail));
    };

    return byEventType<Schemas>({
      ...placement.handlers,
      ApplicationSubmitted: (d, e) => {
        const region = d.institutionId === null ? null : placement.institutionRegion(d.institutionId);
        insertApplication.run(d.applicationId, d.subsidyKind, d.personRef, d.institutionId, region, d.amountFen);
        link(d.applicationId, e, {
          step: 'submitted',
          date: d.submittedOn,
          amountFen: d.amountFen,
          detail: { subsidyKind: d.subsidyKind, applicant: d.applicant.kind, occupationCode: d.certificate.occupationCode, level: d.certificate.level, rule: d.amountBasis.rule, policySource: d.amountBasis.policySource },
        });
      },
      ApplicationInitialReviewPassed: (d, e) => onApp(e, { step: 'initial_review', date: d.reviewedOn, detail: { reviewerId: d.reviewerId, decision: 'approve' } }),
      ApplicationFinalReviewPassed: (d, e) => onApp(e, { step: 'final_review', date: d.reviewedOn, detail: { reviewerId: d.reviewerId, decision: 'approve' } }),
      ApplicationRejected: (d, e) => onApp(e, { step: 'rejected', date: d.rejectedOn, detail: { stage: d.stage, reasonCode: d.reasonCode, decidedBy: d.decidedBy } }),
      ApplicationPublicityStarted: (d, e) => onApp(e, { step: 'publicity', date: d.startOn, detail: { endOn: d.endOn, workingDays: d.workingDays } }),
      ApplicationObjectionRaised: (d, e) => onApp(e, { step: 'objection_raised', date: d.raisedOn, detail: { objectionId: d.objectionId, groundsCode: d.groundsCode } }),
      ApplicationObjectionResolved: (d, e) =>
        onApp(e, { step: 'objection_resolved', date: d.resolvedOn, detail: { objectionId: d.objectionId, outcome: d.outcome, reasonCode: d.reasonCode, resolvedBy: d.resolvedBy } }),
      ApplicationApprovedForPayment: (d, e) => onApp(e, { step: 'approval', date: d.approvedOn, amountFen: d.amountFen, fundId: d.fundId, detail: { approvedBy: d.approvedBy } }),
      ApplicationPaymentInstructed: (d, e) =>
        onApp(e, { step: 'instruction_recorded', date: d.instructedOn, amountFen: d.amountFen, fundId: d.fundId, paymentId: d.paymentId, detail: { payee: d.payee } }),
      ApplicationPaid: (d, e) => onApp(e, { step: 'paid', date: d.paidOn, amountFen: d.amountFen, paymentId: d.paymentId }),
      ApplicationPaymentBounced: (d, e) => onApp(e, { step: 'bounce_recorded', date: d.bouncedOn, paymentId: d.paymentId, detail: { reasonCode: d.reasonCode } }),
      ApplicationRecoveryRecorded: (d, e) =>
        onApp(e, {
          step: 'recovery_recorded',
          date: d.recoveredOn,
          amountFen: d.amountFen,
          paymentId: d.paymentId,
          detail: { recoveryId: d.recoveryId, totalRecoveredFen: d.totalRecoveredFen, full: d.full, findingId: d.findingId },
        }),
      ApplicationWithdrawn: (d, e) => onApp(e, { step: 'withdrawn', date: d.withdrawnOn, detail: { reasonCode: d.reasonCode, commitmentReleased: d.commitmentReleased } }),

      FundOpened: (d, e) => fundLink(d.fundId, e, 'fund_opened', d.openedOn, null, { source: d.source, year: d.year, regionCode: d.regionCode }),
      FundAllocationReceived: (d, e) => fundLink(d.fundId, e, 'allocation', d.receivedOn, d.amountFen, { allocationId: d.allocationId, documentRef: d.documentRef }),
      FundAdjusted: (d, e) => fundLink(d.fundId, e, 'adjustment', d.adjustedOn, d.amountFen, { adjustmentId: d.adjustmentId, reasonCode: d.reasonCode, documentRef: d.documentRef }),
      FundCommitted: (d, e) => {
        if (committed.run(d.fundId, e.position, d.applicationId).changes !== 1) throw new Error(`commitment for application ${d.applicationId}, never submitted`);
        link(d.applicationId, e, { step: 'commitment', date: d.committedOn, amountFen: d.amountFen, fundId: d.fundId, detail: { subsidyKind: d.subsidyKind } });
      },
      FundCommitmentReleased: (d, e) =>
        link(d.applicationId, e, { step: 'commitment_released', date: d.releasedOn, amountFen: d.amountFen, fundId: d.fundId, detail: { reasonCode: d.reasonCode } }),
      FundPaymentInstructed: (d, e) => {
        insertPayment.run(d.paymentId, d.applicationId, d.fundId);
        link(d.applicationId, e, { step: 'payment_instructed', date: d.instructedOn, amountFen: d.amountFen, fundId: d.fundId, paymentId: d.paymentId });
      },
      FundPaymentConfirmed: (d, e) =>
        link(d.applicationId, e, { step: 'bank_confirmed', date: d.confirmedOn, amountFen: d.amountFen, fundId: d.fundId, paymentId: d.paymentId, detail: { bankReference: d.bankReference } }),
      FundPaymentBounced: (d, e) =>
        link(d.applicationId, e, { step: 'bank_bounced', date: d.bouncedOn, amountFen: d.amountFen, fundId: d.fundId, paymentId: d.paymentId, detail: { reasonCode: d.reasonCode } }),
      FundRecoveryReceived: (d, e) =>
        link(d.applicationId, e, {
          step: 'recovery_received',
          date: d.recoveredOn,
          amountFen: d.amountFen,
          fundId: d.fundId,
          paymentId: d.paymentId,
          detail: { recoveryId: d.recoveryId, findingId: d.findingId, documentRef: d.documentRef },
        }),
    });
  },
});
