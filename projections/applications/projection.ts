import type { ApplicationEventSchemas } from '../../src/domain/application/events.ts';
import type { ClassEventSchemas } from '../../src/domain/class/events.ts';
import type { InstitutionEventSchemas } from '../../src/domain/institution/events.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import type { Statement } from 'better-sqlite3';
import { byEventType, defineProjection, folderOf } from '../../src/projections/definition.ts';
import { APPLICATION_EVENT_TYPES } from '../payment-trace/projection.ts';
import { PLACEMENT_DIGEST, PLACEMENT_EVENT_TYPES, PLACEMENT_INCLUDE, preparePlacement } from '../shared/placement.ts';
import { idOfStream } from '../shared/streams.ts';

type Schemas = typeof ApplicationEventSchemas & typeof InstitutionEventSchemas & typeof ClassEventSchemas;

/**
 * applications: one row per application with the status its aggregate would fold, for
 * lists by status, institution, region and period (keyset-paged in queries.ts).
 */
export const applications = defineProjection({
  name: 'applications',
  // v2: placement tables created from projections/shared/placement.sql (includes), not copied into the migration
  // v3: placement follows ClassOpeningApproved; a request alone places no one (pl_class.approved)
  version: 3,
  eventTypes: [...APPLICATION_EVENT_TYPES, ...PLACEMENT_EVENT_TYPES],
  migrationsDir: folderOf(import.meta.url),
  includes: [PLACEMENT_INCLUDE],
  // apply finds an application by its key; these serve the list queries, and every status
  // change would otherwise move its entry in two of them.
  deferredIndexes: ['application_by_date', 'application_by_status', 'application_by_institution', 'application_by_region', 'application_by_person'],
  digest: [{ table: 'application', key: ['application_id'] }, ...PLACEMENT_DIGEST],
  prepare(db) {
    const placement = preparePlacement(db);
    const insert = db.prepare(`INSERT INTO application VALUES (
      ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, 0, 0, 0, ?)`);
    const where = 'last_position = ? WHERE application_id = ?';
    const sql = {
      status: db.prepare(`UPDATE application SET status = ?, status_since_on = ?, ${where}`),
      initial: db.prepare(`UPDATE application SET status = 'initial_review_passed', status_since_on = ?, initial_reviewer_id = ?, ${where}`),
      final: db.prepare(`UPDATE application SET status = 'final_review_passed', status_since_on = ?, final_reviewer_id = ?, ${where}`),
      rejected: db.prepare(`UPDATE application SET status = 'rejected', status_since_on = ?, rejection_stage = ?, reason_code = ?, ${where}`),
      publicity: db.prepare(`UPDATE application SET status = 'in_publicity', status_since_on = ?, publicity_start_on = ?, publicity_end_on = ?, ${where}`),
      objection: db.prepare(`UPDATE application SET objections_open = objections_open + ?, objections_raised = objections_raised + ?, ${where}`),
      approved: db.prepare(`UPDATE application SET status = 'approved', status_since_on = ?, fund_id = ?, ${where}`),
      instructed: db.prepare(`UPDATE application SET status = 'payment_instructed', status_since_on = ?, payments = payments + 1, ${where}`),
      paid: db.prepare(`UPDATE application SET status = 'paid', status_since_on = ?, paid_fen = paid_fen + ?, ${where}`),
      recovered: db.prepare(`UPDATE application SET recovered_fen = recovered_fen + ?, ${where}`),
      withdrawn: db.prepare(`UPDATE application SET status = 'withdrawn', status_since_on = ?, reason_code = ?, ${where}`),
    };
    /** Runs an update of the event's application; an application never submitted is an error, never skipped. */
    const on = (statement: Statement, e: RecordedEvent, ...values: (string | number | null)[]): void => {
      const id = idOfStream('application', e.stream);
      if (statement.run(...values, e.position, id).changes !== 1) throw new Error(`${e.type} for application ${id}, never submitted`);
    };
    return byEventType<Schemas>({
      ...placement.handlers,
      ApplicationSubmitted: (d, e) => {
        const region = d.institutionId === null ? null : placement.institutionRegion(d.institutionId);
        const c = d.certificate;
        insert.run(
          d.applicationId, d.subsidyKind, d.applicant.kind, d.personRef, d.institutionId, d.classId, d.projectId, c.occupationCode, c.level,
          d.quotaYear, d.amountFen, d.submittedOn, region, d.submittedOn, e.position,
        );
      },
      ApplicationInitialReviewPassed: (d, e) => on(sql.initial, e, d.reviewedOn, d.reviewerId),
      ApplicationFinalReviewPassed: (d, e) => on(sql.final, e, d.reviewedOn, d.reviewerId),
      ApplicationRejected: (d, e) => on(sql.rejected, e, d.rejectedOn, d.stage, d.reasonCode),
      ApplicationPublicityStarted: (d, e) => on(sql.publicity, e, d.startOn, d.startOn, d.endOn),
      ApplicationObjectionRaised: (_d, e) => on(sql.objection, e, 1, 1),
      ApplicationObjectionResolved: (_d, e) => on(sql.objection, e, -1, 0),
      ApplicationApprovedForPayment: (d, e) => on(sql.approved, e, d.approvedOn, d.fundId),
      ApplicationPaymentInstructed: (d, e) => on(sql.instructed, e, d.instructedOn),
      ApplicationPaid: (d, e) => on(sql.paid, e, d.paidOn, d.amountFen),
      ApplicationPaymentBounced: (d, e) => on(sql.status, e, 'bounced', d.bouncedOn),
      ApplicationRecoveryRecorded: (d, e) => on(sql.recovered, e, d.amountFen),
      ApplicationWithdrawn: (d, e) => on(sql.withdrawn, e, d.withdrawnOn, d.reasonCode),
    });
  },
});
