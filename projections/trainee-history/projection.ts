import type { ApplicationEventSchemas } from '../../src/domain/application/events.ts';
import type { ClassEventSchemas } from '../../src/domain/class/events.ts';
import type { EntitlementEventSchemas } from '../../src/domain/entitlement/events.ts';
import type { InstitutionEventSchemas } from '../../src/domain/institution/events.ts';
import { byEventType, defineProjection, folderOf } from '../../src/projections/definition.ts';
import { PLACEMENT_DIGEST, PLACEMENT_EVENT_TYPES, PLACEMENT_INCLUDE, preparePlacement } from '../shared/placement.ts';
import { idOfStream } from '../shared/streams.ts';

type Schemas = typeof EntitlementEventSchemas & typeof ApplicationEventSchemas & typeof InstitutionEventSchemas & typeof ClassEventSchemas;

/**
 * trainee-history: each person's claims as the entitlement stream records them. The
 * application's amount and recoveries are joined in by application id; the claim is
 * reserved before the application is submitted (the saga's order), so the row exists.
 */
export const traineeHistory = defineProjection({
  name: 'trainee-history',
  // v2: placement tables created from projections/shared/placement.sql (includes), not copied into the migration
  // v3: placement follows ClassOpeningApproved; a request alone places no one (pl_class.approved)
  version: 3,
  eventTypes: ['EntitlementClaimReserved', 'EntitlementClaimReleased', 'EntitlementClaimPaid', 'ApplicationSubmitted', 'ApplicationRecoveryRecorded', ...PLACEMENT_EVENT_TYPES],
  migrationsDir: folderOf(import.meta.url),
  includes: [PLACEMENT_INCLUDE],
  digest: [{ table: 'claim', key: ['person_ref', 'application_id'] }, ...PLACEMENT_DIGEST],
  prepare(db) {
    const placement = preparePlacement(db);
    const reserve = db.prepare(`INSERT INTO claim VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'reserved', NULL, NULL, NULL, NULL, NULL, 0, ?)`);
    const release = db.prepare(`UPDATE claim SET status = 'released', released_on = ?, release_reason = ?, last_position = ? WHERE person_ref = ? AND application_id = ?`);
    const paid = db.prepare(`UPDATE claim SET status = 'paid', paid_on = ?, payment_id = ?, last_position = ? WHERE person_ref = ? AND application_id = ?`);
    const amount = db.prepare('UPDATE claim SET amount_fen = ?, last_position = ? WHERE application_id = ?');
    const recovered = db.prepare('UPDATE claim SET recovered_fen = recovered_fen + ?, last_position = ? WHERE application_id = ?');
    const must = (changes: number, what: string) => {
      if (changes !== 1) throw new Error(`${what}: no such claim`);
    };
    return byEventType<Schemas>({
      ...placement.handlers,
      EntitlementClaimReserved: (d, e) =>
        void reserve.run(d.personRef, d.applicationId, d.subsidyKind, d.occupationCode, d.level, d.certificateSerial, d.year, d.shortageOccupation ? 1 : 0, d.reservedOn, e.position),
      EntitlementClaimReleased: (d, e) => must(release.run(d.releasedOn, d.reasonCode, e.position, d.personRef, d.applicationId).changes, `release of ${d.applicationId}`),
      EntitlementClaimPaid: (d, e) => must(paid.run(d.paidOn, d.paymentId, e.position, d.personRef, d.applicationId).changes, `payment of ${d.applicationId}`),
      ApplicationSubmitted: (d, e) => must(amount.run(d.amountFen, e.position, d.applicationId).changes, `submission of ${d.applicationId}`),
      ApplicationRecoveryRecorded: (d, e) => {
        const id = idOfStream('application', e.stream);
        must(recovered.run(d.amountFen, e.position, id).changes, `recovery of ${id}`);
      },
    });
  },
});
