import type { FindingEventSchemas } from '../../src/domain/finding/events.ts';
import type { FundEventSchemas } from '../../src/domain/fund/events.ts';
import type { InspectionEventSchemas } from '../../src/domain/inspection/events.ts';
import type { InstitutionEventSchemas } from '../../src/domain/institution/events.ts';
import type { RecoveryOrderEventSchemas } from '../../src/domain/recovery-order/events.ts';
import { byEventType, defineProjection, folderOf } from '../../src/projections/definition.ts';
import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';

/**
 * problem-ledger: the 问题台账, what rectification tracking counts (tracking.ts) and the
 * public disclosure of inspection results (disclosure.ts).
 * Finding events carry no finding id in their data after the first (the stream names the
 * finding), so the id is read from `finding-{id}`; likewise `recovery-{orderId}`.
 */

type Schemas = typeof FindingEventSchemas &
  Pick<typeof InspectionEventSchemas, 'InspectionOpened' | 'InspectionCompleted' | 'InspectionResultsPublished'> &
  Pick<typeof RecoveryOrderEventSchemas, 'RecoveryOrderIssued' | 'RecoveryOrderWithdrawn'> & Pick<typeof FundEventSchemas, 'FundRecoveryReceived'> & Pick<typeof InstitutionEventSchemas, 'InstitutionRegistered'>;

const EVENT_TYPES = [
  'FindingRaised',
  'FindingRectificationSubmitted',
  'FindingRectificationRejected',
  'FindingRectificationVerified',
  'FindingClosed',
  'FindingDeadlineExtended',
  'FindingWithdrawn',
  'FindingSanctionRecorded',
  'RecoveryOrderIssued',
  'RecoveryOrderWithdrawn',
  'FundRecoveryReceived',
  'InstitutionRegistered',
  'InspectionOpened',
  'InspectionCompleted',
  'InspectionResultsPublished',
] as const;

/** The id in a stream named `{category}-{id}`; a stream of another category is a bug upstream. */
export function idOfStream(stream: string, category: string): string {
  const prefix = `${category}-`;
  if (!stream.startsWith(prefix) || stream.length === prefix.length) throw new Error(`expected a ${category}- stream, got one of category ${stream.split('-')[0] ?? ''}`);
  return stream.slice(prefix.length);
}

function statements(db: SqliteDatabase) {
  const set = (columns: string) => db.prepare(`UPDATE ledger_finding SET ${columns} WHERE finding_id = @id`);
  return {
    insert: db.prepare(`INSERT INTO ledger_finding (
        finding_id, number, inspection_id, category, description, institution_id, region_code, class_ids, application_ids, payment_ids,
        amount_involved_fen, responsible_unit, responsible_person_masked, responsible_person_ref, responsible_person_role, measures_required,
        raised_by, raised_on, notice_on, deadline_working_days, deadline_on, extension_count, status, submission_count, rejection_count, sanction_count)
      VALUES (@findingId, @number, @inspectionId, @category, @description, @institutionId, @regionCode, @classIds, @applicationIds, @paymentIds,
        @amountInvolvedFen, @responsibleUnit, @personMasked, @personRef, @personRole, @measuresRequired,
        @raisedBy, @raisedOn, @noticeOn, @deadlineWorkingDays, @deadlineOn, 0, 'open', 0, 0, 0)`),
    submitted: set(`status = 'rectification_submitted', submission_count = submission_count + 1, last_submitted_on = @on, last_submitted_on_time = @onTime, measures_taken = @measures`),
    rejected: set(`status = 'open', rejection_count = rejection_count + 1, last_rejection_reasons = @reasons`),
    verified: set(`status = 'verified', verification_conclusion = @conclusion, verified_by = @by, verified_on = @on`),
    closed: set(`status = 'closed', closed_by = @by, closed_on = @on`),
    extended: set(`deadline_on = @deadlineOn, extension_count = extension_count + 1`),
    withdrawn: set(`status = 'withdrawn', withdrawn_on = @on, withdrawal_reason = @reason`),
    sanctioned: set(`sanction_count = sanction_count + 1, last_sanction_step = @step`),
    orderIssued: db.prepare(`INSERT INTO ledger_recovery_order VALUES (@orderId, @findingId, @orderedFen, 'issued', @issuedOn)`),
    orderWithdrawn: db.prepare(`UPDATE ledger_recovery_order SET status = 'withdrawn' WHERE order_id = ?`),
    recovered: db.prepare(`INSERT INTO ledger_finding_recovery VALUES (@findingId, @amountFen, 1, @on)
      ON CONFLICT (finding_id) DO UPDATE SET recovered_fen = recovered_fen + excluded.recovered_fen,
        recovery_count = recovery_count + 1, last_recovered_on = max(last_recovered_on, excluded.last_recovered_on)`),
    inspectionOpened: db.prepare(`INSERT INTO disclosure_inspection (inspection_id, basis_kind, institution_id, region_code, matter_codes, started_on)
      VALUES (@inspectionId, @basisKind, @institutionId, @regionCode, @matterCodes, @startedOn)`),
    inspectionCompleted: db.prepare(`UPDATE disclosure_inspection SET ended_on = @endedOn, publication_due_on = @dueOn, subjects_with_findings = @subjects WHERE inspection_id = @id`),
    inspectionPublished: db.prepare(`UPDATE disclosure_inspection SET published_on = @on, publication_ref = @ref, published_on_time = @onTime WHERE inspection_id = @id`),
    institution: db.prepare(`INSERT INTO ledger_institution VALUES (?, ?, ?)
      ON CONFLICT (institution_id) DO UPDATE SET name = excluded.name, region_code = excluded.region_code`),
  };
}

