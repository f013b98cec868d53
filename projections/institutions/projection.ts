import type { InstitutionEventSchemas } from '../../src/domain/institution/events.ts';
import type { LadderStep } from '../../src/domain/institution/sanctions-ladder.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { byEventType, defineProjection, folderOf } from '../../src/projections/definition.ts';
import { idOfStream } from '../shared/streams.ts';

export const INSTITUTION_EVENT_TYPES = [
  'InstitutionRegistered',
  'InstitutionListed',
  'InstitutionOccupationsChanged',
  'InstitutionCreditGradeChanged',
  'InstitutionInterviewed',
  'InstitutionRectificationNoticeIssued',
  'InstitutionSuspended',
  'InstitutionSuspensionLifted',
  'InstitutionDelisted',
  'InstitutionBlacklisted',
  'InstitutionRemovedFromBlacklist',
  'InstitutionLicenceRevoked',
] as const;

interface Step {
  step: LadderStep;
  on: string;
  reason: string;
  reference?: string | undefined;
  deadline?: string | undefined;
  until?: string | undefined;
}

/**
 * institutions: register entries, the timelines the domain folds (status, occupations,
 * grade; src/domain/institution/evolve.ts) as rows, and the sanctions history. The
 * status on a date is a query (queries.ts mirrors institutionStatusOn).
 */
export const institutions = defineProjection({
  name: 'institutions',
  version: 1,
  eventTypes: INSTITUTION_EVENT_TYPES,
  migrationsDir: folderOf(import.meta.url),
  digest: [
    { table: 'institution', key: ['credit_code'] },
    { table: 'institution_status', key: ['credit_code', 'position'] },
    { table: 'institution_occupations', key: ['credit_code', 'position'] },
    { table: 'institution_grade', key: ['credit_code', 'position'] },
    { table: 'institution_sanction', key: ['credit_code', 'position'] },
  ],
  prepare(db) {
    const register = db.prepare('INSERT INTO institution VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)');
    const touch = db.prepare('UPDATE institution SET sanctions = sanctions + ?, last_position = ? WHERE credit_code = ?');
    const regionOf = db.prepare('SELECT region_code FROM institution WHERE credit_code = ?').pluck();
    const status = db.prepare('INSERT INTO institution_status VALUES (?, ?, ?, ?, ?)');
    const occupations = db.prepare('INSERT INTO institution_occupations VALUES (?, ?, ?, ?)');
    const grade = db.prepare('INSERT INTO institution_grade VALUES (?, ?, ?, ?)');
    const sanction = db.prepare('INSERT INTO institution_sanction VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');

    /** The institution of the event; one never registered is an error, never skipped. */
    const registered = (e: RecordedEvent, sanctions: number): string => {
      const code = idOfStream('institution', e.stream);
      if (touch.run(sanctions, e.position, code).changes !== 1) throw new Error(`${e.type} for institution ${code}, never registered`);
      return code;
    };
    const segment = (e: RecordedEvent, from: string, to: string, until?: string) => {
      status.run(idOfStream('institution', e.stream), e.position, from, to, until ?? null);
    };
    const ladder = (e: RecordedEvent, s: Step) => {
      const code = registered(e, 1);
      const { actor } = e.metadata;
      sanction.run(code, e.position, e.id, s.step, s.on, s.reason, s.reference ?? null, s.deadline ?? null, s.until ?? null, regionOf.get(code) as string, actor.id, actor.role);
    };
    const sortedJson = (codes: readonly string[]) => JSON.stringify([...codes].sort());

    return byEventType<typeof InstitutionEventSchemas>({
      InstitutionRegistered: (d, e) => {
        register.run(d.creditCode, d.licenceNumber, d.name, d.address, d.nature, d.regionCode, d.registeredOn, e.position);
        status.run(d.creditCode, e.position, d.registeredOn, 'unlisted', null);
        occupations.run(d.creditCode, e.position, d.registeredOn, sortedJson(d.occupations));
        grade.run(d.creditCode, e.position, d.registeredOn, d.creditGrade);
      },
      InstitutionListed: (d, e) => {
        registered(e, 0);
        segment(e, d.listedOn, 'listed');
      },
      InstitutionOccupationsChanged: (d, e) => void occupations.run(registered(e, 0), e.position, d.effectiveOn, sortedJson(d.occupations)),
      InstitutionCreditGradeChanged: (d, e) => void grade.run(registered(e, 0), e.position, d.effectiveOn, d.creditGrade),
      InstitutionInterviewed: (d, e) => ladder(e, { step: 'interview', ...d }),
      InstitutionRectificationNoticeIssued: (d, e) => ladder(e, { step: 'rectificationNotice', ...d }),
      InstitutionSuspended: (d, e) => {
        ladder(e, { step: 'suspend', on: d.from, reason: d.reason, reference: d.reference, until: d.to });
        segment(e, d.from, 'suspended', d.to);
      },
      InstitutionSuspensionLifted: (d, e) => {
        ladder(e, { step: 'liftSuspension', ...d });
        segment(e, d.on, 'listed');
      },
      InstitutionDelisted: (d, e) => {
        ladder(e, { step: 'delist', ...d });
        segment(e, d.on, 'delisted');
      },
      InstitutionBlacklisted: (d, e) => {
        ladder(e, { step: 'blacklist', on: d.from, reason: d.reason, reference: d.reference, until: d.until });
        segment(e, d.from, 'blacklisted', d.until);
      },
      InstitutionRemovedFromBlacklist: (d, e) => {
        ladder(e, { step: 'removeFromBlacklist', ...d });
        segment(e, d.on, 'delisted');
      },
      InstitutionLicenceRevoked: (d, e) => {
        ladder(e, { step: 'revokeLicence', ...d });
        segment(e, d.on, 'revoked');
      },
    });
  },
});
