import type { CatalogueEventSchemas } from '../../src/domain/catalogue/events.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { byEventType, defineProjection, folderOf } from '../../src/projections/definition.ts';
import { idOfStream } from '../shared/streams.ts';

/** catalogue: every catalogued project of every catalogue, with all versions of its terms. */
export const catalogue = defineProjection({
  name: 'catalogue',
  version: 1,
  eventTypes: ['ProjectAdded', 'ProjectRevised', 'ProjectRetired'],
  migrationsDir: folderOf(import.meta.url),
  digest: [
    { table: 'project', key: ['catalogue_id', 'project_id'] },
    { table: 'project_terms', key: ['catalogue_id', 'project_id', 'position'] },
  ],
  prepare(db) {
    const add = db.prepare('INSERT INTO project VALUES (?, ?, ?, ?, ?, ?, 0, NULL, ?, ?)');
    const terms = db.prepare('INSERT INTO project_terms VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const touch = db.prepare('UPDATE project SET last_position = ? WHERE catalogue_id = ? AND project_id = ?');
    const retire = db.prepare('UPDATE project SET last_day = ?, retired = 1, retired_reason = ?, last_position = ? WHERE catalogue_id = ? AND project_id = ?');
    const existing = (e: RecordedEvent, projectId: string, changes: number): void => {
      if (changes !== 1) throw new Error(`${e.type} of project ${projectId} in ${e.stream}, never added`);
    };
    return byEventType<typeof CatalogueEventSchemas>({
      ProjectAdded: (d, e) => {
        const id = idOfStream('catalogue', e.stream);
        add.run(id, d.projectId, d.occupationCode, d.level, d.effectiveFrom, d.effectiveTo ?? null, d.source, e.position);
        terms.run(id, d.projectId, e.position, d.effectiveFrom, d.occupationName, d.standardHours, d.rateFen, d.source, null);
      },
      ProjectRevised: (d, e) => {
        const id = idOfStream('catalogue', e.stream);
        existing(e, d.projectId, touch.run(e.position, id, d.projectId).changes);
        terms.run(id, d.projectId, e.position, d.effectiveFrom, d.occupationName, d.standardHours, d.rateFen, d.source, d.reason);
      },
      ProjectRetired: (d, e) => existing(e, d.projectId, retire.run(d.lastDay, d.reason, e.position, idOfStream('catalogue', e.stream), d.projectId).changes),
    });
  },
});