export const problemLedger = defineProjection({
  name: 'problem-ledger',
  version: 1,
  eventTypes: EVENT_TYPES,
  migrationsDir: folderOf(import.meta.url),
  digest: [
    { table: 'ledger_finding', key: ['finding_id'] },
    { table: 'ledger_recovery_order', key: ['order_id'] },
    { table: 'ledger_finding_recovery', key: ['finding_id'] },
    { table: 'ledger_institution', key: ['institution_id'] },
    { table: 'disclosure_inspection', key: ['inspection_id'] },
  ],
  prepare(db) {
    const q = statements(db);
    const finding = (stream: string) => idOfStream(stream, 'finding');
    return byEventType<Schemas>({
      FindingRaised: (d) =>
        q.insert.run({
          findingId: d.findingId, number: d.number, inspectionId: d.inspectionId, category: d.category, description: d.description,
          institutionId: d.institutionId, regionCode: d.regionCode,
          classIds: JSON.stringify(d.classIds), applicationIds: JSON.stringify(d.applicationIds), paymentIds: JSON.stringify(d.paymentIds),
          amountInvolvedFen: d.amountInvolvedFen, responsibleUnit: d.responsibleUnit,
          personMasked: d.responsiblePerson?.maskedName ?? null, personRef: d.responsiblePerson?.personRef ?? null, personRole: d.responsiblePerson?.role ?? null,
          measuresRequired: d.measuresRequired, raisedBy: d.raisedBy, raisedOn: d.raisedOn, noticeOn: d.noticeOn,
          deadlineWorkingDays: d.deadlineWorkingDays, deadlineOn: d.deadlineOn,
        }),
      FindingRectificationSubmitted: (d, e) => q.submitted.run({ id: finding(e.stream), on: d.submittedOn, onTime: d.onTime ? 1 : 0, measures: d.measuresTaken }),
      FindingRectificationRejected: (d, e) => q.rejected.run({ id: finding(e.stream), reasons: d.reasons }),
      FindingRectificationVerified: (d, e) => q.verified.run({ id: finding(e.stream), conclusion: d.conclusion, by: d.verifierId, on: d.verifiedOn }),
      FindingClosed: (d, e) => q.closed.run({ id: finding(e.stream), by: d.closedBy, on: d.closedOn }),
      FindingDeadlineExtended: (d, e) => q.extended.run({ id: finding(e.stream), deadlineOn: d.deadlineOn }),
      FindingWithdrawn: (d, e) => q.withdrawn.run({ id: finding(e.stream), on: d.withdrawnOn, reason: d.reason }),
      FindingSanctionRecorded: (d, e) => q.sanctioned.run({ id: finding(e.stream), step: d.step }),
      RecoveryOrderIssued: (d) => q.orderIssued.run({ orderId: d.orderId, findingId: d.findingId, orderedFen: d.totalFen, issuedOn: d.issuedOn }),
      RecoveryOrderWithdrawn: (_d, e) => q.orderWithdrawn.run(idOfStream(e.stream, 'recovery')),
      FundRecoveryReceived: (d) => {
        if (d.findingId !== null) q.recovered.run({ findingId: d.findingId, amountFen: d.amountFen, on: d.recoveredOn });
      },
      InstitutionRegistered: (d) => q.institution.run(d.creditCode, d.name, d.regionCode),
      InspectionOpened: (d) =>
        q.inspectionOpened.run({ inspectionId: d.inspectionId, basisKind: d.basis.kind, institutionId: d.institutionId, regionCode: d.regionCode, matterCodes: JSON.stringify(d.matterCodes), startedOn: d.startedOn }),
      InspectionCompleted: (d, e) => q.inspectionCompleted.run({ id: idOfStream(e.stream, 'inspection'), endedOn: d.endedOn, dueOn: d.publicationDueOn, subjects: d.subjectsWithFindings }),
      InspectionResultsPublished: (d, e) => q.inspectionPublished.run({ id: idOfStream(e.stream, 'inspection'), on: d.publishedOn, ref: d.publicationRef, onTime: d.onTime ? 1 : 0 }),
    });
  },
});
