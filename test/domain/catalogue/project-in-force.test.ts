import t from 'tap';
import fc from 'fast-check';
import { catalogueDecider } from '../../../src/domain/catalogue/decider.ts';
import type { CatalogueCommand } from '../../../src/domain/catalogue/commands.ts';
import type { CatalogueEvent } from '../../../src/domain/catalogue/events.ts';
import { projectCovers, projectInForce } from '../../../src/domain/catalogue/project-in-force.ts';
import { fold, isRejection } from '../../../src/domain/decider.ts';
import { addDays } from '../../../src/domain/calendar/business-date.ts';

const events: CatalogueEvent[] = [
  {
    type: 'ProjectAdded',
    data: {
      projectId: 'p1', occupationCode: '6-31-01-03', occupationName: '电工', level: 'intermediate',
      standardHours: 120, rateFen: 150_000, effectiveFrom: '2025-01-01', source: 'doc A',
    },
  },
  {
    type: 'ProjectRevised',
    data: {
      projectId: 'p1', effectiveFrom: '2026-01-01', occupationName: '电工', standardHours: 140,
      rateFen: 160_000, source: 'doc B', reason: 'raised',
    },
  },
  { type: 'ProjectRetired', data: { projectId: 'p1', lastDay: '2026-06-30', source: 'doc C', reason: 'replaced' } },
];
const state = fold(catalogueDecider, events);

t.test('nothing is in force before the project starts (不进不补)', async (t) => {
  t.equal(projectInForce(state, '6-31-01-03', 'intermediate', '2024-12-31'), undefined);
});
t.test('the first terms apply until the revision', async (t) => {
  t.match(projectInForce(state, '6-31-01-03', 'intermediate', '2025-12-31'), { projectId: 'p1', rateFen: 150_000, standardHours: 120, termsFrom: '2025-01-01' });
});
t.test('the revised terms apply from their date', async (t) => {
  t.match(projectInForce(state, '6-31-01-03', 'intermediate', '2026-01-01'), { rateFen: 160_000, standardHours: 140, termsFrom: '2026-01-01' });
});
t.test('the last day is in force, the day after is not', async (t) => {
  t.ok(projectInForce(state, '6-31-01-03', 'intermediate', '2026-06-30'));
  t.equal(projectInForce(state, '6-31-01-03', 'intermediate', '2026-07-01'), undefined);
});
t.test('another level or occupation is not catalogued', async (t) => {
  t.equal(projectInForce(state, '6-31-01-03', 'junior', '2025-06-01'), undefined);
  t.equal(projectInForce(state, '4-03-02-01', 'intermediate', '2025-06-01'), undefined);
});

/** Random command sequences over 2 occupations × 2 levels and dates in 2025–2027. */
const day = fc.integer({ min: 0, max: 1000 }).map((n) => addDays('2025-01-01', n));
const ids = ['a', 'b', 'c', 'd', 'e'];
const occupation = fc.constantFrom('6-31-01-03', '4-03-02-01');
const level = fc.constantFrom('junior' as const, 'intermediate' as const);
const command: fc.Arbitrary<CatalogueCommand> = fc.oneof(
  fc.record({
    type: fc.constant('AddProject' as const), projectId: fc.constantFrom(...ids), occupationCode: occupation,
    occupationName: fc.constant('x'), level, standardHours: fc.integer({ min: 1, max: 200 }),
    rateFen: fc.integer({ min: 1, max: 500_000 }), effectiveFrom: day, effectiveTo: fc.option(day, { nil: undefined }), source: fc.constant('s'),
  }),
  fc.record({
    type: fc.constant('ReviseProject' as const), projectId: fc.constantFrom(...ids), effectiveFrom: day,
    occupationName: fc.constant('x'), standardHours: fc.integer({ min: 1, max: 200 }),
    rateFen: fc.integer({ min: 1, max: 500_000 }), source: fc.constant('s'), reason: fc.constant('r'),
  }),
  fc.record({ type: fc.constant('RetireProject' as const), projectId: fc.constantFrom(...ids), lastDay: day, source: fc.constant('s'), reason: fc.constant('r') }),
);

t.test('property: on any date at most one project covers an occupation and level, and its terms started by then', async (t) => {
  fc.assert(
    fc.property(fc.array(command, { maxLength: 40 }), fc.array(day, { minLength: 1, maxLength: 10 }), (commands, dates) => {
      let s = catalogueDecider.initialState();
      for (const c of commands) {
        const d = catalogueDecider.decide(c, s);
        if (!isRejection(d)) for (const e of d) s = catalogueDecider.evolve(s, e);
      }
      for (const date of dates) {
        for (const occ of ['6-31-01-03', '4-03-02-01']) {
          for (const lvl of ['junior', 'intermediate'] as const) {
            const covering = [...s.projects.values()].filter((p) => p.occupationCode === occ && p.level === lvl && projectCovers(p, date));
            if (covering.length > 1) return false;
            const found = projectInForce(s, occ, lvl, date);
            if ((found === undefined) !== (covering.length === 0)) return false;
            if (found && found.termsFrom > date) return false;
          }
        }
      }
      return true;
    }),
    { numRuns: 300 },
  );
});
