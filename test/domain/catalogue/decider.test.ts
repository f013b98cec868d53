import t from 'tap';
import { catalogueDecider } from '../../../src/domain/catalogue/decider.ts';
import type { CatalogueEvent } from '../../../src/domain/catalogue/events.ts';
import type { AddProject, ReviseProject, RetireProject } from '../../../src/domain/catalogue/commands.ts';
import { spec } from '../spec.ts';

const add: AddProject = {
  type: 'AddProject',
  projectId: 'p-electrician-4',
  occupationCode: '6-31-01-03',
  occupationName: '电工',
  level: 'intermediate',
  standardHours: 120,
  rateFen: 150_000,
  effectiveFrom: '2025-01-01',
  source: '赣人社字〔2024〕1号',
};
const { type: _a, ...addedData } = add;
const added: CatalogueEvent = { type: 'ProjectAdded', data: addedData };

const revise: ReviseProject = {
  type: 'ReviseProject',
  projectId: 'p-electrician-4',
  effectiveFrom: '2026-01-01',
  occupationName: '电工',
  standardHours: 140,
  rateFen: 160_000,
  source: '赣人社字〔2025〕9号',
  reason: 'hours and rate raised',
};
const { type: _r, ...revisedData } = revise;
const revised: CatalogueEvent = { type: 'ProjectRevised', data: revisedData };

const retire: RetireProject = {
  type: 'RetireProject',
  projectId: 'p-electrician-4',
  lastDay: '2026-06-30',
  source: '赣人社字〔2026〕3号',
  reason: 'replaced by the new standard',
};
const { type: _t, ...retiredData } = retire;
const retired: CatalogueEvent = { type: 'ProjectRetired', data: retiredData };

t.test('when the catalogue is empty', async (t) => {
  t.test('AddProject catalogues the project', async (t) => {
    spec(t, catalogueDecider).given([]).when(add).then([added]);
  });
  t.test('AddProject with an end date keeps it', async (t) => {
    const { type: _x, ...data } = { ...add, effectiveTo: '2025-12-31' };
    spec(t, catalogueDecider).given([]).when({ ...add, effectiveTo: '2025-12-31' }).then([{ type: 'ProjectAdded', data }]);
  });
  t.test('AddProject ending before it starts is refused', async (t) => {
    spec(t, catalogueDecider).given([]).when({ ...add, effectiveTo: '2024-12-31' }).thenRejects('catalogue.effective_to_before_from', 'effectiveTo');
  });
  t.test('ReviseProject of an unknown project is refused', async (t) => {
    spec(t, catalogueDecider).given([]).when(revise).thenRejects('catalogue.project_not_found', 'projectId');
  });
  t.test('RetireProject of an unknown project is refused', async (t) => {
    spec(t, catalogueDecider).given([]).when(retire).thenRejects('catalogue.project_not_found', 'projectId');
  });
});

t.test('when a project is catalogued', async (t) => {
  t.test('AddProject with the same id is refused', async (t) => {
    spec(t, catalogueDecider).given([added]).when({ ...add, occupationCode: '4-03-02-01' }).thenRejects('catalogue.project_exists', 'projectId');
  });
  t.test('a second project for the same occupation and level overlapping it is refused', async (t) => {
    spec(t, catalogueDecider)
      .given([added])
      .when({ ...add, projectId: 'p-other', effectiveFrom: '2030-01-01' })
      .thenRejects('catalogue.project_overlaps', 'effectiveFrom');
  });
  t.test('another level of the same occupation may be catalogued alongside', async (t) => {
    const c = { ...add, projectId: 'p-electrician-5', level: 'junior' as const };
    const { type: _x, ...data } = c;
    spec(t, catalogueDecider).given([added]).when(c).then([{ type: 'ProjectAdded', data }]);
  });
  t.test('ReviseProject adds terms from a later date', async (t) => {
    spec(t, catalogueDecider).given([added]).when(revise).then([revised]);
  });
  t.test('a revision starting on or before the terms in force is refused', async (t) => {
    spec(t, catalogueDecider)
      .given([added])
      .when({ ...revise, effectiveFrom: '2025-01-01' })
      .thenRejects('catalogue.revision_not_after_current', 'effectiveFrom');
  });
  t.test('a revision changing nothing is refused', async (t) => {
    spec(t, catalogueDecider)
      .given([added])
      .when({ ...revise, standardHours: add.standardHours, rateFen: add.rateFen })
      .thenRejects('catalogue.revision_changes_nothing');
  });
  t.test('RetireProject ends the project', async (t) => {
    spec(t, catalogueDecider).given([added]).when(retire).then([retired]);
  });
  t.test('retiring before the latest terms start is refused', async (t) => {
    spec(t, catalogueDecider)
      .given([added, revised])
      .when({ ...retire, lastDay: '2025-12-31' })
      .thenRejects('catalogue.retire_before_latest_terms', 'lastDay');
  });
});

t.test('when a project has an end date', async (t) => {
  const bounded: CatalogueEvent = { type: 'ProjectAdded', data: { ...addedData, effectiveTo: '2025-12-31' } };
  t.test('a revision after its last day is refused', async (t) => {
    spec(t, catalogueDecider).given([bounded]).when(revise).thenRejects('catalogue.revision_after_end', 'effectiveFrom');
  });
  t.test('retiring later than its end is refused', async (t) => {
    spec(t, catalogueDecider).given([bounded]).when(retire).thenRejects('catalogue.retire_extends_term', 'lastDay');
  });
  t.test('a successor for the same occupation and level may start the day after', async (t) => {
    const c = { ...add, projectId: 'p-successor', effectiveFrom: '2026-01-01' };
    const { type: _x, ...data } = c;
    spec(t, catalogueDecider).given([bounded]).when(c).then([{ type: 'ProjectAdded', data }]);
  });
});

t.test('when a project is retired', async (t) => {
  t.test('ReviseProject is refused', async (t) => {
    spec(t, catalogueDecider)
      .given([added, retired])
      .when({ ...revise, effectiveFrom: '2026-02-01' })
      .thenRejects('catalogue.project_retired', 'projectId');
  });
  t.test('RetireProject again is refused', async (t) => {
    spec(t, catalogueDecider).given([added, retired]).when(retire).thenRejects('catalogue.project_retired', 'projectId');
  });
  t.test('a new project for the same occupation and level may start after its last day', async (t) => {
    const c = { ...add, projectId: 'p-new', effectiveFrom: '2026-07-01' };
    const { type: _x, ...data } = c;
    spec(t, catalogueDecider).given([added, retired]).when(c).then([{ type: 'ProjectAdded', data }]);
  });
});
