import type { ApplicationEventSchemas } from '../../src/domain/application/events.ts';
import type { CatalogueEventSchemas } from '../../src/domain/catalogue/events.ts';
import type { InstitutionEventSchemas } from '../../src/domain/institution/events.ts';
import type { TraineeEventSchemas } from '../../src/domain/trainee/events.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { byEventType, defineProjection, folderOf } from '../../src/projections/definition.ts';
import { idOfStream } from '../shared/streams.ts';

type Schemas = typeof ApplicationEventSchemas & typeof TraineeEventSchemas & typeof InstitutionEventSchemas & typeof CatalogueEventSchemas;

/**
 * publicity: every application with its publicity period once one starts, and what the
 * public list shows of it (masked name from the trainee's record, institution name,
 * occupation name from the catalogue). Rejected or withdrawn applications leave the list.
 */
export const publicity = defineProjection({
  name: 'publicity',
  version: 1,
  eventTypes: [
    'ApplicationSubmitted',
    'ApplicationPublicityStarted',
    'ApplicationObjectionRaised',
    'ApplicationObjectionResolved',
    'ApplicationRejected',
    'ApplicationWithdrawn',
    'TraineeRegistered',
    'InstitutionRegistered',
    'ProjectAdded',
    'ProjectRevised',
  ],
  migrationsDir: folderOf(import.meta.url),
  digest: [
    { table: 'pub_application', key: ['application_id'] },
    { table: 'pub_trainee', key: ['person_ref'] },
    { table: 'pub_institution', key: ['institution_id'] },
    { table: 'pub_occupation', key: ['occupation_code'] },
    { table: 'pub_project', key: ['catalogue_id', 'project_id'] },
  ],
  prepare(db) {
    const submit = db.prepare('INSERT INTO pub_application VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, 0, 0, ?)');
    const start = db.prepare('UPDATE pub_application SET start_on = ?, end_on = ?, working_days = ?, last_position = ? WHERE application_id = ?');
    const objection = db.prepare('UPDATE pub_application SET objections_open = objections_open + ?, last_position = ? WHERE application_id = ?');
    const withdraw = db.prepare('UPDATE pub_application SET withdrawn = 1, last_position = ? WHERE application_id = ?');
    const trainee = db.prepare('INSERT INTO pub_trainee VALUES (?, ?)');
    const institution = db.prepare('INSERT INTO pub_institution VALUES (?, ?, ?)');
    const regionOf = db.prepare('SELECT region_code FROM pub_institution WHERE institution_id = ?').pluck();
    const occupation = db.prepare('INSERT INTO pub_occupation VALUES (?, ?) ON CONFLICT (occupation_code) DO UPDATE SET occupation_name = excluded.occupation_name');
    const project = db.prepare('INSERT INTO pub_project VALUES (?, ?, ?)');
    const occupationOf = db.prepare('SELECT occupation_code FROM pub_project WHERE catalogue_id = ? AND project_id = ?').pluck();

    const on = (e: RecordedEvent, changes: number) => {
      if (changes !== 1) throw new Error(`${e.type} on ${e.stream}: application never submitted`);
    };
    const app = (e: RecordedEvent) => idOfStream('application', e.stream);
    return byEventType<Schemas>({
      ApplicationSubmitted: (d, e) => {
        const region = d.institutionId === null ? null : ((regionOf.get(d.institutionId) as string | undefined) ?? d.institutionId.slice(2, 8));
        submit.run(d.applicationId, d.personRef, d.subsidyKind, d.certificate.occupationCode, d.certificate.level, d.amountFen, d.institutionId, region, e.position);
      },
      ApplicationPublicityStarted: (d, e) => on(e, start.run(d.startOn, d.endOn, d.workingDays, e.position, app(e)).changes),
      ApplicationObjectionRaised: (_d, e) => on(e, objection.run(1, e.position, app(e)).changes),
      ApplicationObjectionResolved: (_d, e) => on(e, objection.run(-1, e.position, app(e)).changes),
      ApplicationRejected: (_d, e) => on(e, withdraw.run(e.position, app(e)).changes),
      ApplicationWithdrawn: (_d, e) => on(e, withdraw.run(e.position, app(e)).changes),
      TraineeRegistered: (d) => void trainee.run(d.personRef, d.maskedName),
      InstitutionRegistered: (d) => void institution.run(d.creditCode, d.name, d.regionCode),
      ProjectAdded: (d, e) => {
        project.run(idOfStream('catalogue', e.stream), d.projectId, d.occupationCode);
        occupation.run(d.occupationCode, d.occupationName);
      },
      ProjectRevised: (d, e) => {
        const code = occupationOf.get(idOfStream('catalogue', e.stream), d.projectId) as string | undefined;
        if (code === undefined) throw new Error(`${e.type} on ${e.stream}: project ${d.projectId} never added`);
        occupation.run(code, d.occupationName);
      },
    });
  },
});
